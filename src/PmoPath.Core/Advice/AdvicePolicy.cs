using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace PmoPath.Advice;

/// <summary>
/// The tunable numbers behind the advisor's rules and the rules' readable text, kept as data so that
/// an admin can read and change them through the framework file.
/// </summary>
public sealed partial class AdvicePolicy
{
    /// <summary>A certification course is due this many years after the last one.</summary>
    public int CertificationDueAfterYears { get; set; } = 2;

    /// <summary>And overdue after this many years.</summary>
    public int CertificationOverdueAfterYears { get; set; } = 3;

    /// <summary>At most this many certification courses are planned in one roadmap year.</summary>
    public int MaxCertificationsPerYear { get; set; } = 1;

    /// <summary>A competency gap of at least this many points earns a specialist course.</summary>
    public int MinimumGap { get; set; } = 1;

    /// <summary>At most this many specialist courses are recommended at once (and planned in one roadmap year).</summary>
    public int MaxSpecialistRecommendations { get; set; } = 3;

    /// <summary>How many days before a renew-by date a certificate counts as due for renewal.</summary>
    public int RenewalWarningDays { get; set; } = 90;

    /// <summary>A specialist course recommended for a skill gap is due within this many months.</summary>
    public int SpecialistDueWithinMonths { get; set; } = 12;

    /// <summary>In a team plan, keeping a certificate current counts as this many competency-gap points.</summary>
    public int TeamPlanRenewalWeight { get; set; } = 8;

    /// <summary>In a team plan, a certification for someone without one in the overdue years counts as this many points.</summary>
    public int TeamPlanCadenceWeight { get; set; } = 4;

    /// <summary>An in-house run is suggested when at least this many people of a plan take the same course.</summary>
    public int InHouseMinimumPeople { get; set; } = 6;

    /// <summary>An in-house run is taken to cost about this many public seats (providers price per run, not per seat).</summary>
    public int InHouseCostInSeats { get; set; } = 5;

    /// <summary>
    /// The rules as people read them on the "how we advise" page, in order. Their text may name the numbers
    /// above as placeholders, such as <c>{certificationDueAfterYears}</c>, so that the words follow the numbers.
    /// </summary>
    public List<AdviceRule> Rules { get; set; } = [];

    /// <summary>
    /// Courses weighed up for people in a kind of PMO at some levels, each with the reason the answer gives.
    /// They change only the order of courses a person may take, never whether they may take one.
    /// </summary>
    public List<PmoTypeRule> PmoTypeRules { get; set; } = [];

    [JsonIgnore]
    public int Id { get; set; } = 1;

    /// <summary>The placeholders a rule's title or text may use, with their current values.</summary>
    public IReadOnlyDictionary<string, int> Numbers() => new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["certificationDueAfterYears"] = CertificationDueAfterYears,
        ["certificationOverdueAfterYears"] = CertificationOverdueAfterYears,
        ["maxCertificationsPerYear"] = MaxCertificationsPerYear,
        ["minimumGap"] = MinimumGap,
        ["maxSpecialistRecommendations"] = MaxSpecialistRecommendations,
        ["renewalWarningDays"] = RenewalWarningDays,
        ["specialistDueWithinMonths"] = SpecialistDueWithinMonths,
        ["teamPlanRenewalWeight"] = TeamPlanRenewalWeight,
        ["teamPlanCadenceWeight"] = TeamPlanCadenceWeight,
        ["inHouseMinimumPeople"] = InHouseMinimumPeople,
        ["inHouseCostInSeats"] = InHouseCostInSeats,
    };

    /// <summary>Fills the <c>{placeholders}</c> of a rule's title or text with this policy's numbers.</summary>
    public string Render(string text)
    {
        var numbers = Numbers();
        return Placeholder().Replace(text, m => numbers.TryGetValue(m.Groups[1].Value, out var n)
            ? n.ToString(CultureInfo.InvariantCulture)
            : m.Value);
    }

    /// <summary>The placeholders in <paramref name="text"/> that name no number of the policy.</summary>
    public IEnumerable<string> UnknownPlaceholders(string text)
    {
        var numbers = Numbers();
        return Placeholder().Matches(text).Select(m => m.Groups[1].Value).Where(name => !numbers.ContainsKey(name));
    }

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex Placeholder();
}

/// <summary>A rule of the advisor as a person reads it.</summary>
public sealed class AdviceRule
{
    public string Code { get; set; } = "";
    public string Title { get; set; } = "";
    public string Text { get; set; } = "";
}

/// <summary>
/// A preference by kind of PMO: for someone working in <see cref="PmoType"/> at one of <see cref="Levels"/>
/// (all levels when empty), the <see cref="Courses"/> come before others the rules otherwise rank alike.
/// </summary>
public sealed class PmoTypeRule
{
    public string PmoType { get; set; } = "";
    public List<int> Levels { get; set; } = [];
    public List<string> Courses { get; set; } = [];

    /// <summary>The sentence the advice gives beside a course this rule moved forward.</summary>
    public string Reason { get; set; } = "";
}
