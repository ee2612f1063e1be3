namespace PmoPath.People;

/// <summary>
/// One CPD activity on a person's record: what they did, on which day, for how many points (1 point = 1
/// hour) and for which certificate suite (PeopleCert's, for P3O, MoP, PRINCE2 and MSP). Logged points of a
/// suite keep its certificates current without an exam where the suite's renewal rule allows CPD.
/// </summary>
public sealed class CpdEntry : IOrganisationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid PersonId { get; set; }
    public DateOnly On { get; set; }
    public string Activity { get; set; } = "";
    public decimal Points { get; set; }

    /// <summary>The renewal suite the points count for, as the framework's courses name it (<c>axelos</c>).</summary>
    public string Suite { get; set; } = "";

    /// <summary>A link to evidence of the activity (an attendance certificate, notes); optional.</summary>
    public string? EvidenceUrl { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}
