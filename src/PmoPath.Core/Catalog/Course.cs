using System.Text.Json.Serialization;

namespace PmoPath.Catalog;

public enum CourseKind
{
    /// <summary>Ends in an exam and a certificate from a certification body; 3 to 5 days.</summary>
    Certification,

    /// <summary>A short, non-certified course for a specific skill gap; 1 to 2 days.</summary>
    Specialist,
}

public enum DeliveryFormat
{
    Classroom,
    Virtual,
    Residential,
    InHouse,
    PublicSchedule,
}

/// <summary>
/// A course in the catalogue: a certification course of a body, or a specialist course.
/// Its code is a stable slug used in URLs, the API, imports and exports.
/// </summary>
public sealed class Course
{
    public string Code { get; set; } = "";
    public string Title { get; set; } = "";
    public CourseKind Kind { get; set; }

    /// <summary>The certification body's code; null for a specialist course.</summary>
    public string? Body { get; set; }

    /// <summary>
    /// Certificates of one suite share a renew-by date: passing any exam of the suite renews
    /// them all (as AXELOS/PeopleCert do for P3O and MoP).
    /// </summary>
    public string? Suite { get; set; }

    /// <summary>The career levels the course serves.</summary>
    public List<int> Levels { get; set; } = [];

    /// <summary>The levels for which this is a core certification: where a practitioner at that level should start.</summary>
    public List<int> CoreAtLevels { get; set; } = [];

    public decimal DurationDays { get; set; }
    public List<DeliveryFormat> Delivery { get; set; } = [];
    public Assessment? Assessment { get; set; }
    public List<Prerequisite> Prerequisites { get; set; } = [];
    public RenewalRule? Renewal { get; set; }

    /// <summary>A retired course is kept so that records of it stay valid, but never offered.</summary>
    public bool Retired { get; set; }

    /// <summary>The course that replaced this one; holding this one counts as holding the successor for prerequisites.</summary>
    public string? Successor { get; set; }

    /// <summary>Codes of the competency areas the course develops.</summary>
    public List<string> Competencies { get; set; } = [];

    /// <summary>What the course is, in our own words.</summary>
    public string Description { get; set; } = "";

    [JsonIgnore]
    public int Position { get; set; }

    [JsonIgnore]
    public bool IsCertification => Kind == CourseKind.Certification;
}

/// <summary>How a certification course is assessed.</summary>
public sealed class Assessment
{
    /// <summary>For example "multiple choice" or "objective testing, scenario based".</summary>
    public string Format { get; set; } = "";
    public int? Questions { get; set; }
    public int? DurationMinutes { get; set; }
    public int? PassMark { get; set; }
    public int? MaxMarks { get; set; }
    public bool OpenBook { get; set; }

    /// <summary>The day of the course the exam is sat on (1-based).</summary>
    public int? OnDay { get; set; }
}

public enum PrerequisiteKind
{
    /// <summary>The learner holds a certificate of another course (or of a course it was retired in favour of).</summary>
    Certificate,

    /// <summary>The learner currently works at exactly this level, e.g. IPMO-Expert's level 4.</summary>
    CurrentLevel,

    /// <summary>The learner works at this level or above.</summary>
    MinimumLevel,

    /// <summary>The learner has at least this many years of PMO work.</summary>
    YearsExperience,
}

/// <summary>One condition that must hold before a learner may take a course.</summary>
public sealed class Prerequisite
{
    public PrerequisiteKind Kind { get; set; }

    /// <summary>For <see cref="PrerequisiteKind.Certificate"/>: the course code.</summary>
    public string? Course { get; set; }

    /// <summary>For the level kinds: the level.</summary>
    public int? Level { get; set; }

    /// <summary>For <see cref="PrerequisiteKind.YearsExperience"/>: the years.</summary>
    public int? Years { get; set; }
}

public enum RenewalKind
{
    /// <summary>The certificate does not lapse.</summary>
    None,

    /// <summary>The certificate must be renewed within a number of years of being achieved.</summary>
    RenewWithinYears,
}

/// <summary>How a certificate stays current.</summary>
public sealed class RenewalRule
{
    public RenewalKind Kind { get; set; }

    /// <summary>For <see cref="RenewalKind.RenewWithinYears"/>: how long a certificate is current.</summary>
    public int? Years { get; set; }

    /// <summary>
    /// CPD points (1 point = 1 hour) a year that keep the certificate current instead of an exam;
    /// null where CPD is not a renewal route.
    /// </summary>
    public int? CpdPointsPerYear { get; set; }
}
