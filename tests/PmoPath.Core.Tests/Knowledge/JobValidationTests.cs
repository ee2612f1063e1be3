using PmoPath.Exchange;
using PmoPath.Framework;
using PmoPath.Jobs;
using PmoPath.Knowledge;
using PmoPath.Search;

namespace PmoPath.Core.Tests.Knowledge;

public sealed class JobValidationTests
{
    private static readonly FrameworkSnapshot Framework = new(FrameworkJson.ReadDefault());
    private static readonly DateOnly Today = new(2026, 11, 22);

    private static JobInput Valid() => new()
    {
        Title = "PMO Analyst", Organisation = "Northwind", Level = 2, PmoType = "programme-office", Location = "Leeds",
        WorkMode = WorkMode.Hybrid, SalaryFrom = 38000, SalaryTo = 45000, OpensOn = Today, ClosesOn = Today.AddDays(30),
        Certificates = ["axelos-p3o-foundation"], Competencies = [new JobCompetency { Code = "reporting-analysis", Rating = 3 }],
    };

    [Fact]
    public void A_valid_job_is_accepted() => Assert.Equal("PMO Analyst", JobStore.Validate(Valid(), Framework, Today).Title);

    [Fact]
    public void A_job_closing_before_it_opens_is_refused_naming_closesOn()
    {
        var input = Valid();
        input.ClosesOn = Today.AddDays(-1);
        var error = Assert.Throws<InvalidInputException>(() => JobStore.Validate(input, Framework, Today));
        Assert.Contains("before it opens", Assert.Single(error.Errors["closesOn"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_opening_date_the_job_opens_today()
    {
        var input = Valid();
        input.OpensOn = null;
        Assert.Equal(Today, JobStore.Validate(input, Framework, Today).OpensOn);
    }

    [Fact]
    public void Every_bad_field_is_named_at_once()
    {
        var input = Valid();
        input.Level = 5;
        input.PmoType = "kitchen";
        input.SalaryTo = 1000;
        input.Certificates = ["agile-pmo"];
        input.Competencies = [new JobCompetency { Code = "juggling", Rating = 7 }];
        input.ApplyUrl = "javascript:alert(1)";
        var error = Assert.Throws<InvalidInputException>(() => JobStore.Validate(input, Framework, Today));
        Assert.Equal(
            ["applyUrl", "certificates[0]", "competencies[0].code", "competencies[0].rating", "level", "pmoType", "salaryTo"],
            error.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Listed_only_between_opening_and_closing_and_while_not_closed()
    {
        var job = JobStore.Validate(Valid(), Framework, Today);
        Assert.True(job.IsListedOn(Today));
        Assert.True(job.IsListedOn(job.ClosesOn));
        Assert.False(job.IsListedOn(job.ClosesOn.AddDays(1)));
        Assert.False(job.IsListedOn(Today.AddDays(-1)));
        job.Closed = true;
        Assert.False(job.IsListedOn(Today));
    }

    [Fact]
    public void Article_validation_names_unknown_competencies_levels_and_bad_slugs()
    {
        var input = new ArticleInput
        {
            Slug = "Bad Slug", Title = "T", Categories = ["Career path"], Levels = [0], Competencies = ["juggling"],
            Media = [new ArticleMedia { Kind = MediaKind.Recording, Title = "Rec", Url = "javascript:alert(1)" }],
        };
        var error = Assert.Throws<InvalidInputException>(() => ArticleStore.Validate(input, Framework));
        Assert.Equal(["competencies[0]", "levels[0]", "media[0].url", "slug"], error.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("a \u0002b\u0003 <c>", "a <mark>b</mark> &lt;c&gt;")]
    [InlineData("<script>\u0002x\u0003", "&lt;script&gt;<mark>x</mark>")]
    [InlineData("open \u0002only", "open <mark>only</mark>")]
    public void Snippets_are_encoded_before_matches_are_marked(string raw, string html) =>
        Assert.Equal(html, SearchEngine.MarkedHtml(raw));

    [Theory]
    [InlineData(null, "q")]
    [InlineData("x", "level", "9")]
    [InlineData("x", "competency", null, "juggling")]
    public void Search_query_errors_name_the_parameter(string? q, string field, string? level = null, string? competency = null)
    {
        var error = Assert.Throws<InvalidInputException>(() => SearchQuery.Parse(q, level, competency, Framework));
        Assert.True(error.Errors.ContainsKey(field));
    }
}
