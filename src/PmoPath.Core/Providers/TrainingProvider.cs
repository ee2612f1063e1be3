namespace PmoPath.Providers;

/// <summary>
/// A training organisation in the provider directory: which certification courses it is accredited to
/// deliver, which specialist courses it runs, and the coaching and mentoring it offers. Sessions and
/// bookings will refer to a provider by its <see cref="Code"/>.
/// </summary>
public sealed class TrainingProvider
{
    /// <summary>A stable slug, used in URLs and the API.</summary>
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Summary { get; set; } = "";
    public string? Website { get; set; }
    public string? Email { get; set; }
    public string Location { get; set; } = "";

    /// <summary>Codes of the certification courses the provider is accredited to deliver.</summary>
    public List<string> Accreditations { get; set; } = [];

    /// <summary>Codes of the specialist courses the provider runs.</summary>
    public List<string> SpecialistCourses { get; set; } = [];

    public List<ProviderOffer> Offers { get; set; } = [];
}

public enum OfferKind
{
    Coaching,
    Mentoring,
}

/// <summary>A coaching or mentoring offer.</summary>
public sealed class ProviderOffer
{
    public OfferKind Kind { get; set; }
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";

    /// <summary>Levels the offer is meant for; empty for any level.</summary>
    public List<int> Levels { get; set; } = [];
}
