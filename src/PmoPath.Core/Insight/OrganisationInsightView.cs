namespace PmoPath.Insight;

/// <summary>
/// The organisation view's figures, as <c>GET /api/organisation/insight</c> answers them. Dictionary keys are
/// codes: PMO type codes, certification body codes, levels as "1"–"4"; <see cref="OrganisationInsightView.NotSet"/>
/// for people whose level or PMO type is not recorded.
/// </summary>
public sealed record OrganisationInsightView(
    Guid OrganisationId,
    string Organisation,
    DateOnly AsOf,
    int People,
    IReadOnlyList<LevelHeadcount> PeopleByLevel,
    IReadOnlyList<TypeHeadcount> PeopleByPmoType,
    IReadOnlyList<BodyCoverage> CertificateCoverage,
    IReadOnlyList<RenewalQuarter> RenewalsByQuarter,
    IReadOnlyList<TrainingNeed> TrainingNeeds,
    SpendView Spend,
    IReadOnlyList<QuarterCertificates> CertificatesByQuarter,
    IReadOnlyList<QuarterLevels> LevelsOverTime)
{
    public const string NotSet = "not-set";

    /// <summary>The dictionary key of a level: "1"–"4", or <see cref="NotSet"/>.</summary>
    public static string LevelKey(int? level) => level is { } l ? l.ToString(System.Globalization.CultureInfo.InvariantCulture) : NotSet;
}

/// <summary>People at a level (null: not set), and how they split by PMO type.</summary>
public sealed record LevelHeadcount(int? Level, string Name, int People, IReadOnlyDictionary<string, int> ByPmoType);

public sealed record TypeHeadcount(string? PmoType, string Name, int People);

/// <summary>
/// People who hold a certificate of the body that is valid today (current, or due for renewal but not yet
/// lapsed), by the level they work at. A person counts once per body, however many of its certificates they hold.
/// </summary>
public sealed record BodyCoverage(string Body, string Name, int People, IReadOnlyDictionary<string, int> ByLevel);

/// <summary>
/// Renewals whose renew-by date falls in the quarter (from today on, for the current quarter): one per person and
/// renewal group (a suite's certificates share one date, so one exam renews them all).
/// </summary>
public sealed record RenewalQuarter(string Quarter, DateOnly From, DateOnly To, int Renewals, IReadOnlyDictionary<string, int> ByBody);

/// <summary>
/// A competency area's gap summed over everyone whose level is known (<see cref="CompetencyGaps"/>: measured
/// against the target level where set, else the level worked at), how many people fall short in it, and the
/// catalogue's courses that develop it.
/// </summary>
public sealed record TrainingNeed(string Area, string Name, int TotalGap, int PeopleWithGap, int PeopleMeasured, IReadOnlyList<CourseLink> Courses);

public sealed record CourseLink(string Code, string Title);

/// <summary>
/// Spend against the organisation's training budget, in the budget's currency. Planned: open plan items
/// (status planned) × the cheapest upcoming public session of the course, preferring the budget's currency
/// ("no price" when none is scheduled). Booked: confirmed bookings × their session's price, for sessions
/// starting this calendar year or later. Amounts in another currency are listed apart, never converted.
/// </summary>
public sealed record SpendView(
    string Currency,
    decimal? Budget,
    decimal Planned,
    decimal Booked,
    decimal? Remaining,
    int? DaysBudget,
    decimal PlannedDays,
    decimal BookedDays,
    int PlannedItems,
    int UnpricedItems,
    int ConfirmedBookings,
    IReadOnlyList<SpendLine> Courses,
    IReadOnlyList<CurrencySpend> OtherCurrencies);

/// <summary>One course in one currency; <see cref="CheapestPrice"/> null means no upcoming public session (no price).</summary>
public sealed record SpendLine(string Course, string Title, string? Currency, int PlannedItems, decimal? CheapestPrice, decimal? PlannedSpend, int ConfirmedBookings, decimal BookedSpend);

public sealed record CurrencySpend(string Currency, decimal Planned, decimal Booked);

/// <summary>Certificates achieved in the quarter, by body.</summary>
public sealed record QuarterCertificates(string Quarter, DateOnly From, int Certificates, IReadOnlyDictionary<string, int> ByBody);

/// <summary>
/// People by level at the end of the quarter (the last entry is today), rebuilt from today's levels and the
/// recorded level changes (<c>RecordChange</c>, field <c>level</c>); people count from when their record was
/// created in PmoPath.
/// </summary>
public sealed record QuarterLevels(string Quarter, DateOnly At, int People, IReadOnlyDictionary<string, int> ByLevel);
