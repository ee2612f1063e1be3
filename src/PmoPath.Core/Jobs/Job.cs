namespace PmoPath.Jobs;

public enum WorkMode
{
    OnSite,
    Hybrid,
    Remote,
}

/// <summary>
/// An open position at a career level and PMO type, so a practitioner can see what the next step looks
/// like. It is listed from <see cref="OpensOn"/> to <see cref="ClosesOn"/> inclusive, unless closed early.
/// </summary>
public sealed class Job
{
    public int Id { get; set; }
    public string Title { get; set; } = "";
    public string Organisation { get; set; } = "";

    /// <summary>
    /// The PmoPath organisation that posted the job, whose org-admins may close it; null for jobs loaded by
    /// the operator (samples, <c>pmopath jobs add</c>), which name an employer that need not be a tenant.
    /// </summary>
    public Guid? OrganisationId { get; set; }
    public int Level { get; set; }
    public string PmoType { get; set; } = "";
    public string Location { get; set; } = "";
    public WorkMode WorkMode { get; set; }

    /// <summary>The salary band; both ends in <see cref="Currency"/> a year, or null when not published.</summary>
    public int? SalaryFrom { get; set; }
    public int? SalaryTo { get; set; }
    public string Currency { get; set; } = "GBP";

    public DateOnly OpensOn { get; set; }
    public DateOnly ClosesOn { get; set; }

    /// <summary>Filled or withdrawn before the closing date.</summary>
    public bool Closed { get; set; }

    /// <summary>Codes of the certification courses whose certificate the role asks for.</summary>
    public List<string> Certificates { get; set; } = [];

    /// <summary>The competency ratings (0–4) the role asks for.</summary>
    public List<JobCompetency> Competencies { get; set; } = [];

    public string Description { get; set; } = "";
    public string? ApplyUrl { get; set; }

    public bool IsListedOn(DateOnly day) => !Closed && OpensOn <= day && day <= ClosesOn;
}

/// <summary>A competency area and the rating a role asks for in it.</summary>
public sealed class JobCompetency
{
    public string Code { get; set; } = "";
    public int Rating { get; set; }
}
