using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Testing.People;
using PmoPath.Testing.Sessions;

namespace PmoPath.Web.Tests.Security;

/// <summary>
/// Dates outside 1950–2100, nesting beyond what Markdown allows, and records written in part: a 400 naming the
/// field, never a 500, and nothing changed; feeds that hold such a date from before still answer.
/// </summary>
public abstract class InputBoundsTests(PeopleWorld world)
{
    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("errors");
    }

    private static void Names(JsonElement errors, string field) =>
        Assert.True(errors.TryGetProperty(field, out _), $"errors should name '{field}': {errors}");

    [Theory]
    [InlineData("startsOn", "9999-12-30")]
    [InlineData("endsOn", "9999-12-30")]
    [InlineData("bookingDeadline", "2101-01-01")]
    [InlineData("startsOn", "1949-12-31")]
    public async Task A_session_date_outside_1950_to_2100_is_refused_naming_the_field(string field, string value)
    {
        var body = SessionKit.Body(daysAhead: 30);
        body[field] = value;
        if (field == "startsOn")
            body["endsOn"] = value;
        await using var db = await SessionKit.SystemAsync(world.App);
        var before = await db.Sessions.CountAsync();

        using var client = world.Api("provider");
        Names(await ErrorsAsync(await client.PostAsJsonAsync("/api/sessions", body)), field);
        Assert.Equal(before, await db.Sessions.CountAsync());
    }

    [Fact]
    public async Task A_job_closing_in_the_year_9999_is_refused_naming_the_field()
    {
        var response = await world.Api("hr").PostAsJsonAsync("/api/jobs", new
        {
            title = "PMO Lead far ahead", level = 3, pmoType = "portfolio-office", location = "Leeds", workMode = "hybrid",
            opensOn = SessionKit.Today, closesOn = "9999-12-31", certificates = Array.Empty<string>(),
            competencies = Array.Empty<object>(), description = "Never closes.", applyUrl = "jobs@acme.example",
        });
        Names(await ErrorsAsync(response), "closesOn");
    }

    [Fact]
    public async Task A_certificate_achieved_before_1950_is_refused_naming_the_field()
    {
        var member = world["sam"];
        using var client = world.Api("sam");
        var response = await client.PatchAsJsonAsync($"/api/people/{member.PersonId}/record", new
        {
            certificates = new[] { new { code = "axelos-p3o-foundation", achievedOn = "1900-01-01" } },
        });
        Names(await ErrorsAsync(response), "certificates[0].achievedOn");
    }

    [Fact]
    public async Task Calendar_feeds_answer_even_with_a_session_stored_on_the_last_representable_day()
    {
        var last = DateOnly.MaxValue;
        var id = await SessionKit.InsertAsync(world.App, "harbour-lane-training", "benefits-management", last.AddDays(-1), 10, endsOn: last);
        await SessionKit.InsertAsync(world.App, "harbour-lane-training", "benefits-management", last, 10);

        var single = await world.App.Client.GetAsync($"/api/sessions/{id}/calendar.ics");
        Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        Assert.Contains("BEGIN:VEVENT", await single.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var feed = await world.App.Client.GetAsync("/api/courses/benefits-management/sessions.ics");
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        var schedule = await world.App.Client.GetAsync("/api/sessions?course=benefits-management&from=9999-01-01");
        Assert.True(schedule.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)schedule.StatusCode}");
    }

    [Theory]
    [InlineData("9999-01-01")]
    [InlineData("0001-01-01")]
    [InlineData("2101-01-01")]
    public async Task Advice_as_of_a_date_outside_1950_to_2100_is_a_400_naming_asOf(string asOf)
    {
        var response = await world.App.Client.PostAsJsonAsync("/api/advice", new { level = 2, asOf });
        Names(await ErrorsAsync(response), "asOf");
    }

    [Theory]
    [InlineData(">", 20000)]
    [InlineData("* ", 5000)]
    [InlineData("[", 50000)]
    public async Task Markdown_nested_too_deeply_is_a_400_naming_markdown(string opener, int depth)
    {
        var slug = "deep-" + Guid.NewGuid().ToString("N")[..8];
        var markdown = new StringBuilder().Insert(0, opener, depth).Append(" text").ToString();
        var response = await world.Api("admin").PostAsJsonAsync("/api/articles", new
        {
            slug, title = "Deep", summary = "Nested deeply.", categories = new[] { "Editors" }, levels = new[] { 2 },
            competencies = Array.Empty<string>(), media = Array.Empty<object>(), markdown, published = false,
        });
        Names(await ErrorsAsync(response), "markdown");
        Assert.Equal(HttpStatusCode.NotFound, (await world.Api("admin").GetAsync($"/api/articles/{slug}")).StatusCode);
    }

    [Fact]
    public async Task PUT_of_a_record_with_fields_left_out_is_refused_naming_them_and_changes_nothing()
    {
        var member = await world.AddAsync("put-" + Guid.NewGuid().ToString("N")[..6], "Acme", PmoRole.Practitioner);
        using var client = world.ApiWithToken(member.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsJsonAsync($"/api/people/{member.PersonId}/record",
            new { jobTitle = "PMO analyst", level = 2, pmoType = "programme-office" })).StatusCode);

        var errors = await ErrorsAsync(await client.PutAsJsonAsync($"/api/people/{member.PersonId}/record", new { level = 3 }));
        foreach (var missing in new[] { "displayName", "jobTitle", "targetLevel", "pmoType", "yearsInPmo", "avenue", "certificates", "completedCourses", "competencies", "evidence" })
            Names(errors, missing);
        Assert.False(errors.TryGetProperty("level", out _), errors.ToString());

        var record = await client.GetFromJsonAsync<JsonElement>($"/api/people/{member.PersonId}");
        Assert.Equal("PMO analyst", record.GetProperty("jobTitle").GetString());
        Assert.Equal(2, record.GetProperty("level").GetInt32());
        Assert.Equal("programme-office", record.GetProperty("pmoType").GetString());
    }

    [Fact]
    public async Task PUT_of_a_whole_record_replaces_it()
    {
        var member = await world.AddAsync("whole-" + Guid.NewGuid().ToString("N")[..6], "Acme", PmoRole.Practitioner);
        using var client = world.ApiWithToken(member.Token);
        var response = await client.PutAsJsonAsync($"/api/people/{member.PersonId}/record", new
        {
            displayName = "Whole Record", jobTitle = "PMO officer", level = 2, targetLevel = 3, pmoType = "project-office",
            yearsInPmo = 3, avenue = (string?)null, certificates = Array.Empty<object>(), completedCourses = Array.Empty<object>(),
            competencies = new Dictionary<string, int> { ["coaching"] = 2 }, evidence = Array.Empty<object>(),
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Whole Record", record.GetProperty("displayName").GetString());
        Assert.Equal(3, record.GetProperty("targetLevel").GetInt32());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_PUT_and_PATCH_of_a_record()
    {
        var document = await world.App.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var record = document.GetProperty("paths").GetProperty("/api/people/{id}/record");
        Assert.True(record.GetProperty("put").GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _), record.ToString());
        Assert.True(record.GetProperty("patch").GetProperty("requestBody").GetProperty("content").TryGetProperty("application/merge-patch+json", out _), record.ToString());
    }

    [Fact]
    public async Task PATCH_changes_only_the_fields_it_names_and_null_clears_one()
    {
        var member = await world.AddAsync("patch-" + Guid.NewGuid().ToString("N")[..6], "Acme", PmoRole.Practitioner);
        using var client = world.ApiWithToken(member.Token);
        var url = $"/api/people/{member.PersonId}/record";
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsJsonAsync(url, new
        {
            jobTitle = "PMO analyst", level = 2, targetLevel = 3, pmoType = "programme-office", yearsInPmo = 4,
            certificates = new[] { new { code = "axelos-p3o-foundation", achievedOn = SessionKit.Today.AddYears(-1).ToString("yyyy-MM-dd") } },
            competencies = new Dictionary<string, int> { ["coaching"] = 2, ["benefits-management"] = 1 },
        })).StatusCode);

        using var patch = new StringContent("""{ "jobTitle": "PMO lead", "yearsInPmo": null, "competencies": { "coaching": null } }""",
            Encoding.UTF8, "application/merge-patch+json");
        var response = await client.PatchAsync(url, patch);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var record = await client.GetFromJsonAsync<JsonElement>(url.Replace("/record", "", StringComparison.Ordinal));
        Assert.Equal("PMO lead", record.GetProperty("jobTitle").GetString());
        Assert.Equal(2, record.GetProperty("level").GetInt32());
        Assert.Equal(3, record.GetProperty("targetLevel").GetInt32());
        Assert.Equal("programme-office", record.GetProperty("pmoType").GetString());
        Assert.False(record.TryGetProperty("yearsInPmo", out var years) && years.ValueKind != JsonValueKind.Null, record.ToString());
        Assert.Single(record.GetProperty("certificates").EnumerateArray());
        int? Self(string code) => record.GetProperty("competencies").EnumerateArray().Single(c => c.GetProperty("code").GetString() == code)
            .TryGetProperty("self", out var self) && self.ValueKind == JsonValueKind.Number ? self.GetInt32() : null;
        Assert.Equal(1, Self("benefits-management"));
        Assert.Null(Self("coaching"));
    }
}

public sealed class InputBoundsOnSqliteTests(SqlitePeopleWorld world) : InputBoundsTests(world), IClassFixture<SqlitePeopleWorld>;

public sealed class InputBoundsOnPostgresTests(PostgresPeopleWorld world) : InputBoundsTests(world), IClassFixture<PostgresPeopleWorld>;
