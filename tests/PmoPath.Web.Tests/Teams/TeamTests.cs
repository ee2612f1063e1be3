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
    private static DateOnly Today => TestClock.Today;

    public async Task InitializeAsync()
    {
        using var pat = world.Api("pat");
        // Pat: level 2 aiming at 3, a P3O Foundation certificate that lapses in 60 days, a few ratings.
        var record = await pat.PatchAsJsonAsync($"/api/people/{world["pat"].PersonId}/record", new
        {
            displayName = "Pat Practitioner", level = 2, targetLevel = 3, yearsInPmo = 4,
            certificates = new[] { new { code = "axelos-p3o-foundation", achievedOn = Today.AddDays(60).AddYears(-3).ToString("yyyy-MM-dd") } },
            competencies = new Dictionary<string, int?> { ["benefits-management"] = 1, ["agile-ways-of-working"] = 3 },
        });
        Assert.Equal(HttpStatusCode.OK, record.StatusCode);
        using var sam = world.Api("sam");
        // Sam: level 1, no target, no certificates (a test may give Sam some; each test starts from none).
        var samRecord = await sam.PatchAsJsonAsync($"/api/people/{world["sam"].PersonId}/record", new { displayName = "Sam Practitioner", level = 1, certificates = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.OK, samRecord.StatusCode);
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
            await client.PatchAsJsonAsync($"/api/people/{member.PersonId}/record", new { displayName = $"Delta {i}", level = 1 });
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
        Assert.Contains("Pat Practitioner", document.QuerySelector("#table-renewals")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Sam Practitioner", document.QuerySelector("#table-overdue")!.TextContent, StringComparison.Ordinal);
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

    [Fact]
    public async Task The_team_page_shows_each_members_level_target_certificate_status_and_plan_progress()
    {
        // Pat: an AXELOS certificate due for renewal and an AIPMO one that never lapses; Sam: a lapsed AXELOS certificate.
        var patDue = Today.AddDays(60).AddYears(-3);
        var samLapsed = Today.AddYears(-4);
        using (var pat = world.Api("pat"))
        {
            Assert.Equal(HttpStatusCode.OK, (await pat.PatchAsJsonAsync($"/api/people/{world["pat"].PersonId}/record", new
            {
                displayName = "Pat Practitioner", level = 2, targetLevel = 3,
                certificates = new[]
                {
                    new { code = "axelos-p3o-foundation", achievedOn = patDue.ToString("yyyy-MM-dd") },
                    new { code = "aipmo-ipmo-foundation", achievedOn = Today.AddYears(-1).ToString("yyyy-MM-dd") },
                },
            })).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await pat.PostAsJsonAsync($"/api/people/{world["pat"].PersonId}/plan", new { courseCode = "agile-pmo", status = "done" })).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await pat.PostAsJsonAsync($"/api/people/{world["pat"].PersonId}/plan", new { courseCode = "benefits-management" })).StatusCode);
        }
        using (var sam = world.Api("sam"))
            Assert.Equal(HttpStatusCode.OK, (await sam.PatchAsJsonAsync($"/api/people/{world["sam"].PersonId}/record", new
            {
                displayName = "Sam Practitioner", level = 1,
                certificates = new[] { new { code = "axelos-p3o-foundation", achievedOn = samLapsed.ToString("yyyy-MM-dd") } },
            })).StatusCode);

        using var browser = await world.SignInAsync("manager");
        var document = new HtmlParser().ParseDocument(await browser.GetStringAsync("/team"));
        var table = document.QuerySelector("#table-members")!;
        var headers = table.QuerySelectorAll("thead th").Select(th => th.TextContent.Trim()).ToList();
        Dictionary<string, string> Row(string name)
        {
            var row = table.QuerySelectorAll("tbody tr").Single(tr => tr.QuerySelector("th")!.TextContent.Trim() == name);
            return headers.Zip(row.QuerySelectorAll("th, td").Select(c => c.TextContent.Trim())).ToDictionary(x => x.First, x => x.Second);
        }

        var patRow = Row("Pat Practitioner");
        Assert.Equal("2", patRow["Level"]);
        Assert.Equal("3", patRow["Target level"]);
        Assert.Equal("IPMO-Foundation", patRow["Current certificates"]);
        Assert.Equal($"P3O Foundation (renew by {PmoPath.Web.Components.PageDates.Day(patDue.AddYears(3))})", patRow["Due for renewal"]);
        Assert.Equal("—", patRow["Not current"]);
        var samRow = Row("Sam Practitioner");
        Assert.Equal("1", samRow["Level"]);
        Assert.Equal("—", samRow["Target level"]);
        Assert.Equal("—", samRow["Current certificates"]);
        Assert.Equal("—", samRow["Due for renewal"]);
        Assert.Equal($"P3O Foundation (was due by {PmoPath.Web.Components.PageDates.Day(samLapsed.AddYears(3))})", samRow["Not current"]);
        Assert.NotNull(table.QuerySelector($"tbody th a[href='/people/{world["pat"].PersonId}']"));

        // Plan progress as each person's own plan counts it: done, and open (planned or booked).
        foreach (var (key, row) in new[] { ("pat", patRow), ("sam", samRow) })
        {
            using var client = world.Api(key);
            var items = (await client.GetFromJsonAsync<JsonElement>($"/api/people/{world[key].PersonId}/plan")).GetProperty("items").EnumerateArray()
                .Select(i => i.GetProperty("status").GetString()).ToList();
            Assert.Equal(items.Count(s => s == "done").ToString(System.Globalization.CultureInfo.InvariantCulture), row["Plan items done"]);
            Assert.Equal(items.Count(s => s is "planned" or "booked").ToString(System.Globalization.CultureInfo.InvariantCulture), row["Plan items open"]);
        }
        Assert.NotEqual("0", patRow["Plan items done"]);
        Assert.NotEqual("0", patRow["Plan items open"]);
    }

    [Fact]
    public async Task Every_team_table_downloads_as_csv_and_xlsx_with_the_figures_on_the_page()
    {
        using var browser = await world.SignInAsync("manager");
        var document = new HtmlParser().ParseDocument(await browser.GetStringAsync("/team"));
        var tables = document.QuerySelectorAll("table.report").ToList();
        Assert.Equal(["members", "gaps", "renewals", "overdue"], tables.Select(t => t.GetAttribute("data-table")));
        foreach (var table in tables)
        {
            var key = table.GetAttribute("data-table");
            Assert.Contains(document.QuerySelectorAll("p.downloads a"), a => a.GetAttribute("href") == $"/team/export/{key}.csv");
            Assert.Contains(document.QuerySelectorAll("p.downloads a"), a => a.GetAttribute("href") == $"/team/export/{key}.xlsx");
            await Insight.ReportFiles.AssertDownloadsMatchAsync(browser, table, "/team/export");
        }
        Assert.NotNull(document.QuerySelector("a[href='/team/export/all.xlsx']"));

        // The bearer API gives the same files; all.xlsx has one sheet per table.
        using var api = world.Api("manager");
        Assert.Equal(await browser.GetByteArrayAsync("/team/export/members.csv"), await api.GetByteArrayAsync("/api/team/export/members.csv"));
        var all = Insight.ReportFiles.Xlsx(await api.GetByteArrayAsync("/api/team/export/all.xlsx"));
        Assert.Equal(tables.Select(t => t.GetAttribute("data-table")), all.Select(s => s.Name));
        foreach (var missing in new[] { "no-such-table.csv", "members.pdf", "all.csv" })
            Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/team/export/{missing}")).StatusCode);

        // HR downloads the team it chose on the page, the links carrying its id.
        var alpha = await TeamIdAsync("Alpha");
        using var hr = await world.SignInAsync("hr");
        var hrPage = new HtmlParser().ParseDocument(await hr.GetStringAsync($"/team?teamId={alpha}"));
        Assert.NotNull(hrPage.QuerySelector($"p.downloads a[href='/team/export/members.csv?teamId={alpha}']"));
        await Insight.ReportFiles.AssertDownloadsMatchAsync(hr, hrPage.QuerySelector("#table-members")!, "/team/export", $"?teamId={alpha}");
    }

    public const string Hostile = "=HYPERLINK(\"http://evil\")";
    public const string HostileToo = "@SUM(1+1)";
    public const string HostileTeam = "+Omega";

    [Fact]
    public async Task A_hostile_team_member_name_is_neutralised_in_csv_and_is_a_text_cell_marked_as_text_in_xlsx()
    {
        await HostileTeamAsync();
        using var lead = world.Api("omega-lead");
        var expected = new Dictionary<string, string[]>
        {
            ["members"] = [Hostile, HostileToo, HostileTeam],
            ["gaps"] = [Hostile, HostileToo],
            ["renewals"] = [Hostile],
            ["overdue"] = [HostileToo, HostileTeam],
        };
        foreach (var (key, hostile) in expected)
        {
            var csv = await lead.GetByteArrayAsync($"/api/team/export/{key}.csv");
            Insight.ReportFiles.AssertNoFormulaLikeCell(csv);
            var cells = Insight.ReportFiles.Csv(csv).SelectMany(row => row).ToList();
            foreach (var text in hostile)
                Assert.Contains("'" + text, cells);
        }
        var members = System.Text.Encoding.UTF8.GetString(await lead.GetByteArrayAsync("/api/team/export/members.csv"));
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", members, StringComparison.Ordinal);

        var xlsx = await lead.GetByteArrayAsync("/api/team/export/all.xlsx");
        foreach (var text in new[] { Hostile, HostileToo, HostileTeam })
            Insight.ReportFiles.AssertTextCellMarkedAsText(xlsx, text);

        // On the page the names are text, never markup.
        using var browser = await world.SignInAsync("omega-lead");
        var document = new HtmlParser().ParseDocument(await browser.GetStringAsync("/team"));
        var names = document.QuerySelectorAll("#table-members tbody th").Select(th => th.TextContent.Trim()).ToList();
        Assert.Contains(Hostile, names);
        Assert.Contains(HostileToo, names);
    }

    /// <summary>
    /// Acme's team "+Omega", led by omega-lead: one member named as a formula with a certificate to renew within 90 days,
    /// another named as a formula with no certificate at all (so on the overdue list).
    /// </summary>
    private async Task HostileTeamAsync()
    {
        if (world.Members.Any(m => m.Key == "omega-lead"))
            return;
        var lead = await world.AddAsync("omega-lead", "Acme", PmoRole.PmoManager, null, null, "Olive Lead");
        await using var db = await Testing.Sessions.SessionKit.SystemAsync(world.App);
        var acme = db.Organisations.Where(o => o.Name == "Acme").Select(o => o.Id).First();
        var team = new PmoPath.People.Team { OrganisationId = acme, Name = HostileTeam, ManagerId = lead.PersonId };
        var renewing = new PmoPath.People.Person { OrganisationId = acme, Team = team, DisplayName = Hostile, Level = 2, TargetLevel = 3, CreatedAtUtc = TestClock.UtcNow };
        var uncertified = new PmoPath.People.Person { OrganisationId = acme, Team = team, DisplayName = HostileToo, Level = 1, CreatedAtUtc = TestClock.UtcNow };
        db.People.AddRange(renewing, uncertified);
        db.Certificates.Add(new PmoPath.People.Certificate { OrganisationId = acme, PersonId = renewing.Id, CourseCode = "axelos-p3o-foundation", AchievedOn = Today.AddDays(30).AddYears(-3) });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Nobody_else_downloads_the_team_another_organisation_gets_404_and_anonymous_401()
    {
        // A file is no page to sign in on: without a token or a cookie both routes answer 401.
        using (var anonymous = world.Browser())
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/team/export/members.csv")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/team/export/members.csv")).StatusCode);
        }
        foreach (var key in new[] { "pat", "provider" })
        {
            using var client = world.Api(key);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/team/export/members.csv")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/team/export/all.xlsx")).StatusCode);
        }
        using (var pat = await world.SignInAsync("pat"))
            Assert.Equal(HttpStatusCode.Forbidden, (await pat.GetAsync("/team/export/members.csv")).StatusCode);

        var alpha = await TeamIdAsync("Alpha");
        foreach (var key in new[] { "manager-b", "hr-b", "manager2" })
        {
            using var client = world.Api(key);
            var response = await client.GetAsync($"/api/team/export/members.csv?teamId={alpha}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("Pat", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var otherManager = await world.SignInAsync("manager-b"))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await otherManager.GetAsync($"/team/export/members.csv?teamId={alpha}")).StatusCode);
            var own = await otherManager.GetStringAsync("/team/export/members.csv");
            Assert.Contains("Quinn Other", own, StringComparison.Ordinal);
            Assert.DoesNotContain("Pat", own, StringComparison.Ordinal);
        }

        using var hr = world.Api("hr");
        var unnamed = await hr.GetAsync("/api/team/export/members.csv");
        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        Assert.True((await unnamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("teamId", out _));
        Assert.Contains("Pat Practitioner", await hr.GetStringAsync($"/api/team/export/members.csv?teamId={alpha}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_team_routes()
    {
        var paths = (await world.App.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");
        foreach (var path in new[] { "/api/team", "/api/team/export/{table}.{format}", "/api/team/plan", "/api/team/plan/accept" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} should be documented");
    }
}

public sealed class TeamOnSqliteTests(SqlitePeopleWorld world) : TeamTests(world), IClassFixture<SqlitePeopleWorld>;

public sealed class TeamOnPostgresTests(PostgresPeopleWorld world) : TeamTests(world), IClassFixture<PostgresPeopleWorld>;
