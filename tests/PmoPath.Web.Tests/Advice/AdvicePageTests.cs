using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Exchange;
using PmoPath.Framework;
using PmoPath.Testing;

namespace PmoPath.Web.Tests.Advice;

/// <summary>The public career guide and the "how we advise" page, server-rendered, with plain form posts.</summary>
public class AdvicePageTests(AdviceAppFixture fixture) : IClassFixture<AdviceAppFixture>
{
    private static readonly HtmlParser Parser = new();

    private static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_career_guide_asks_for_level_target_PMO_type_certificates_courses_and_ratings()
    {
        var page = await ParseAsync(await fixture.App.Client.GetAsync("/career-guide"));

        var form = page.QuerySelector("form[method=post]")!;
        Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.NotNull(form.QuerySelector("select[name='Input.Level']"));
        Assert.NotNull(form.QuerySelector("select[name='Input.TargetLevel']"));
        Assert.NotNull(form.QuerySelector("select[name='Input.PmoType']"));
        Assert.NotNull(form.QuerySelector("input[name='Input.Achieved[axelos-p3o-foundation]'][type=date]"));
        Assert.NotNull(form.QuerySelector("input[name='Input.Achieved[bcs-ppso-essentials]']"));
        Assert.NotNull(form.QuerySelector("input[name='Input.Completed[agile-pmo]'][type=checkbox]"));
        Assert.NotNull(form.QuerySelector("select[name='Input.Ratings[benefits-management]']"));
        Assert.Null(page.QuerySelector(".advice"));
    }

    [Fact]
    public async Task Answering_shows_the_advice_and_the_roadmap_with_every_reason()
    {
        using var response = await FormPost.SubmitAsync(fixture.App.Client, "/career-guide", "career-guide",
        [
            new("Input.Level", "1"), new("Input.TargetLevel", "2"), new("Input.AsOf", "2027-01-11"),
            new("Input.Ratings[agile-ways-of-working]", "0"),
        ]);
        var page = await ParseAsync(response);

        var first = page.QuerySelector("li.recommendation")!;
        Assert.Equal("hop-essentials-pmo-administrators", first.GetAttribute("data-code"));
        Assert.NotEmpty(first.QuerySelectorAll("ul.reasons li"));
        Assert.Contains("core certification for level 1", first.TextContent, StringComparison.Ordinal);
        Assert.Equal(["2027", "2028", "2029"], page.QuerySelectorAll("li.roadmap-year").Select(y => y.GetAttribute("data-year")!));
        Assert.All(page.QuerySelectorAll("li.held-back"), h => Assert.NotEmpty(h.QuerySelectorAll("ul.reasons li")));
        // The answers stay filled in.
        Assert.NotNull(page.QuerySelector("select[name='Input.Level'] option[value='1'][selected]"));
    }

