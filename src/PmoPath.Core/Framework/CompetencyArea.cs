using System.Text.Json.Serialization;

namespace PmoPath.Framework;

/// <summary>
/// A competency area, such as benefits management, with the proficiency each career level expects.
/// Proficiency runs from 0 (none) to 4 (expert), the same scale practitioners rate themselves on.
/// </summary>
public sealed class CompetencyArea
{
    public const int MinProficiency = 0;
    public const int MaxProficiency = 4;

    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";

    /// <summary>Expected proficiency at levels 1, 2, 3 and 4, in that order.</summary>
    public List<int> Expected { get; set; } = [];

    [JsonIgnore]
    public int Position { get; set; }

    /// <summary>The proficiency expected of someone working at <paramref name="level"/>.</summary>
    public int ExpectedAt(int level) => Expected[level - 1];

    public static readonly IReadOnlyList<string> ProficiencyNames = ["None", "Aware", "Practising", "Skilled", "Expert"];
}
