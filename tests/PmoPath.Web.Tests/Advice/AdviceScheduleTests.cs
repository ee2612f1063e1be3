using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PmoPath.Testing;
using PmoPath.Testing.People;
using PmoPath.Testing.Sessions;

namespace PmoPath.Web.Tests.Advice;

/// <summary>
/// Prices, sessions, budgets and bookings in the advice, through the real API and pages, on each database. Each test
/// advises on a day far beyond the sample schedule, so the sessions it publishes are the only ones then.
/// </summary>
public abstract class AdviceScheduleTests(PeopleWorld world)
{
    private const string Administrators = "hop-essentials-pmo-administrators";

    private async Task<Guid> PublishAsync(string course, int daysAhead, decimal price)
    {
        var body = SessionKit.Body(daysAhead: daysAhead, course: course);
        body["price"] = price;
        return await SessionKit.PublishAsync(world, "provider", body);
    }

    private async Task<JsonElement> AdviseAsync(string profile)
    {
        using var response = await world.App.Client.PostAsync("/api/advice", AdviceApiTests.Json(profile));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task A_recommendation_carries_its_next_sessions_the_cheapest_price_and_is_due_when_the_course_runs()
    {
        var asOf = SessionKit.Today.AddDays(300);
        var first = await PublishAsync(Administrators, 310, 450);
        var second = await PublishAsync(Administrators, 330, 390);

        var answer = await AdviseAsync($$"""{ "level": 1, "asOf": "{{asOf:yyyy-MM-dd}}" }""");

        var next = answer.GetProperty("recommendations")[0];
        Assert.Equal(Administrators, next.GetProperty("code").GetString());
        var sessions = next.GetProperty("nextSessions").EnumerateArray().ToList();
        Assert.Equal([first, second], sessions.Select(s => s.GetProperty("id").GetGuid()));
        Assert.Equal(450m, sessions[0].GetProperty("price").GetDecimal());
        Assert.Equal("GBP", sessions[0].GetProperty("currency").GetString());
        Assert.Equal("virtual", sessions[0].GetProperty("delivery").GetString());
        Assert.Equal(10, sessions[0].GetProperty("seatsLeft").GetInt32());
        Assert.False(string.IsNullOrEmpty(sessions[0].GetProperty("provider").GetString()));
        Assert.Equal(390m, next.GetProperty("cost").GetProperty("amount").GetDecimal());
        Assert.Equal($"{SessionKit.Today.AddDays(310):yyyy-MM-dd}", next.GetProperty("dueBy").GetString());
        var planned = answer.GetProperty("roadmap").EnumerateArray().Single(y => y.GetProperty("codes").EnumerateArray().Any(c => c.GetString() == Administrators));
        Assert.Equal(3m, planned.GetProperty("days").GetDecimal());
        Assert.Equal(390m, planned.GetProperty("cost").GetProperty("amount").GetDecimal());
        Assert.Equal(390m, answer.GetProperty("totalCost").GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task Without_a_session_the_cost_is_null_with_the_reason()
    {
        var asOf = SessionKit.Today.AddDays(900);

        var answer = await AdviseAsync($$"""{ "level": 1, "asOf": "{{asOf:yyyy-MM-dd}}" }""");

        var next = answer.GetProperty("recommendations")[0];
        Assert.Equal(JsonValueKind.Null, next.GetProperty("cost").ValueKind);
        Assert.Contains("No public session", next.GetProperty("costReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, next.GetProperty("nextSessions").GetArrayLength());
    }

    [Fact]
    public async Task A_certification_dearer_than_the_budget_or_longer_than_the_days_is_held_back()
    {
        var asOf = SessionKit.Today.AddDays(500);
        await PublishAsync(Administrators, 510, 450);

        var poor = await AdviseAsync($$"""{ "level": 1, "asOf": "{{asOf:yyyy-MM-dd}}", "budgetPerYear": 300 }""");
        var busy = await AdviseAsync($$"""{ "level": 1, "asOf": "{{asOf:yyyy-MM-dd}}", "trainingDaysPerYear": 2 }""");

        foreach (var (answer, words) in new[] { (poor, "costs £450, more than your budget of £300 a year"), (busy, "It takes 3 days, more than your 2 days of training a year") })
        {
            Assert.DoesNotContain(answer.GetProperty("recommendations").EnumerateArray(), r => r.GetProperty("code").GetString() == Administrators);
            var held = answer.GetProperty("notNow").EnumerateArray().Single(h => h.GetProperty("code").GetString() == Administrators);
            Assert.Equal("budget", held.GetProperty("rule").GetString());
            Assert.Contains(held.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains(words, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_booked_certification_counts_as_in_progress_in_the_person_s_advice()
    {
        var person = (await SessionKit.AddPeopleAsync(world.App, "Acme", 1, level: 1, prefix: "Booked"))[0];
        var session = await PublishAsync(Administrators, 45, 450);
        using var hr = world.Api("hr");
        var booked = await hr.PostAsJsonAsync($"/api/sessions/{session}/bookings", new { personId = person });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);

        var body = await hr.GetFromJsonAsync<JsonElement>($"/api/people/{person}/advice");

        var inProfile = Assert.Single(body.GetProperty("profile").GetProperty("bookedCourses").EnumerateArray());
        Assert.Equal(Administrators, inProfile.GetProperty("code").GetString());
        var advice = body.GetProperty("advice");
        Assert.DoesNotContain(advice.GetProperty("recommendations").EnumerateArray(), r => r.GetProperty("kind").GetString() == "certification");
        var held = advice.GetProperty("notNow").EnumerateArray().Single(h => h.GetProperty("code").GetString() == Administrators);
        Assert.Equal("in-progress", held.GetProperty("rule").GetString());
        Assert.Equal(session, held.GetProperty("session").GetProperty("id").GetGuid());
        Assert.Contains(advice.GetProperty("roadmap").EnumerateArray(), y => y.GetProperty("codes").EnumerateArray().Any(c => c.GetString() == Administrators));
    }

    [Fact]
    public async Task My_development_shows_the_booked_course_with_its_session_and_the_sessions_to_book()
    {
        await using (var db = await SessionKit.SystemAsync(world.App))
            await db.People.Where(p => p.Id == world["pat"].PersonId).ExecuteUpdateAsync(p => p.SetProperty(x => x.Level, 2));
        var agile = await PublishAsync("agile-pmo", 25, 380);
        using var pat = world.Api("pat");
        Assert.Equal(HttpStatusCode.Created, (await pat.PostAsJsonAsync($"/api/sessions/{agile}/bookings", new { })).StatusCode);

        using var browser = await world.SignInAsync("pat");
        var html = await browser.GetStringAsync("/me/development");

        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        var booked = page.QuerySelector("li.booked[data-code='agile-pmo']");
        Assert.NotNull(booked);
        Assert.NotNull(booked.QuerySelector($"a[href='/sessions/{agile}']"));
        Assert.Contains("You are booked on its session starting", booked.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("li.recommendation[data-code='agile-pmo']"));
        // One roadmap on the page, with titles.
        Assert.Single(page.QuerySelectorAll("ol.roadmap"));
        Assert.Null(page.QuerySelector("#roadmap-heading"));
    }

    [Fact]
    public async Task The_money_and_dates_are_typed_in_the_OpenAPI_document()
    {
        using var document = JsonDocument.Parse(await world.App.Client.GetStringAsync("/openapi/v1.json"));
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");

        var recommendation = schemas.GetProperty("Recommendation").GetProperty("properties");
        Assert.True(recommendation.TryGetProperty("nextSessions", out _));
        Assert.True(recommendation.TryGetProperty("cost", out _));
        Assert.True(recommendation.TryGetProperty("costReason", out _));
        // Two app types are named RoadmapYear (the advice's and the plan's): the advice's schema carries its feature's name.
        var year = schemas.GetProperty("AdviceRoadmapYear").GetProperty("properties");
        Assert.True(year.TryGetProperty("days", out _));
        Assert.True(year.TryGetProperty("cost", out _));
        Assert.True(schemas.GetProperty("AdviceAnswer").GetProperty("properties").TryGetProperty("totalCost", out _));
        foreach (var field in new[] { "id", "startsOn", "provider", "price", "currency", "seatsLeft", "delivery" })
            Assert.True(schemas.GetProperty("SessionOffer").GetProperty("properties").TryGetProperty(field, out _), field);
        Assert.True(schemas.GetProperty("Money").GetProperty("properties").TryGetProperty("amount", out _));
    }
}

public sealed class AdviceScheduleOnSqliteTests(SqlitePeopleWorld world) : AdviceScheduleTests(world), IClassFixture<SqlitePeopleWorld>;

public sealed class AdviceScheduleOnPostgresTests(PostgresPeopleWorld world) : AdviceScheduleTests(world), IClassFixture<PostgresPeopleWorld>;
