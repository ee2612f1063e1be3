using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Accounts;
using PmoPath.Jobs;
using PmoPath.Testing.People;
using static PmoPath.Testing.TestDates;

namespace PmoPath.Web.Tests.Jobs;

/// <summary>
/// A page per job: how to apply (required when posting: a web or email address), what it asks for linked to the
/// courses, and for a signed-in person what they still lack; the jobs list leads to it. On each database.
/// </summary>
public abstract class JobPageTests(PeopleWorld world)
{
    private DateOnly Today => world.App.Services.GetRequiredService<JobStore>().Today;

    private object Body(string title, string? applyUrl) => new
    {
        title, level = 3, pmoType = "portfolio-office", location = "Leeds", workMode = "hybrid",
        closesOn = Today.AddDays(30),
        certificates = new[] { "axelos-p3o-practitioner" },
        competencies = new[] { new { code = "benefits-management", rating = 3 } },
        description = "Lead the portfolio office.",
        applyUrl,
    };

    private async Task<int> PostAsync(string title, string applyUrl)
    {
        var response = await world.Api("hr").PostAsJsonAsync("/api/jobs", Body(title, applyUrl));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private static async Task<IDocument> PageAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(null, "Say how to apply")]
    [InlineData("   ", "Say how to apply")]
    [InlineData("call Hana", "is neither an http or https address nor an email address")]
    [InlineData("javascript:alert(1)", "is neither an http or https address nor an email address")]
    [InlineData("ftp://jobs.acme.example/", "is neither an http or https address nor an email address")]
    [InlineData("hana@", "is neither an http or https address nor an email address")]
    public async Task Posting_a_job_requires_a_web_or_email_address_to_apply_to(string? applyUrl, string message)
    {
        var response = await world.Api("hr").PostAsJsonAsync("/api/jobs", Body("No way to apply " + Guid.NewGuid().ToString("N")[..6], applyUrl));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains(message, errors.GetProperty("applyUrl")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_email_address_is_kept_as_a_mailto_link_and_a_web_address_as_given()
    {
        var byMail = await PostAsync("By mail", "  pmo.jobs@acme.example ");
        var byWeb = await PostAsync("By web", "https://careers.acme.example/roles/42?src=pmopath");
        using var anonymous = new HttpClient { BaseAddress = world.App.BaseAddress };
        Assert.Equal("mailto:pmo.jobs@acme.example", (await anonymous.GetFromJsonAsync<JsonElement>($"/api/jobs/{byMail}")).GetProperty("applyUrl").GetString());
        Assert.Equal("https://careers.acme.example/roles/42?src=pmopath", (await anonymous.GetFromJsonAsync<JsonElement>($"/api/jobs/{byWeb}")).GetProperty("applyUrl").GetString());

        var mail = (await PageAsync(anonymous, $"/jobs/{byMail}")).QuerySelector("#apply a.apply")!;
        Assert.Equal("mailto:pmo.jobs@acme.example", mail.GetAttribute("href"));
        Assert.Equal("pmo.jobs@acme.example", mail.TextContent);
        var web = (await PageAsync(anonymous, $"/jobs/{byWeb}")).QuerySelector("#apply a.apply")!;
        Assert.Equal("https://careers.acme.example/roles/42?src=pmopath", web.GetAttribute("href"));
        Assert.Equal("careers.acme.example", web.TextContent);
    }

    [Fact]
    public async Task A_visitor_reaches_the_job_from_the_list_and_sees_what_it_asks_for_linked_to_the_courses()
    {
        var title = "Portfolio lead " + Guid.NewGuid().ToString("N")[..6];
        var id = await PostAsync(title, "jobs@acme.example");
        using var anonymous = new HttpClient { BaseAddress = world.App.BaseAddress };

        var list = await PageAsync(anonymous, "/jobs");
        Assert.Equal(title, list.QuerySelector($"#job-{id} h2 a[href='/jobs/{id}']")!.TextContent);

        var page = await PageAsync(anonymous, $"/jobs/{id}");
        Assert.Equal(title, page.QuerySelector("h1")!.TextContent);
        var asks = page.QuerySelector("#asks")!;
        Assert.Equal("P3O Practitioner", asks.QuerySelector("li[data-code='axelos-p3o-practitioner'] a[href='/courses/axelos-p3o-practitioner']")!.TextContent);
        var competency = asks.QuerySelector("li[data-code='benefits-management']")!;
        Assert.Contains("Skilled (3 of 4)", competency.TextContent, StringComparison.Ordinal);
        Assert.NotNull(competency.QuerySelector("a[href='/courses/benefits-management']"));
        Assert.NotNull(page.QuerySelector($"#lacking a[href='/account/sign-in?returnUrl=%2Fjobs%2F{id}']"));
        Assert.DoesNotMatch(@"\b\d{4}-\d{2}-\d{2}\b", page.QuerySelector("main")!.TextContent);

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/jobs/987654")).StatusCode);
    }

    [Fact]
    public async Task A_signed_in_person_sees_what_they_lack_and_then_that_they_lack_nothing()
    {
        var id = await PostAsync("Gap check " + Guid.NewGuid().ToString("N")[..6], "https://careers.acme.example/gap");
        var member = await world.AddAsync("job-page-" + Guid.NewGuid().ToString("N")[..6], "Acme", PmoRole.Practitioner);
        using var api = world.Api(member.Key);
        Assert.Equal(HttpStatusCode.OK, (await api.PatchAsJsonAsync($"/api/people/{member.PersonId}/record", new
        {
            level = 2, targetLevel = 3, competencies = new Dictionary<string, int> { ["benefits-management"] = 1 },
        })).StatusCode);

        using var browser = await world.SignInAsync(member.Key);
        var lacking = (await PageAsync(browser, $"/jobs/{id}")).QuerySelector("#lacking")!;
        Assert.NotNull(lacking.QuerySelector("li.lacking-certificate[data-code='axelos-p3o-practitioner'] a[href='/courses/axelos-p3o-practitioner']"));
        var gap = lacking.QuerySelector("li.lacking-competency[data-code='benefits-management']")!;
        Assert.Contains("you rate yourself 1, the job asks 3", gap.TextContent, StringComparison.Ordinal);
        Assert.NotNull(gap.QuerySelector("a[href='/courses/benefits-management']"));

        Assert.Equal(HttpStatusCode.OK, (await api.PatchAsJsonAsync($"/api/people/{member.PersonId}/record", new
        {
            certificates = new[]
            {
                new { code = "axelos-p3o-foundation", achievedOn = Day(Today.AddMonths(-14)) },
                new { code = "axelos-p3o-practitioner", achievedOn = Day(Today.AddMonths(-2)) },
            },
            competencies = new Dictionary<string, int> { ["benefits-management"] = 3 },
        })).StatusCode);
        lacking = (await PageAsync(browser, $"/jobs/{id}")).QuerySelector("#lacking")!;
        Assert.True(lacking.QuerySelector(".lacking-nothing") is not null, lacking.TextContent);
        Assert.Empty(lacking.QuerySelectorAll("li"));
    }
}

public sealed class JobPageOnSqliteTests(SqlitePeopleWorld world) : JobPageTests(world), IClassFixture<SqlitePeopleWorld>;

public sealed class JobPageOnPostgresTests(PostgresPeopleWorld world) : JobPageTests(world), IClassFixture<PostgresPeopleWorld>;
