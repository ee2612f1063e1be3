using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Jobs;
using PmoPath.Testing;
using PmoPath.Testing.People;

namespace PmoPath.Web.Tests.Jobs;

/// <summary>An organisation's admin posts and closes its jobs, through the API and the pages, on each provider; nobody else does.</summary>
public abstract class JobPostingTests(PeopleWorld world)
{
    private DateOnly Today => world.App.Services.GetRequiredService<JobStore>().Today;

    private static string Word() => "okapi" + Guid.NewGuid().ToString("N")[..8];

    private object Body(string word, DateOnly? opensOn = null, DateOnly? closesOn = null) => new
    {
        title = $"PMO Lead {word}",
        level = 3,
        pmoType = "portfolio-office",
        location = "Leeds",
        workMode = "hybrid",
        salaryFrom = 50000,
        salaryTo = 60000,
        opensOn = opensOn ?? Today,
        closesOn = closesOn ?? Today.AddDays(30),
        certificates = new[] { "axelos-p3o-practitioner" },
        competencies = new[] { new { code = "leadership-people", rating = 3 } },
        description = $"Lead the portfolio office; {word}.",
        applyUrl = "https://careers.acme.example/pmo-lead",
    };

    private HttpClient Anonymous() => new() { BaseAddress = world.App.BaseAddress };

    private async Task<List<JsonElement>> ListedAsync() => [.. (await Anonymous().GetFromJsonAsync<JsonElement>("/api/jobs")).EnumerateArray()];

    private async Task<List<JsonElement>> SearchAsync(string q) => [.. (await Anonymous().GetFromJsonAsync<JsonElement>($"/api/search?q={q}")).EnumerateArray()];

    [Fact]
    public async Task An_org_admin_posts_a_job_under_their_organisation_and_only_they_close_it()
    {
        var word = Word();
        var response = await world.Api("hr").PostAsJsonAsync("/api/jobs", Body(word));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var job = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = job.GetProperty("id").GetInt32();
        Assert.Equal("Acme", job.GetProperty("organisation").GetString());
        Assert.Equal($"/api/jobs/{id}", response.Headers.Location?.OriginalString);
        Assert.Contains(await ListedAsync(), j => j.GetProperty("id").GetInt32() == id);
        Assert.Equal(HttpStatusCode.OK, (await Anonymous().GetAsync($"/api/jobs/{id}")).StatusCode);
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(await SearchAsync(word)).GetProperty("key").GetString());

