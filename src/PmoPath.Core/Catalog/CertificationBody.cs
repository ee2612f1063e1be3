using System.Text.Json.Serialization;

namespace PmoPath.Catalog;

/// <summary>An organisation that certifies PMO practitioners, such as AXELOS or AIPMO.</summary>
public sealed class CertificationBody
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string ShortName { get; set; } = "";
    public string Description { get; set; } = "";

    /// <summary>Who sets and marks the exams, where that is another organisation.</summary>
    public string? ExaminedBy { get; set; }

    /// <summary>Who owns the body's qualifications, where that is another organisation (PeopleCert owns AXELOS's).</summary>
    public string? OwnedBy { get; set; }

    /// <summary>Where the body's facts were checked.</summary>
    public List<Source> Sources { get; set; } = [];

    [JsonIgnore]
    public int Position { get; set; }
}
