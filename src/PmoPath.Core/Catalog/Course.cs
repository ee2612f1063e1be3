using System.Text.Json.Serialization;

namespace PmoPath.Catalog;

public enum CourseKind
{
    /// <summary>Ends in an exam and a certificate from a certification body; 3 to 5 days.</summary>
    Certification,

    /// <summary>A short, non-certified course for a specific skill gap; 1 to 2 days.</summary>
    Specialist,

    /// <summary>
    /// A certification people hold from elsewhere (PRINCE2, MSP, PMP, APM PMQ): recordable, counted for
    /// prerequisites and for its suite's shared renew-by date, but never recommended and never bookable.
    /// </summary>
    External,
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

    /// <summary>
    /// Facts of this course that are not published (<c>durationDays</c>, <c>delivery</c>, <c>assessment</c>,
    /// <c>outline</c>): pages say "not published" for them instead of showing the planning value.
    /// </summary>
    public List<string> NotPublished { get; set; } = [];

    /// <summary>Where the course's facts were checked: the body's or exam institute's own published pages.</summary>
    public List<Source> Sources { get; set; } = [];

    [JsonIgnore]
    public int Position { get; set; }

    /// <summary>A certification course PmoPath offers (sessions, advice); not an <see cref="CourseKind.External"/> one.</summary>
    [JsonIgnore]
    public bool IsCertification => Kind == CourseKind.Certification;

    /// <summary>Ends in a certificate a person can record: a certification course or an external certification.</summary>
    /// <summary>Facts <see cref="NotPublished"/> may name.</summary>
    public static readonly IReadOnlyList<string> PublishableFacts = ["durationDays", "delivery", "assessment", "outline"];

    public bool IsPublished(string fact) => !NotPublished.Contains(fact);

    [JsonIgnore]
    public bool IsRecordable => Kind is CourseKind.Certification or CourseKind.External;
}

/// <summary>A published page a fact was checked against, and the day it was checked.</summary>
public sealed class Source
{
    /// <summary>An absolute http or https address.</summary>
    public string Url { get; set; } = "";

    /// <summary>What the page is, e.g. "PeopleCert: P3O Practitioner exam"; optional.</summary>
    public string? Title { get; set; }

    public DateOnly CheckedOn { get; set; }
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

    /// <summary>
    /// The learner holds any one of several certificates (current or not), such as House of PMO's
    /// "practitioner-level project management knowledge" met by PRINCE2 Practitioner or P3O Practitioner.
    /// </summary>
    AnyCertificate,
}

/// <summary>One condition that must hold before a learner may take a course.</summary>
public sealed class Prerequisite
{
    public PrerequisiteKind Kind { get; set; }

    /// <summary>For <see cref="PrerequisiteKind.Certificate"/>: the course code.</summary>
    public string? Course { get; set; }

    /// <summary>For <see cref="PrerequisiteKind.AnyCertificate"/>: the course codes, any one of which meets it.</summary>
    public List<string>? Courses { get; set; }

    /// <summary>
    /// For <see cref="PrerequisiteKind.AnyCertificate"/>: what the body asks in its own words, e.g.
    /// "practitioner-level project management knowledge"; shown with the prerequisite.
    /// </summary>
    public string? Description { get; set; }

    /// <summary>
    /// The body also accepts equivalent experience, which it judges itself and PmoPath cannot: the advisor
    /// then says so instead of only "not met".
    /// </summary>
    public bool? OrEquivalentExperience { get; set; }

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

    /// <summary>
    /// CPD keeps the certificate current only with this subscription held throughout, e.g. "PeopleCert+";
    /// null where none is asked.
    /// </summary>
    public string? CpdSubscription { get; set; }

    /// <summary>
    /// A change of rule: certificates achieved before this day were not given <see cref="Years"/> from
    /// their exam, but had until <see cref="TransitionRenewBy"/> (PeopleCert: achieved before 30 June 2020,
    /// renew by 1 July 2023).
    /// </summary>
    public DateOnly? TransitionAchievedBefore { get; set; }

    public DateOnly? TransitionRenewBy { get; set; }

    /// <summary>The renew-by date of a certificate achieved on <paramref name="achievedOn"/>, before any CPD.</summary>
    public DateOnly? RenewByFor(DateOnly achievedOn) => Kind != RenewalKind.RenewWithinYears || Years is not { } years
        ? null
        : TransitionAchievedBefore is { } before && TransitionRenewBy is { } until && achievedOn < before
            ? until
            : achievedOn.AddYears(years);
}
