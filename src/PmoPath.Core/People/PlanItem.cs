namespace PmoPath.People;

public enum PlanStatus
{
    Planned,
    Booked,
    Done,
    Dropped,
}

/// <summary>A course the person accepted into their development plan, with a target date and a status.</summary>
public sealed class PlanItem : IOrganisationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid PersonId { get; set; }
    public string CourseCode { get; set; } = "";
    public DateOnly? TargetDate { get; set; }
    public PlanStatus Status { get; set; }
    public string Notes { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
    public List<PlanComment> Comments { get; set; } = [];
}

/// <summary>A comment on a plan item by the person's manager or HR.</summary>
public sealed class PlanComment : IOrganisationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid PlanItemId { get; set; }

    /// <summary>Whose plan the comment is on.</summary>
    public Guid PersonId { get; set; }

    /// <summary>Who wrote it.</summary>
    public Guid? AuthorId { get; set; }
    public Person? Author { get; set; }

    public string Text { get; set; } = "";
    public DateTime AtUtc { get; set; }
}