    [Fact]
    public async Task Show_my_advice_redirects_to_an_address_that_carries_the_answers_with_the_answer_first()
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.App.BaseAddress };
        using var response = await FormPost.SubmitAsync(browser, "/career-guide", "career-guide",
        [
            new("Input.Level", "1"), new("Input.TargetLevel", "2"), new("Input.AsOf", "2027-01-11"),
            new("Input.Achieved[axelos-p3o-foundation]", "2025-01-15"), new("Input.Ratings[agile-ways-of-working]", "0"),
        ]);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        // "As of" today is left out of the address, so it stays current when shared.
        Assert.Equal("/career-guide/advice?level=1&target=2&cert=axelos-p3o-foundation%3A2025-01-15&rate=agile-ways-of-working%3A0#answer",
            location.StartsWith('/') ? location : new Uri(location).PathAndQuery + new Uri(location).Fragment);

        var page = await ParseAsync(await browser.GetAsync(location.Split('#')[0]));
        var heading = page.QuerySelector("h2#answer")!;
        Assert.Equal("-1", heading.GetAttribute("tabindex"));
        Assert.Contains("11 Jan 2027", heading.TextContent, StringComparison.Ordinal);
        var form = page.QuerySelector("form.career-guide-form")!;
        // The answer comes before the form in the page, and the form holds the answers to change them.
        Assert.Equal(AngleSharp.Dom.DocumentPositions.Following, heading.CompareDocumentPosition(form) & AngleSharp.Dom.DocumentPositions.Following);
        Assert.NotNull(form.QuerySelector("select[name='Input.Level'] option[value='1'][selected]"));
        Assert.Equal("2025-01-15", form.QuerySelector("input[name='Input.Achieved[axelos-p3o-foundation]']")!.GetAttribute("value"));
        Assert.NotEmpty(page.QuerySelectorAll("li.recommendation"));
        // People read one date format; ISO stays in the attributes (and in the API).
        Assert.DoesNotMatch(@"\d{4}-\d{2}-\d{2}", page.QuerySelector("section.advice")!.TextContent);
        Assert.Contains("15 Jan 2025", page.QuerySelector("section.advice")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_training_budget_is_carried_in_the_result_address_and_a_bad_one_is_named_by_its_label()
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.App.BaseAddress };
        using var response = await FormPost.SubmitAsync(browser, "/career-guide", "career-guide",
        [
            new("Input.Level", "1"), new("Input.TargetLevel", "2"), new("Input.AsOf", "2027-01-11"), new("Input.BudgetPerYear", "1200"),
        ]);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.Contains("&budget=1200", location, StringComparison.Ordinal);
        var page = await ParseAsync(await browser.GetAsync(location.Split('#')[0]));
        Assert.NotNull(page.QuerySelector("h2#answer"));
        Assert.Equal("1200", page.QuerySelector("input[name='Input.BudgetPerYear']")!.GetAttribute("value"));

        var bad = await ParseAsync(await browser.GetAsync("/career-guide/advice?level=1&target=2&budget=-5"));
        var summary = bad.QuerySelector(".form-errors")!.TextContent;
        Assert.Contains("Training budget a year: a budget cannot be negative.", summary, StringComparison.Ordinal);
        Assert.Equal("#budget", bad.QuerySelector(".form-errors li[data-field=budgetPerYear] a")!.GetAttribute("href"));
        Assert.Null(bad.QuerySelector("h2#answer"));
    }

    [Fact]
    public async Task A_bad_answer_in_the_summary_is_named_by_the_forms_label_not_the_field_code()
    {
        using var response = await FormPost.SubmitAsync(fixture.App.Client, "/career-guide", "career-guide",
        [
            new("Input.Level", "3"), new("Input.TargetLevel", "2"), new("Input.AsOf", "2027-01-11"),
            new("Input.Achieved[axelos-p3o-foundation]", "2027-02-01"),
        ]);
        var page = await ParseAsync(response);

        var summary = page.QuerySelector(".form-errors")!.TextContent;
        Assert.Contains("The level you aim for: level 2 is below", summary, StringComparison.Ordinal);
        Assert.Contains("The day you passed P3O Foundation: 1 Feb 2027 is after 11 Jan 2027", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("targetLevel", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("certifications[", summary, StringComparison.Ordinal);
        Assert.Equal("#target", page.QuerySelector(".form-errors li[data-field=targetLevel] a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_home_page_fills_in_the_numbers_of_its_advice_rules()
    {
        var page = await ParseAsync(await fixture.App.Client.GetAsync("/"));

        var text = page.Body!.TextContent;
        Assert.DoesNotMatch(@"\{[A-Za-z]+\}", text);
        Assert.Contains("A certification course every 2 to 3 years", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_answer_is_named_by_its_field_and_no_advice_is_shown()
    {
        using var response = await FormPost.SubmitAsync(fixture.App.Client, "/career-guide", "career-guide",
        [
            new("Input.Level", "3"), new("Input.TargetLevel", "2"), new("Input.AsOf", "2027-01-11"),
            new("Input.Achieved[axelos-p3o-foundation]", "2027-02-01"),
        ]);
        var page = await ParseAsync(response);

        var fields = page.QuerySelectorAll(".form-errors li").Select(li => li.GetAttribute("data-field")).ToList();
        Assert.Contains("targetLevel", fields);
        Assert.Contains("certifications[0].achievedOn", fields);
        Assert.Null(page.QuerySelector(".advice"));
    }

    [Fact]
    public async Task How_we_advise_shows_every_rule_of_the_policy_with_its_numbers()
    {
        var page = await ParseAsync(await fixture.App.Client.GetAsync("/how-we-advise"));

        var rules = page.QuerySelectorAll("li.advice-rule").Select(r => r.GetAttribute("data-rule")!).ToList();
        Assert.Equal(DefaultRules(), rules);
        Assert.Contains("A certification course every 2 to 3 years", page.QuerySelector("#rule-certification-cadence h3")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("12", page.QuerySelector("tr[data-number=specialistDueWithinMonths] td")!.TextContent.Trim());
        Assert.Contains("IPMO-Expert", page.QuerySelector("tr[data-level='4']")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("currently works at level 4", page.QuerySelector("li[data-code=aipmo-ipmo-expert]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task How_we_advise_follows_the_policy_an_admin_imports()
    {
        await using var app = await TestApp.StartAsync();
        var document = FrameworkJson.ReadDefault();
        document.Advice.CertificationDueAfterYears = 3;
        document.Advice.CertificationOverdueAfterYears = 4;
        document.Advice.Rules.Single(r => r.Code == "held").Title = "Never what you hold";
        await app.Services.GetRequiredService<FrameworkStore>().ImportAsync(document, "test", "test");

        var page = await ParseAsync(await app.Client.GetAsync("/how-we-advise"));

        Assert.Contains("A certification course every 3 to 4 years", page.QuerySelector("#rule-certification-cadence h3")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Never what you hold", page.QuerySelector("#rule-held h3")!.TextContent);
        Assert.Equal("3", page.QuerySelector("tr[data-number=certificationDueAfterYears] td")!.TextContent.Trim());
    }

    private static List<string> DefaultRules() => [.. FrameworkJson.ReadDefault().Advice.Rules.Select(r => r.Code)];
}
