using PmoPath.Core.Tests.Advice;
using PmoPath.Knowledge;

namespace PmoPath.Core.Tests.Knowledge;

/// <summary>Which competency areas of a recommended course are the person's gaps, the areas articles are suggested for.</summary>
public sealed class ArticleSuggestionGapTests
{
    [Fact]
    public void The_gap_areas_are_the_courses_areas_rated_below_what_the_target_level_expects()
    {
        // Level 3 expects coaching 2 and leadership 3; pmo-coaching develops both.
        var areas = ArticleSuggestions.GapAreas("pmo-coaching", 3,
            new Dictionary<string, int> { ["coaching"] = 0, ["leadership-people"] = 3, ["benefits-management"] = 0 }, DefaultFramework.Snapshot);
        Assert.Equal(["coaching"], areas);
    }

    [Fact]
    public void Unrated_areas_unknown_courses_and_bad_levels_give_no_gap()
    {
        var ratings = new Dictionary<string, int> { ["benefits-management"] = 0 };
        Assert.Empty(ArticleSuggestions.GapAreas("pmo-coaching", 3, ratings, DefaultFramework.Snapshot));
        Assert.Empty(ArticleSuggestions.GapAreas("no-such-course", 3, ratings, DefaultFramework.Snapshot));
        Assert.Empty(ArticleSuggestions.GapAreas("benefits-management", 9, ratings, DefaultFramework.Snapshot));
        Assert.Equal(["benefits-management"], ArticleSuggestions.GapAreas("benefits-management", 2, ratings, DefaultFramework.Snapshot));
    }
}
