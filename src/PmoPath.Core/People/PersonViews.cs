using System.Text.Json.Serialization;
using PmoPath.Catalog;

namespace PmoPath.People;

/// <summary>A person in a list: enough to find them, nothing of their record.</summary>
public sealed record PersonSummary(Guid Id, string DisplayName, string JobTitle, string? Team, int? Level, int? TargetLevel, string? PmoType, bool Erased);

/// <summary>A person's record as the API, the pages and the export show it.</summary>
public sealed record PersonView(
    Guid Id, string DisplayName, string? Email, string JobTitle, string? Team, string? Manager,
    int? Level, int? TargetLevel, string? PmoType, int? YearsInPmo, CareerAvenue? Avenue, bool Erased,
    IReadOnlyList<CertificateView> Certificates,
    IReadOnlyList<CompletedCourseView> CompletedCourses,
    IReadOnlyList<RatingView> Competencies,
    IReadOnlyList<EvidenceView> Evidence,
    IReadOnlyList<ChangeView> History,
    PersonPermissions Permissions);

public sealed record CertificateView(
    Guid Id, string Code, string Title, DateOnly AchievedOn, string CertificateNumber, DateOnly? RenewBy,
    CertificateStatus Status, IReadOnlyList<CpdYear> Cpd);

public sealed record CompletedCourseView(string Code, string Title, CourseKind? Kind, DateOnly? CompletedOn);

/// <summary>A competency area with what the person's level expects, their own rating and their manager's.</summary>
public sealed record RatingView(string Code, string Name, int? Expected, int? Self, int? Manager);

public sealed record EvidenceView(Guid Id, string Title, string Url);

public sealed record ChangeView(DateTime AtUtc, string ChangedBy, string Field, string? From, string? To);

/// <summary>What the caller may do here, so pages show only the forms that will work.</summary>
/// <remarks><c>ProposeToPlan</c>: their manager or HR may put a course into the plan, which the person then owns.</remarks>
public sealed record PersonPermissions(bool EditRecord, bool RateAsManager, bool EditPlan, bool CommentOnPlan, bool Export, bool Erase, bool ProposeToPlan = false);

/// <summary>
/// The record as a person sends it (<c>PUT /api/people/{id}/record</c>, the record page). Scalars are
/// replaced; a list left out (null) is kept as it is, a list sent replaces the stored one. Fields the
/// caller may not set (organisation, role, team, someone else's id) are not here, and unknown fields are
/// refused rather than silently dropped.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RecordInput
{
    public string? DisplayName { get; init; }
    public string? JobTitle { get; init; }
    public int? Level { get; init; }
    public int? TargetLevel { get; init; }
    public string? PmoType { get; init; }
    public int? YearsInPmo { get; init; }
    public CareerAvenue? Avenue { get; init; }
    public List<CertificateInput>? Certificates { get; init; }
    public List<CompletedCourseInput>? CompletedCourses { get; init; }

    /// <summary>The person's own rating per competency area code, 0–4; null removes a rating.</summary>
    public Dictionary<string, int?>? Competencies { get; init; }
    public List<EvidenceInput>? Evidence { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CertificateInput
{
    public string Code { get; init; } = "";
    public DateOnly? AchievedOn { get; init; }
    public string? CertificateNumber { get; init; }
    public List<CpdYear>? Cpd { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CompletedCourseInput
{
    public string Code { get; init; } = "";
    public DateOnly? CompletedOn { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record EvidenceInput
{
    public string Title { get; init; } = "";
    public string Url { get; init; } = "";
}

/// <summary>The manager's ratings: competency area code → 0–4 (null removes it).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ManagerRatingsInput
{
    public Dictionary<string, int?> Competencies { get; init; } = [];
}
