using PmoPath.Framework;

namespace PmoPath.Insight;

/// <summary>
/// How far a person's competencies fall short of what a career level expects: per area, the expected
/// proficiency (0–4) minus the rating that counts, never below zero. The manager's rating counts where
/// given, otherwise the person's own; an area nobody rated counts as 0. Team and organisation views,
/// and the team plan's objective, all use this one measure.
/// </summary>
public static class CompetencyGaps
{
    /// <summary>The level a gap is measured against: the target where set, otherwise the level worked at.</summary>
    public static int? MeasuredLevel(int? level, int? targetLevel) => targetLevel ?? level;

    /// <summary>The rating that counts: the manager's where given, else the person's own.</summary>
    public static int Effective(int? self, int? manager) => manager ?? self ?? 0;

    /// <summary>The gap per competency area, in the framework's order; empty when no level is known.</summary>
    public static int[] Of(FrameworkSnapshot framework, int? level, IReadOnlyDictionary<string, int> ratings)
    {
        if (level is not (>= 1 and <= 4) || framework.Competencies.Count == 0)
            return [];
        var gaps = new int[framework.Competencies.Count];
        for (var i = 0; i < gaps.Length; i++)
        {
            var area = framework.Competencies[i];
            gaps[i] = Math.Max(0, area.ExpectedAt(level.Value) - ratings.GetValueOrDefault(area.Code));
        }
        return gaps;
    }
}
