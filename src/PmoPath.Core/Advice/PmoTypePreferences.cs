using System.Collections.Frozen;
using PmoPath.Framework;

namespace PmoPath.Advice;

/// <summary>
/// The policy's PMO-type rules indexed for the advisor: for a PMO type and a level, which courses are
/// weighed up and by which rule. They only order courses the person may already take; eligibility never
/// reads them (a property test holds this).
/// </summary>
internal static class PmoTypePreferences
{
    public static FrozenDictionary<string, int[][]> Index(FrameworkSnapshot framework, IReadOnlyDictionary<string, int> courseIndex, int courses)
    {
        var rules = framework.Advice.PmoTypeRules;
        var byType = new Dictionary<string, int[][]>(StringComparer.Ordinal);
        for (var r = 0; r < rules.Count; r++)
        {
            var rule = rules[r];
            if (!byType.TryGetValue(rule.PmoType, out var levels))
            {
                levels = new int[CareerLevel.Highest + 1][];
                for (var l = 0; l <= CareerLevel.Highest; l++)
                    levels[l] = [.. Enumerable.Repeat(-1, courses)];
                byType[rule.PmoType] = levels;
            }
            for (var l = CareerLevel.Lowest; l <= CareerLevel.Highest; l++)
            {
                if (rule.Levels.Count > 0 && !rule.Levels.Contains(l))
                    continue;
                foreach (var code in rule.Courses)
                    if (courseIndex.TryGetValue(code, out var i) && levels[l][i] < 0)
                        levels[l][i] = r;
            }
        }
        return byType.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
