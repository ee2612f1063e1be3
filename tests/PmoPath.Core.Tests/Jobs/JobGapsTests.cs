using PmoPath.Jobs;
using PmoPath.Knowledge;

namespace PmoPath.Core.Tests.Jobs;

public sealed class JobGapsTests
{
    private static Job Job(string[] certificates, params (string Code, int Rating)[] competencies) => new()
    {
        Title = "PMO Manager", Level = 3, Certificates = [.. certificates],
        Competencies = [.. competencies.Select(c => new JobCompetency { Code = c.Code, Rating = c.Rating })],
    };

    [Fact]
    public void Lists_the_certificates_not_held_current_and_the_ratings_below_what_the_job_asks()
    {
        var job = Job(["axelos-p3o-practitioner", "aipmo-ipmo-expert"], ("benefits-management", 3), ("governance", 2), ("reporting", 4));
        var gap = JobGaps.For(job,
            new HashSet<string>(StringComparer.Ordinal) { "aipmo-ipmo-expert", "agile-pmo" },
            new Dictionary<string, int> { ["benefits-management"] = 2, ["governance"] = 3 });

        Assert.Equal(["axelos-p3o-practitioner"], gap.MissingCertificates);
        Assert.Equal([new CompetencyGap("benefits-management", 2, 3), new CompetencyGap("reporting", 0, 4)], gap.CompetencyGaps);
        Assert.False(gap.Meets);
    }

    [Fact]
    public void Someone_who_holds_and_rates_enough_lacks_nothing()
    {
        var gap = JobGaps.For(Job(["agile-pmo"], ("governance", 2)),
            new HashSet<string>(StringComparer.Ordinal) { "agile-pmo" }, new Dictionary<string, int> { ["governance"] = 2 });
        Assert.True(gap.Meets);
        Assert.Empty(gap.MissingCertificates);
        Assert.Empty(gap.CompetencyGaps);
    }

    [Theory]
    [InlineData(2, 3, 3)]
    [InlineData(2, null, 2)]
    [InlineData(null, 4, 4)]
    [InlineData(null, null, null)]
    public void The_level_is_the_target_or_else_the_current_level(int? level, int? target, int? expected) =>
        Assert.Equal(expected, JobGaps.LevelFor(level, target));
}

public sealed class RatingSummaryTests
{
    [Fact]
    public void Shows_the_share_of_each_number_of_stars_five_first_with_count_and_average()
    {
        var summary = RatingSummary.From(new Dictionary<int, int> { [5] = 2, [4] = 1, [2] = 1, [1] = 1 });
        Assert.Equal(5, summary.Count);
        Assert.Equal(3.4, summary.Average);
        Assert.Equal("5 stars 40% · 4 stars 20% · 3 stars 0% · 2 stars 20% · 1 star 20%", summary.Text);
    }

    [Fact]
    public void No_ratings_has_no_average()
    {
        var summary = RatingSummary.From(new Dictionary<int, int>());
        Assert.Equal(0, summary.Count);
        Assert.Null(summary.Average);
        Assert.All(summary.Distribution, d => Assert.Equal(0, d.Percent));
    }
}
