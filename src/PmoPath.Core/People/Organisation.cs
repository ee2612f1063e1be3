namespace PmoPath.People;

/// <summary>
/// An organisation (a tenant): a company whose PMO people use PmoPath. Everything about its people
/// carries its id, and every query of a request is limited to the caller's organisation by the
/// context's filter (docs/adr/0005).
/// </summary>
public sealed class Organisation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Name { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }

    /// <summary>The year's training budget that HR plans and books against; null when not set.</summary>
    public decimal? TrainingBudget { get; set; }

    /// <summary>The ISO 4217 currency of <see cref="TrainingBudget"/>.</summary>
    public string BudgetCurrency { get; set; } = "GBP";

    /// <summary>The year's budget of training days for the whole organisation; null when not set.</summary>
    public int? TrainingDaysBudget { get; set; }
}

/// <summary>Data that belongs to one organisation; the context filters and guards it by <see cref="OrganisationId"/>.</summary>
public interface IOrganisationOwned
{
    Guid OrganisationId { get; set; }
}

/// <summary>A team inside an organisation; its manager (a pmo-manager) sees the record and plan of its members.</summary>
public sealed class Team : IOrganisationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The person who manages the team; null when it has none.</summary>
    public Guid? ManagerId { get; set; }
    public Person? Manager { get; set; }
}
