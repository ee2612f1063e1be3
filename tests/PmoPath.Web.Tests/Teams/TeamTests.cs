using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using PmoPath.Accounts;
using PmoPath.Testing;
using PmoPath.Testing.People;

namespace PmoPath.Web.Tests.Teams;

/// <summary>The manager's team view, the team plan within a budget and accepting it, through the API and the page, on each database.</summary>
public abstract class TeamTests(PeopleWorld world) : IAsyncLifetime
{
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public async Task InitializeAsync()
    {
        using var pat = world.Api("pat");
        // Pat: level 2 aiming at 3, a P3O Foundation certificate that lapses in 60 days, a few ratings.
        var record = await pat.PutAsJsonAsync($"/api/people/{world["pat"].PersonId}/record", new
        {
            displayName = "Pat Practitioner", level = 2, targetLevel = 3, yearsInPmo = 4,
            certificates = new[] { new { code = "axelos-p3o-foundation", achievedOn = Today.AddYears(-3).AddDays(60).ToString("yyyy-MM-dd") } },
            competencies = new Dictionary<string, int?> { ["benefits-management"] = 1, ["agile-ways-of-working"] = 3 },
        });
        Assert.Equal(HttpStatusCode.OK, record.StatusCode);
        using var sam = world.Api("sam");
        await sam.PutAsJsonAsync($"/api/people/{world["sam"].PersonId}/record", new { displayName = "Sam Practitioner", level = 1 });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_manager_sees_their_team_with_gaps_renewals_and_who_is_overdue()
    {
        using var manager = world.Api("manager");
        var team = await manager.GetFromJsonAsync<JsonElement>("/api/team");

        var members = team.GetProperty("members").EnumerateArray().ToList();
        Assert.Equal(["Pat Practitioner", "Sam Practitioner"], members.Select(m => m.GetProperty("name").GetString()));
        var pat = members[0];
        var areas = team.GetProperty("areas").EnumerateArray().Select(a => a.GetProperty("code").GetString()).ToList();
        var gaps = pat.GetProperty("gaps").EnumerateArray().Select(g => g.GetInt32()).ToList();
        // Level 3 expects benefits management 3: Pat rates 1, a gap of 2; agile 3 expected, rated 3, no gap.
        Assert.Equal(2, gaps[areas.IndexOf("benefits-management")]);
        Assert.Equal(0, gaps[areas.IndexOf("agile-ways-of-working")]);
        Assert.Equal(3, gaps[areas.IndexOf("portfolio-management")]);

        var lapsing = Assert.Single(team.GetProperty("lapsingSoon").EnumerateArray());
        Assert.Equal("axelos-p3o-foundation", lapsing.GetProperty("code").GetString());
        Assert.Equal(60, lapsing.GetProperty("daysLeft").GetInt32());
        Assert.True(members[1].GetProperty("noRecentCertification").GetBoolean());
        Assert.False(pat.GetProperty("noRecentCertification").GetBoolean());
    }

    [Fact]
    public async Task Nobody_else_sees_the_team()
    {
        using (var pat = world.Api("pat"))
            Assert.Equal(HttpStatusCode.Forbidden, (await pat.GetAsync("/api/team")).StatusCode);
        using (var provider = world.Api("provider"))
            Assert.Equal(HttpStatusCode.Forbidden, (await provider.GetAsync("/api/team")).StatusCode);
        using (var other = world.Api("manager2"))
        {
            var team = await other.GetFromJsonAsync<JsonElement>("/api/team");
            Assert.Equal(["Cole Colleague"], team.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        }
        var alpha = await TeamIdAsync("Alpha");
        using (var hr = world.Api("hr"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await hr.GetAsync("/api/team")).StatusCode);
            var team = await hr.GetFromJsonAsync<JsonElement>($"/api/team?teamId={alpha}");
            Assert.Equal(2, team.GetProperty("members").GetArrayLength());
        }
        using var hrB = world.Api("hr-b");
        var response = await hrB.GetAsync($"/api/team?teamId={alpha}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("Pat", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<Guid> TeamIdAsync(string name)
    {
        await using var db = await Testing.Sessions.SessionKit.SystemAsync(world.App);
        return db.Teams.Where(t => t.Name == name).Select(t => t.Id).First();
    }

    [Fact]
    public async Task The_plan_stays_within_the_budget_and_is_accepted_into_plans_once()
    {
        using var manager = world.Api("manager");
        var bad = await manager.PostAsJsonAsync("/api/team/plan", new { budget = -5, days = 3 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("budget", out _));

        var plan = await (await manager.PostAsJsonAsync("/api/team/plan", new { budget = 2500, days = 5 })).Content.ReadFromJsonAsync<JsonElement>();
        var items = plan.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        Assert.True(plan.GetProperty("cost").GetDecimal() <= 2500);
        Assert.True(plan.GetProperty("days").GetDecimal() <= 5);
        Assert.Equal(items.Sum(i => i.GetProperty("cost").GetDecimal()), plan.GetProperty("cost").GetDecimal());
        Assert.All(items, i => Assert.Contains(i.GetProperty("personName").GetString(), new[] { "Pat Practitioner", "Sam Practitioner" }));
        // P3O Practitioner would renew Pat's lapsing AXELOS certificate: worth its weight in the plan's reasons.
        var reasons = items.SelectMany(i => i.GetProperty("reasons").EnumerateArray().Select(r => r.GetString())).ToList();
        Assert.Contains(reasons, r => r!.Contains("gap", StringComparison.Ordinal) || r.Contains("certif", StringComparison.Ordinal));

        var accept = new { items = items.Select(i => new { personId = i.GetProperty("personId").GetGuid(), courseCode = i.GetProperty("courseCode").GetString(), targetDate = i.GetProperty("startsOn").GetString() }).ToList() };
        var first = await (await manager.PostAsJsonAsync("/api/team/plan/accept", accept)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(items.Count, first.GetProperty("added").GetInt32());
        var again = await (await manager.PostAsJsonAsync("/api/team/plan/accept", accept)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, again.GetProperty("added").GetInt32());
        Assert.Equal(items.Count, again.GetProperty("alreadyPlanned").GetInt32());

        var patItems = items.Where(i => i.GetProperty("personName").GetString() == "Pat Practitioner").Select(i => i.GetProperty("courseCode").GetString()).ToList();
        using var pat = world.Api("pat");
        var patPlan = await pat.GetFromJsonAsync<JsonElement>($"/api/people/{world["pat"].PersonId}/plan");
        foreach (var code in patItems)
            Assert.Contains(patPlan.GetProperty("items").EnumerateArray(), i => i.GetProperty("code").GetString() == code && i.GetProperty("status").GetString() == "planned");

        // A manager cannot put courses into the plan of someone outside their teams.
        var outside = await manager.PostAsJsonAsync("/api/team/plan/accept", new { items = new[] { new { personId = world["colleague"].PersonId, courseCode = "agile-pmo", targetDate = (string?)null } } });
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
    }

    [Fact]
    public async Task Enough_people_on_one_course_earn_an_in_house_suggestion()
    {
        await world.AddAsync("lead", "Acme", PmoRole.PmoManager, null, null, "Lee Lead");
        for (var i = 1; i <= 7; i++)
        {
            var member = await world.AddAsync($"delta{i}", "Acme", PmoRole.Practitioner, "Delta", "lead", $"Delta {i}");
            using var client = world.Api(member.Key);
            await client.PutAsJsonAsync($"/api/people/{member.PersonId}/record", new { displayName = $"Delta {i}", level = 1 });
        }
        using var lead = world.Api("lead");
        var plan = await (await lead.PostAsJsonAsync("/api/team/plan", new { budget = 100_000, days = 100 })).Content.ReadFromJsonAsync<JsonElement>();
        var suggestion = plan.GetProperty("inHouse").EnumerateArray().First();
        Assert.True(suggestion.GetProperty("people").GetInt32() >= 6);
        Assert.True(suggestion.GetProperty("saving").GetDecimal() > 0);
    }

    [Fact]
    public async Task The_team_page_shows_the_heat_map_plans_and_accepts()
    {
        using var browser = await world.SignInAsync("manager");
        var page = await browser.GetStringAsync("/team?budget=2500&days=5");
        var document = new HtmlParser().ParseDocument(page);
        Assert.Equal(2, document.QuerySelectorAll("table.heatmap tbody tr").Length);
        Assert.Contains("Pat Practitioner", document.QuerySelector("#lapsing")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Sam Practitioner", document.QuerySelector("#overdue")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(document.QuerySelector("table.team-plan"));
        Assert.Contains("branch and bound", document.QuerySelector("#plan-method")!.TextContent, StringComparison.Ordinal);

        var fields = document.QuerySelectorAll("form input[type=hidden][name^=Accepted]").ToDictionary(e => e.GetAttribute("name")!, e => e.GetAttribute("value")!);
        var response = await PeopleWorld.PostFormAsync(browser, "/team?budget=2500&days=5", "accept-plan", fields);
        var after = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("courses to people", after, StringComparison.Ordinal);

        using var pat = await world.SignInAsync("pat");
        Assert.Equal(HttpStatusCode.Redirect, (await pat.GetAsync("/team")).StatusCode);
    }
}

public sealed class TeamOnSqliteTests(SqlitePeopleWorld world) : TeamTests(world), IClassFixture<SqlitePeopleWorld>;

public sealed class TeamOnPostgresTests(PostgresPeopleWorld world) : TeamTests(world), IClassFixture<PostgresPeopleWorld>;
