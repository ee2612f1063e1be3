using System.Globalization;

namespace PmoPath.Advice;

/// <summary>
/// CPD as a renewal route in the advice: how logged points move a suite's renew-by date, and the sentence
/// that says how far the person is. Only points the profile carries count; nothing is assumed.
/// </summary>
internal static class CpdProgress
{
    /// <summary>
    /// The renew-by date once CPD is counted: every cycle whose years each have the rule's points extends it by
    /// another cycle (as <c>CertificateStanding</c> does for records), never more than one cycle past today.
    /// </summary>
    public static DateOnly Extend(AdvisorCatalog c, int group, DateOnly renewBy, AdviceProfile profile, DateOnly asOf)
    {
        var rule = c.GroupRenewal[group];
        if (profile.Cpd.Count == 0 || rule.CpdPointsPerYear is not { } needed || rule.Years is not ({ } years and > 0))
            return renewBy;
        while (renewBy <= asOf.AddYears(years) && EveryYearMet(c, group, renewBy.Year - years, years, needed, profile))
            renewBy = renewBy.AddYears(years);
        return renewBy;
    }

    /// <summary>
    /// "You have logged 35 of the 60 CPD points …; 25 more by 2027-05-20 keep P3O Practitioner current without an
    /// exam." Null where the group's rule has no CPD route.
    /// </summary>
    public static string? Sentence(AdvisorCatalog c, int group, DateOnly renewBy, AdviceProfile profile, string held)
    {
        var rule = c.GroupRenewal[group];
        if (rule.CpdPointsPerYear is not { } perYear || rule.Years is not ({ } years and > 0))
            return null;
        var total = perYear * years;
        var from = renewBy.AddYears(-years);
        var logged = 0m;
        foreach (var entry in profile.Cpd)
            if (entry.On > from && entry.On <= renewBy && GroupOf(c, entry) == group)
                logged += entry.Points;
        var how = $"{perYear} a year for {years} years{(rule.CpdSubscription is { } sub ? $", with a continuous {sub} subscription" : "")}";
        if (logged <= 0)
            return $"No CPD points are logged for this cycle: {total} ({how}) by {D(renewBy)} would keep {held} current without an exam.";
        if (logged >= total)
            return $"You have logged {N(logged)} of the {total} CPD points this cycle asks ({how}).";
        return $"You have logged {N(logged)} of the {total} CPD points this cycle asks ({how}); {N(total - logged)} more by {D(renewBy)} keep {held} current without an exam.";
    }

    private static bool EveryYearMet(AdvisorCatalog c, int group, int firstYear, int years, int needed, AdviceProfile profile)
    {
        for (var year = firstYear; year < firstYear + years; year++)
        {
            var sum = 0m;
            foreach (var entry in profile.Cpd)
                if (entry.On.Year == year && GroupOf(c, entry) == group)
                    sum += entry.Points;
            if (sum < needed)
                return false;
        }
        return true;
    }

    private static int GroupOf(AdvisorCatalog c, CpdPoints entry)
    {
        if (entry.Course is { } code)
            return c.Index.TryGetValue(code, out var i) ? c.GroupIndex[i] : -1;
        return entry.Suite is { } suite ? Array.IndexOf(c.GroupKeys, suite) : -1;
    }

    private static string N(decimal points) => points.ToString("0.#", CultureInfo.InvariantCulture);

    private static string D(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