        // Another organisation's admin, a manager, a practitioner, a provider and the site-admin see it but may not close it.
        foreach (var other in new[] { "hr-b", "manager", "pat", "provider", "admin" })
            Assert.Equal(HttpStatusCode.Forbidden, (await world.Api(other).PostAsync($"/api/jobs/{id}/close", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous().PostAsync($"/api/jobs/{id}/close", null)).StatusCode);
        Assert.Contains(await ListedAsync(), j => j.GetProperty("id").GetInt32() == id);

        var closed = await world.Api("hr").PostAsync($"/api/jobs/{id}/close", null);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.True((await closed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("closed").GetBoolean());
        Assert.DoesNotContain(await ListedAsync(), j => j.GetProperty("id").GetInt32() == id);
        Assert.Empty(await SearchAsync(word));
        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous().GetAsync($"/api/jobs/{id}")).StatusCode);
        // Its own organisation still reads it, closed.
        Assert.True((await world.Api("hr").GetFromJsonAsync<JsonElement>($"/api/jobs/{id}")).GetProperty("closed").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await world.Api("hr").PostAsync($"/api/jobs/{id}/close", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.Api("hr").PostAsync("/api/jobs/987654/close", null)).StatusCode);
    }

    [Fact]
    public async Task Only_org_admins_post_and_bad_dates_or_an_organisation_in_the_body_are_named_with_nothing_saved()
    {
        var word = Word();
        foreach (var other in new[] { "pat", "manager", "provider", "admin" })
            Assert.Equal(HttpStatusCode.Forbidden, (await world.Api(other).PostAsJsonAsync("/api/jobs", Body(word))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous().PostAsJsonAsync("/api/jobs", Body(word))).StatusCode);

        var backwards = await world.Api("hr").PostAsJsonAsync("/api/jobs", Body(word, opensOn: Today.AddDays(10), closesOn: Today.AddDays(5)));
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.True((await backwards.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("closesOn", out _), "errors should name 'closesOn'");

        var past = await world.Api("hr").PostAsJsonAsync("/api/jobs", Body(word, opensOn: Today.AddDays(-20), closesOn: Today.AddDays(-1)));
        Assert.True((await past.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("closesOn", out _));

        var named = await world.Api("hr").PostAsJsonAsync("/api/jobs", new { title = "X " + word, organisation = "Globex", level = 2, pmoType = "project-office", location = "York", closesOn = Today.AddDays(9), applyUrl = "jobs@acme.example" });
        Assert.True((await named.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("organisation", out _));
        var overPosted = await world.Api("hr").PostAsJsonAsync("/api/jobs", new { title = "Y " + word, organisationId = Guid.NewGuid(), level = 2, pmoType = "project-office", location = "York", closesOn = Today.AddDays(9), applyUrl = "jobs@acme.example" });
        Assert.Equal(HttpStatusCode.BadRequest, overPosted.StatusCode);
        Assert.Contains("organisationId", await overPosted.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.DoesNotContain(await ListedAsync(), j => j.GetProperty("title").GetString()!.Contains(word, StringComparison.Ordinal));
        Assert.Empty(await SearchAsync(word));
    }

    [Fact]
    public async Task The_pages_post_a_job_and_close_it_and_show_the_close_button_only_on_the_organisations_own_jobs()
    {
        var word = Word();
        using var hr = await world.SignInAsync("hr");
        var jobs = new HtmlParser().ParseDocument(await hr.GetStringAsync("/jobs"));
        Assert.NotNull(jobs.QuerySelector("a.post-job[href='/jobs/new']"));

        var fields = new Dictionary<string, string>
        {
            ["Form.Title"] = $"Paged {word}", ["Form.Level"] = "2", ["Form.PmoType"] = "programme-office", ["Form.Location"] = "York",
            ["Form.WorkMode"] = "Remote", ["Form.Currency"] = "GBP", ["Form.OpensOn"] = Iso(Today), ["Form.ClosesOn"] = Iso(Today.AddDays(-3)),
            ["Form.Certificates[axelos-p3o-foundation]"] = "true", ["Form.Competencies[reporting-analysis]"] = "2", ["Form.Description"] = word,
            ["Form.ApplyUrl"] = "jobs@acme.example",
        };
        var bad = await PeopleWorld.PostFormAsync(hr, "/jobs/new", "post-job", fields);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("closesOn", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await SearchAsync(word));

        var posted = await PeopleWorld.PostFormAsync(hr, "/jobs/new", "post-job", new(fields) { ["Form.ClosesOn"] = Iso(Today.AddDays(20)) });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var job = (await ListedAsync()).Single(j => j.GetProperty("title").GetString() == $"Paged {word}");
        Assert.Equal("Acme", job.GetProperty("organisation").GetString());
        Assert.Equal("remote", job.GetProperty("workMode").GetString());
        Assert.Equal(["axelos-p3o-foundation"], job.GetProperty("certificates").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(2, Assert.Single(job.GetProperty("competencies").EnumerateArray()).GetProperty("rating").GetInt32());
        var id = job.GetProperty("id").GetInt32();

        // The close button is beside Acme's own jobs only; Globex's admin sees none on it.
        var page = new HtmlParser().ParseDocument(await hr.GetStringAsync("/jobs"));
        Assert.NotNull(page.QuerySelector($"#job-{id} button[name=CloseJob][form=close-jobs]"));
        Assert.All(page.QuerySelectorAll(".job button[name=CloseJob]"),
            b => Assert.Equal("Acme", page.QuerySelector($"#job-{b.GetAttribute("value")} .organisation")!.TextContent));
        using var hrB = await world.SignInAsync("hr-b");
        Assert.Null(new HtmlParser().ParseDocument(await hrB.GetStringAsync("/jobs")).QuerySelector($"#job-{id} button[name=CloseJob]"));
        var refused = await PeopleWorld.PostFormAsync(hrB, "/jobs", "close-job", new() { ["CloseJob"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        var closed = await PeopleWorld.PostFormAsync(hr, "/jobs", "close-job", new() { ["CloseJob"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        Assert.DoesNotContain(await ListedAsync(), j => j.GetProperty("id").GetInt32() == id);

        // A practitioner is turned away from the form.
        using var pat = await world.SignInAsync("pat");
        Assert.Equal(HttpStatusCode.Redirect, (await pat.GetAsync("/jobs/new")).StatusCode);
        Assert.Null(new HtmlParser().ParseDocument(await pat.GetStringAsync("/jobs")).QuerySelector("a.post-job"));
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class JobPostingOnSqliteTests(SqlitePeopleWorld world) : JobPostingTests(world), IClassFixture<SqlitePeopleWorld>;

public sealed class JobPostingOnPostgresTests(PostgresPeopleWorld world) : JobPostingTests(world), IClassFixture<PostgresPeopleWorld>;
