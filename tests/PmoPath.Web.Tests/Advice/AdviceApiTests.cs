using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PmoPath.Testing;

namespace PmoPath.Web.Tests.Advice;

public sealed class AdviceAppFixture : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;

    // A generous limit: these tests are not about throttling.
    public async Task InitializeAsync() => App = await TestApp.StartAsync(TestDatabase.Sqlite, "--RateLimits:Advice=100000");

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>POST /api/advice through the real pipeline, on a real port, over a fresh SQLite file.</summary>
public class AdviceApiTests(AdviceAppFixture fixture) : IClassFixture<AdviceAppFixture>
{
    public const string ExampleProfile = """
        { "level": 3, "targetLevel": 4, "pmoType": "enterprise-pmo",
          "asOf": "2026-11-22",
          "certifications": [ { "code": "axelos-p3o-foundation", "achievedOn": "2023-05-10" } ],
          "completedCourses": [ "agile-pmo" ],
          "competencies": { "benefits-management": 1 } }
        """;

    private HttpClient Client => fixture.App.Client;

    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task The_example_profile_gets_advice_in_the_documented_shape()
    {
        using var response = await Client.PostAsync("/api/advice", Json(ExampleProfile));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        var first = root.GetProperty("recommendations")[0];
        Assert.Equal("axelos-p3o-practitioner", first.GetProperty("code").GetString());
        Assert.Equal("certification", first.GetProperty("kind").GetString());
        Assert.True(first.GetProperty("eligible").GetBoolean());
        // Due now, but never before the course next runs: the sample schedule's first session when there is one.
        var dueBy = DateOnly.Parse(first.GetProperty("dueBy").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var sessions = first.GetProperty("nextSessions");
        Assert.Equal(sessions.GetArrayLength() > 0 ? DateOnly.Parse(sessions[0].GetProperty("startsOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture) : new DateOnly(2026, 11, 22), dueBy);
        Assert.NotEmpty(first.GetProperty("reasons").EnumerateArray());
        Assert.Contains(root.GetProperty("notNow").EnumerateArray(), h => h.GetProperty("code").GetString() == "aipmo-ipmo-expert" && h.GetProperty("reasons").GetArrayLength() > 0);
        Assert.Equal(2026, root.GetProperty("roadmap")[0].GetProperty("year").GetInt32());
        var year = root.GetProperty("roadmap").EnumerateArray().Single(y => y.GetProperty("year").GetInt32() == dueBy.Year);
        Assert.Contains(year.GetProperty("codes").EnumerateArray(), c => c.GetString() == "axelos-p3o-practitioner");
        Assert.Equal("not-current", root.GetProperty("certificates")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Recommendations_never_hold_a_course_with_a_valid_certificate()
    {
        using var response = await Client.PostAsync("/api/advice", Json("""
            { "level": 2, "targetLevel": 3, "asOf": "2026-11-22",
              "certifications": [ { "code": "axelos-p3o-foundation", "achievedOn": "2024-01-10" }, { "code": "hop-essentials-pmo-analysts", "achievedOn": "2023-01-10" } ] }
            """));

        var codes = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recommendations").EnumerateArray().Select(r => r.GetProperty("code").GetString());
        Assert.DoesNotContain("axelos-p3o-foundation", codes);
        Assert.DoesNotContain("hop-essentials-pmo-analysts", codes);
    }

    [Theory]
    [InlineData("""{ "level": 2, "certifications": [ { "code": "prince2", "achievedOn": "2020-01-01" } ] }""", "certifications[0].code")]
    [InlineData("""{ "level": 5 }""", "level")]
    [InlineData("""{ "level": 3, "targetLevel": 2 }""", "targetLevel")]
    [InlineData("""{ "level": 2, "asOf": "2026-11-22", "certifications": [ { "code": "axelos-p3o-foundation", "achievedOn": "2027-03-01" } ] }""", "certifications[0].achievedOn")]
    [InlineData("""{ "level": 2, "certifications": [ { "code": "axelos-p3o-foundation", "achievedOn": "10/05/2023" } ] }""", "certifications[0].achievedOn")]
    [InlineData("""{ "level": 2, "asOf": "tomorrow" }""", "asOf")]
    [InlineData("""{ "level": 2, "competencies": { "strategy": 9 } }""", "competencies.strategy")]
    [InlineData("""{ "level": 2, "certifications": [ { "code": "axelos-p3o-foundation", "achievedOn": 2023 } ] }""", "certifications[0].achievedOn")]
    [InlineData("""{ "level": 2, "targetLevel": }""", "targetLevel")] // malformed where that field's value should be
    [InlineData("not json at all", "$")]
    public async Task Bad_input_gets_400_problem_details_naming_the_field(string body, string field)
    {
        using var response = await Client.PostAsync("/api/advice", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for {field}: {errors}");
        Assert.NotEmpty(messages.EnumerateArray());
    }

    [Fact]
    public async Task The_advice_endpoint_is_in_the_OpenAPI_document_with_its_profile_schema()
    {
        var document = await Client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("\"/api/advice\"", document, StringComparison.Ordinal);
        Assert.Contains("AdviceProfileDocument", document, StringComparison.Ordinal);
        Assert.Contains("AdviceAnswer", document, StringComparison.Ordinal);
    }
}

/// <summary>The advice is anonymous, so it is rate limited per client; the limit comes from configuration.</summary>
public class AdviceRateLimitTests
{
    [Fact]
    public async Task Asking_more_often_than_the_limit_gets_429_with_a_retry_after()
    {
        await using var app = await TestApp.StartAsync(TestDatabase.Sqlite, "--RateLimits:Advice=2", "--RateLimits:WindowSeconds=600");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await app.Client.PostAsync("/api/advice", AdviceApiTests.Json("""{ "level": 1 }"""));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter is not null, "no Retry-After header");
                Assert.Equal(429, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        // The career guide shares the limit; the catalogue does not.
        using var page = await app.Client.GetAsync("/career-guide");
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        using var catalogue = await app.Client.GetAsync("/api/courses");
        Assert.Equal(HttpStatusCode.OK, catalogue.StatusCode);
    }
}
