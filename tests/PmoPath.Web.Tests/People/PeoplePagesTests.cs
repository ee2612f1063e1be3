using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using PmoPath.Accounts;
using PmoPath.Testing;
using PmoPath.Testing.People;
using PmoPath.Web.Components;
using static PmoPath.Testing.TestDates;

namespace PmoPath.Web.Tests.People;

/// <summary>The record and development pages through their forms, as a browser without JavaScript uses them.</summary>
public abstract class PeoplePagesTests(PeopleWorld world)
{
    [Fact]
    public async Task My_record_saves_details_and_refuses_a_level_out_of_range_naming_it()
    {
        var member = await world.AddAsync("page-" + Guid.NewGuid().ToString("N")[..6], "Acme", PmoRole.Practitioner, name: "Page Person");
        using var browser = await world.SignInAsync(member.Key);

        var bad = await PeopleWorld.PostFormAsync(browser, "/me", "details", new() { ["Details.DisplayName"] = "Changed Name", ["Details.Level"] = "9" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var page = await bad.Content.ReadAsStringAsync();
        Assert.Contains("<span class=\"field\">Current level</span>", page, StringComparison.Ordinal);
        Assert.Contains("Page Person", await browser.GetStringAsync("/me"), StringComparison.Ordinal);

        var good = await PeopleWorld.PostFormAsync(browser, "/me", "details",
            new() { ["Details.DisplayName"] = "Page Person", ["Details.Level"] = "3", ["Details.TargetLevel"] = "4", ["Details.PmoType"] = "enterprise-pmo" });
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var after = await browser.GetStringAsync("/me");
        Assert.Contains("<dd data-field=\"level\">3</dd>", after, StringComparison.Ordinal);
        Assert.Contains("targetLevel", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_future_certificate_date_and_an_unknown_course_are_refused_on_the_page()
    {
        var member = await world.AddAsync("cert-" + Guid.NewGuid().ToString("N")[..6], "Acme", PmoRole.Practitioner);
        using var browser = await world.SignInAsync(member.Key);
        var future = await PeopleWorld.PostFormAsync(browser, "/me", "certificate",
            new() { ["Certificate.Code"] = "axelos-p3o-foundation", ["Certificate.AchievedOn"] = Day(TestClock.Today.AddDays(3)) });
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Contains("certificates[0].achievedOn", await future.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var unknown = await PeopleWorld.PostFormAsync(browser, "/me/development", "add-item", new() { ["Add.CourseCode"] = "juggling" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("courseCode", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("No certificates recorded.", await browser.GetStringAsync("/me"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_practitioner_adds_two_plan_items_and_their_manager_sees_them_and_comments()
    {
        var member = await world.AddAsync("plan-page-" + Guid.NewGuid().ToString("N")[..6], "Acme", PmoRole.Practitioner, "Alpha", "manager", "Plan Person");
        using var browser = await world.SignInAsync(member.Key);
        var date = Day(TestClock.Today.AddMonths(6));
        foreach (var code in new[] { "pmo-coaching", "axelos-p3o-foundation" })
        {
            var added = await PeopleWorld.PostFormAsync(browser, "/me/development", "add-item",
                new() { ["Add.CourseCode"] = code, ["Add.TargetDate"] = date, ["Add.Status"] = "Planned", ["Add.Notes"] = "" });
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }
        var mine = await browser.GetStringAsync("/me/development");
        Assert.Contains("Coaching for PMO Practitioners", mine, StringComparison.Ordinal);
        Assert.Contains("P3O Foundation", mine, StringComparison.Ordinal);
        // The plan's dates are written for people, with the ISO date kept in the markup only.
        var target = DateOnly.ParseExact(date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"<time datetime=\"{date}\">{PageDates.Day(target)}</time>", mine, StringComparison.Ordinal);
        Assert.DoesNotContain($">{date}<", mine, StringComparison.Ordinal);

        using var manager = await world.SignInAsync("manager");
        Assert.Contains("Plan Person", await manager.GetStringAsync("/people"), StringComparison.Ordinal);
        var page = await manager.GetStringAsync($"/people/{member.PersonId}");
        Assert.Contains("P3O Foundation", page, StringComparison.Ordinal);
        var itemId = System.Text.RegularExpressions.Regex.Match(page, "<option value=\"([0-9a-f-]{36})\">P3O Foundation").Groups[1].Value;
        var comment = await PeopleWorld.PostFormAsync(manager, $"/people/{member.PersonId}", "comment",
            new() { ["Comment.ItemId"] = itemId, ["Comment.Text"] = "Book the March course." });
        Assert.Equal(HttpStatusCode.Redirect, comment.StatusCode);
        Assert.Contains("Book the March course.", await browser.GetStringAsync("/me/development"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_nothing_due_the_development_and_home_pages_name_the_next_course_on_the_roadmap()
    {
        // Level 2 aiming for 3, certified a year ago: the next certification is not due yet, so nothing is to take now.
        var member = await world.AddAsync("next-" + Guid.NewGuid().ToString("N")[..6], "Acme", PmoRole.Practitioner, name: "Next Person");
        using var api = world.Api(member.Key);
        using var saved = await api.PatchAsJsonAsync($"/api/people/{member.PersonId}/record", new
        {
            level = 2, targetLevel = 3, pmoType = "portfolio-office",
            certificates = new object[]
            {
                new { code = "aipmo-ipmo-foundation", achievedOn = Day(TestClock.Today.AddYears(-5)) },
                new { code = "axelos-p3o-foundation", achievedOn = Day(TestClock.Today.AddYears(-1)) },
            },
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var advice = (await api.GetFromJsonAsync<JsonElement>($"/api/people/{member.PersonId}/advice")).GetProperty("advice");
        Assert.Equal(0, advice.GetProperty("recommendations").GetArrayLength());
        var next = advice.GetProperty("roadmap").EnumerateArray().First(y => y.GetProperty("codes").GetArrayLength() > 0);
        var code = next.GetProperty("codes")[0].GetString();

        using var browser = await world.SignInAsync(member.Key);
        var page = await browser.GetStringAsync("/me/development");
        Assert.Matches($"Nothing is due right now. Next on your roadmap: <a href=\"/courses/{code}\">[^<]+</a> in {next.GetProperty("year").GetInt32()};", page);
        // The home page's "your next step" says the same.
        Assert.Matches($"nothing is due right now; next on your roadmap, <a href=\"/courses/{code}\">[^<]+</a> in {next.GetProperty("year").GetInt32()}.", await browser.GetStringAsync("/"));
    }

    [Fact]
    public async Task The_advice_compares_alternatives_for_the_person_s_PMO_type_on_their_page_and_their_manager_s()
    {
        var member = await world.AddAsync("type-" + Guid.NewGuid().ToString("N")[..6], "Acme", PmoRole.Practitioner, "Alpha", "manager", "Type Person");
        using (var api = world.ApiWithToken(member.Token))
        {
            var record = await api.PatchAsJsonAsync($"/api/people/{member.PersonId}/record", new { level = 1, targetLevel = 2, pmoType = "portfolio-office" });
            Assert.Equal(HttpStatusCode.OK, record.StatusCode);
        }
        using var browser = await world.SignInAsync(member.Key);
        using var manager = await world.SignInAsync("manager");
        var parser = new HtmlParser();
        foreach (var (who, address) in new[] { (browser, "/me/development"), (manager, $"/people/{member.PersonId}") })
        {
            using var page = parser.ParseDocument(await who.GetStringAsync(address));
            var links = page.QuerySelectorAll(".compare-link a").Select(a => a.GetAttribute("href")!).ToList();
            Assert.NotEmpty(links);
            Assert.All(links, href => Assert.EndsWith("&level=1&pmoType=portfolio-office", href, StringComparison.Ordinal));

            using var compared = parser.ParseDocument(await who.GetStringAsync(links[0]));
            var fit = compared.QuerySelectorAll("tr.compare-fit th").Select(th => th.TextContent.Trim()).ToList();
            Assert.Equal(["Fit for level 1", "Fit for your PMO (Portfolio office)"], fit);
        }

        // Without a PMO type on the record, the comparison is for the level alone.
        using (var api = world.ApiWithToken(member.Token))
            Assert.Equal(HttpStatusCode.OK, (await api.PatchAsJsonAsync($"/api/people/{member.PersonId}/record", new { pmoType = (string?)null })).StatusCode);
        using var without = parser.ParseDocument(await browser.GetStringAsync("/me/development"));
        Assert.All(without.QuerySelectorAll(".compare-link a").Select(a => a.GetAttribute("href")!), href => Assert.EndsWith("&level=1", href, StringComparison.Ordinal));
    }
}

public sealed class PeoplePagesOnSqliteTests(SqlitePeopleWorld world) : PeoplePagesTests(world), IClassFixture<SqlitePeopleWorld>;

public sealed class PeoplePagesOnPostgresTests(PostgresPeopleWorld world) : PeoplePagesTests(world), IClassFixture<PostgresPeopleWorld>;
