using PmoPath.Advice;
using PmoPath.Catalog;
using PmoPath.Framework;

namespace PmoPath.Exchange;

/// <summary>
/// The whole career framework and catalogue as one file: what ships in <c>data/framework.json</c>,
/// what <c>pmopath framework export</c> writes and <c>import</c> reads. The entity types are the
/// document's types, so the file and the database cannot drift apart.
/// </summary>
public sealed class FrameworkDocument
{
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; set; } = CurrentFormatVersion;
    public List<CareerLevel> Levels { get; set; } = [];
    public List<PmoType> PmoTypes { get; set; } = [];
    public List<CompetencyArea> Competencies { get; set; } = [];
    public List<CertificationBody> Bodies { get; set; } = [];
    public List<Course> Courses { get; set; } = [];
    public AdvicePolicy Advice { get; set; } = new();
}
