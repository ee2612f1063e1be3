using System.Text.Json.Serialization;

namespace PmoPath.Framework;

/// <summary>A kind of PMO: project office, programme office, portfolio office, enterprise PMO, centre of excellence.</summary>
public sealed class PmoType
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";

    [JsonIgnore]
    public int Position { get; set; }
}
