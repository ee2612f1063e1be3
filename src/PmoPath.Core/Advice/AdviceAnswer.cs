using System.Text.Json.Serialization;
using PmoPath.Catalog;
using PmoPath.Sessions;

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
    IReadOnlyList<string> Notes)
{
    /// <summary>
    /// What the whole roadmap costs at the prices of the next sessions, in the currency of the first priced
    /// course; null when no planned course has a scheduled session. Courses priced in another currency are
    /// not added (a roadmap year's notes say so).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public Money? TotalCost { get; init; }

    /// <summary>
    /// The first course on the roadmap and its year: what to name when nothing is due now, so "take next" is never
    /// an empty answer while the roadmap holds a course. Null when the roadmap is empty.
    /// </summary>
    public (string Code, int Year)? NextOnRoadmap() =>
        Roadmap.FirstOrDefault(y => y.Codes.Count > 0) is { } year ? (year.Codes[0], year.Year) : null;
}

/// <summary>An amount in an ISO 4217 currency, such as 1,250 GBP.</summary>
public sealed record Money(decimal Amount, string Currency)
{
    /// <summary>"£1,250", "€980.50", "1,250 CHF": as a person reads a price.</summary>
    public override string ToString() => Format(Amount, Currency);

    public static string Format(decimal amount, string currency)
    {
        var number = amount.ToString(amount == decimal.Truncate(amount) ? "#,0" : "#,0.00", System.Globalization.CultureInfo.InvariantCulture);
        return currency switch
        {
            "GBP" => "£" + number,
            "EUR" => "€" + number,
            "USD" => "$" + number,
            _ => $"{number} {currency}",
        };
    }
}

/// <summary>A bookable session of the public schedule, as a recommendation lists it: book it at <c>/sessions/{id}</c>.</summary>
public sealed record SessionOffer(Guid Id, DateOnly StartsOn, string Provider, decimal Price, string Currency, int SeatsLeft, SessionDelivery Delivery);

/// <summary>
/// A course to take, best first. <paramref name="Rule"/> is the code of the policy rule that put it here
/// (such as <c>core-first</c>), so a reader can look the rule up on the "how we advise" page.
/// </summary>
public sealed record Recommendation(
    string Code, string Title, CourseKind Kind, bool Eligible, DateOnly DueBy, string Rule, IReadOnlyList<string> Reasons)
{
    /// <summary>Up to three public sessions bookable on the day of the advice, soonest first.</summary>
    public IReadOnlyList<SessionOffer> NextSessions { get; init; } = [];

    /// <summary>The price of a seat on the cheapest of <see cref="NextSessions"/>; null when none is scheduled (see <see cref="CostReason"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public Money? Cost { get; init; }

    /// <summary>Why <see cref="Cost"/> is null; null when it is known.</summary>
    public string? CostReason { get; init; }
}

/// <summary>A course the advisor considered and held back, and why.</summary>
public sealed record HeldBack(string Code, string Title, string Rule, IReadOnlyList<string> Reasons)
{
    /// <summary>For a course booked on the public schedule (rule <c>in-progress</c>): the session booked.</summary>
    public SessionOffer? Session { get; init; }
}

/// <summary>One calendar year of the plan: the level assumed then and the courses planned, certification first.</summary>
public sealed record RoadmapYear(int Year, int Level, IReadOnlyList<string> Codes, IReadOnlyList<string> Notes)
{
    /// <summary>The year's courses at the prices of their next sessions (or their booked session); null when none is priced.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public Money? Cost { get; init; }

    /// <summary>Training days the year's courses take.</summary>
    public decimal Days { get; init; }
}

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
