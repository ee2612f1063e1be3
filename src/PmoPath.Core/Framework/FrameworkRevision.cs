namespace PmoPath.Framework;

/// <summary>A record of one import of the framework: when, from where, by whom. The newest id is the revision.</summary>
public sealed class FrameworkRevision
{
    public long Id { get; set; }
    public DateTime ImportedAtUtc { get; set; }
    public string Source { get; set; } = "";
    public string ImportedBy { get; set; } = "";
    public int CourseCount { get; set; }
}
