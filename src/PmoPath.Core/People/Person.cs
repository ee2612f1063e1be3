namespace PmoPath.People;

/// <summary>
/// The avenue a practitioner aims for, from the seeds' career advice: staying a hands-on specialist,
/// managing a PMO, leading an enterprise PMO, or moving into project or programme management.
/// </summary>
public enum CareerAvenue
{
    HandsOnSpecialist,
    ManagingAPmo,
    EnterprisePmo,
    ProjectOrProgrammeManagement,
}

/// <summary>
/// A practitioner's record in one organisation. It maps one to one onto the advisor's profile
/// (<see cref="PersonProfile"/>). An account (<c>AppUser</c>) signs in as a person; a person may exist
/// without one (loaded by HR, or erased).
/// </summary>
public sealed class Person : IOrganisationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid? TeamId { get; set; }
    public Team? Team { get; set; }

    public string DisplayName { get; set; } = "";
    public string JobTitle { get; set; } = "";

    /// <summary>The person's id in the organisation's HR system: the key of a staff import.</summary>
    public string? EmployeeId { get; set; }

    /// <summary>The work email from the HR system (the account's email, if any, is on the account).</summary>
    public string? WorkEmail { get; set; }

    /// <summary>The career level the person works at now, 1–4; null until it is set.</summary>
    public int? Level { get; set; }
    public int? TargetLevel { get; set; }
    public string? PmoType { get; set; }
    public int? YearsInPmo { get; set; }
    public CareerAvenue? Avenue { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>Set when an org-admin erased the person: the row stays so that counts in reports hold, its personal data is gone.</summary>
    public DateTime? ErasedAtUtc { get; set; }

    public List<Certificate> Certificates { get; set; } = [];
    public List<CompletedCourse> CompletedCourses { get; set; } = [];
    public List<CompetencyRating> Ratings { get; set; } = [];
    public List<EvidenceLink> Evidence { get; set; } = [];

    /// <summary>CPD activities the person logged, each with its points and the suite it counts for.</summary>
    public List<CpdEntry> CpdLog { get; set; } = [];
}

/// <summary>A certificate the person holds (or held): a certification course passed on a date.</summary>
public sealed class Certificate : IOrganisationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid PersonId { get; set; }
    public string CourseCode { get; set; } = "";
    public DateOnly AchievedOn { get; set; }
    public string CertificateNumber { get; set; } = "";

    /// <summary>CPD points (1 point = 1 hour) logged per calendar year, a renewal route for some suites.</summary>
    public List<CpdYear> Cpd { get; set; } = [];

    /// <summary>The renew-by date a reminder was last mailed for, so that each date is reminded once.</summary>
    public DateOnly? RemindedForRenewBy { get; set; }
}

public sealed class CpdYear
{
    public int Year { get; set; }
    public int Points { get; set; }
}

/// <summary>A course the person has completed (a specialist course, or a certification course without its exam).</summary>
public sealed class CompletedCourse : IOrganisationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid PersonId { get; set; }
    public string CourseCode { get; set; } = "";
    public DateOnly? CompletedOn { get; set; }
}

/// <summary>The person's own rating of a competency area (0–4) and, beside it, their manager's.</summary>
public sealed class CompetencyRating : IOrganisationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid PersonId { get; set; }
    public string CompetencyCode { get; set; } = "";
    public int? SelfRating { get; set; }
    public int? ManagerRating { get; set; }
}

/// <summary>A link to evidence of the person's work or learning (a portfolio, a certificate scan, a write-up).</summary>
public sealed class EvidenceLink : IOrganisationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid PersonId { get; set; }
    public string Title { get; set; } = "";
    public string Url { get; set; } = "";
}

/// <summary>One change to a person's record: who changed which field from what to what, and when.</summary>
public sealed class RecordChange : IOrganisationOwned
{
    public long Id { get; set; }
    public Guid OrganisationId { get; set; }
    public Guid PersonId { get; set; }
    public DateTime AtUtc { get; set; }

    /// <summary>The person who made the change; null for the system (the CLI, an import).</summary>
    public Guid? ChangedById { get; set; }
    public Person? ChangedBy { get; set; }

    /// <summary>The field, as the API names it: <c>level</c>, <c>competencies.benefits-management.self</c>, <c>certificates</c>.</summary>
    public string Field { get; set; } = "";
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
}
