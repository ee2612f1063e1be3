using PmoPath.Catalog;

namespace PmoPath.Advice;

/// <summary>
/// The advisor's answer for one profile on one day. The API returns it as JSON, the CLI prints it as
/// JSON or tables, and the career guide renders it; all three from the same value.
/// </summary>
public sealed record AdviceAnswer(
    DateOnly AsOf,
    int Level,
    int TargetLevel,
    IReadOnlyList<Recommendation> Recommendations,
    IReadOnlyList<HeldBack> NotNow,
    IReadOnlyList<RoadmapYear> Roadmap,
    IReadOnlyList<CertificateStatus> Certificates,
    IReadOnlyList<string> Notes);

/// <summary>
/// A course to take, best first. <paramref name="Rule"/> is the code of the policy rule that put it here
/// (such as <c>core-first</c>), so a reader can look the rule up on the "how we advise" page.
/// </summary>
public sealed record Recommendation(
    string Code, string Title, CourseKind Kind, bool Eligible, DateOnly DueBy, string Rule, IReadOnlyList<string> Reasons);

/// <summary>A course the advisor considered and held back, and why.</summary>
public sealed record HeldBack(string Code, string Title, string Rule, IReadOnlyList<string> Reasons);

/// <summary>One calendar year of the plan: the level assumed then and the courses planned, certification first.</summary>
public sealed record RoadmapYear(int Year, int Level, IReadOnlyList<string> Codes, IReadOnlyList<string> Notes);

/// <summary>Whether a certificate the person holds is still current on the day of the advice.</summary>
public enum CertificateState
{
    /// <summary>Renewable and not yet near its renew-by date.</summary>
    Current,

    /// <summary>Still current, but its renew-by date is within the policy's warning days.</summary>
    RenewalDue,

    /// <summary>Its renew-by date has passed: held once, but not current now. Not the same as never held.</summary>
    NotCurrent,

    /// <summary>A certificate that does not lapse.</summary>
    DoesNotLapse,
}

/// <summary>A certificate the person holds, its renew-by date (shared across a suite) and its state.</summary>
public sealed record CertificateStatus(
    string Code, string Title, DateOnly AchievedOn, DateOnly? RenewBy, CertificateState Status, string Summary);
