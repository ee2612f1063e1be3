using System.Text.Json.Serialization;

namespace PmoPath.Framework;

/// <summary>
/// One of the four PMO career levels. Levels are not tied to a PMO type: a practitioner at
/// level 2 may work in a project office or an enterprise PMO alike.
/// </summary>
public sealed class CareerLevel
{
    public const int Lowest = 1;
    public const int Highest = 4;

    /// <summary>1 to 4; the key, used in URLs, the API and imports.</summary>
    public int Number { get; set; }

    public string Name { get; set; } = "";

    /// <summary>Who the level is for, in a sentence.</summary>
    public string Summary { get; set; } = "";

    /// <summary>What PMO work at this level concentrates on.</summary>
    public string Focus { get; set; } = "";

    /// <summary>The knowledge the level asks for, one item a line.</summary>
    public List<string> Knowledge { get; set; } = [];

    /// <summary>Typical job titles at this level.</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>Codes of the PMO types where the level is most often found.</summary>
    public List<string> PmoTypes { get; set; } = [];

    [JsonIgnore]
    public int Position { get; set; }

    public static bool IsValid(int number) => number is >= Lowest and <= Highest;
}
