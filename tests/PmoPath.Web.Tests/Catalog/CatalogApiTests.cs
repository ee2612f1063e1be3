using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PmoPath.Testing;

namespace PmoPath.Web.Tests.Catalog;

/// <summary>The catalogue API through the real HTTP pipeline, on each database provider.</summary>
public abstract class CatalogApiTests(AppFixture fixture)
{
    private readonly HttpClient _client = fixture.App.Client;

    [Fact]
    public async Task Levels_lists_the_four_levels_with_their_courses()
    {
        var levels = await _client.GetFromJsonAsync<JsonElement>("/api/levels");
        Assert.Equal([1, 2, 3, 4], levels.EnumerateArray().Select(l => l.GetProperty("number").GetInt32()));
        var four = levels[3];
        Assert.Contains("PMO Director", four.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains("aipmo-ipmo-expert", four.GetProperty("courses").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task IPMO_Expert_says_level_4_five_days_residential_exam_on_the_final_day_and_its_prerequisite()
    {
        var course = await _client.GetFromJsonAsync<JsonElement>("/api/courses/aipmo-ipmo-expert");
        Assert.Equal([4], course.GetProperty("levels").EnumerateArray().Select(l => l.GetInt32()));
        Assert.Equal(5m, course.GetProperty("durationDays").GetDecimal());
        Assert.Contains("residential", course.GetProperty("delivery").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("on the final day (day 5)", course.GetProperty("examDay").GetString());
        Assert.Equal(5, course.GetProperty("assessment").GetProperty("onDay").GetInt32());
        var prerequisite = Assert.Single(course.GetProperty("prerequisites").EnumerateArray());
        Assert.Equal("current-level", prerequisite.GetProperty("kind").GetString());
        Assert.Equal(4, prerequisite.GetProperty("level").GetInt32());
        Assert.Equal(["currently works at level 4"], course.GetProperty("prerequisitesText").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task Courses_without_filters_lists_every_course_offered_today()
    {
        var codes = await Codes("/api/courses");
        foreach (var code in new[] { "axelos-p3o-foundation", "axelos-mop-practitioner", "aipmo-ipmo-expert", "agile-pmo", "setting-up-a-pmo" })
            Assert.Contains(code, codes);
        Assert.DoesNotContain("bcs-ppso-essentials", codes);
        Assert.Contains("bcs-ppso-essentials", await Codes("/api/courses?includeRetired=true"));
    }

    [Fact]
    public async Task Filters_combine_level_kind_and_body()
    {
        Assert.Equal(["axelos-mop-foundation", "axelos-mop-practitioner"], await Codes("/api/courses?level=4&body=axelos"));
        var specialist = await Codes("/api/courses?kind=specialist");
        Assert.Equal(["agile-pmo", "lean-agile-pmo", "benefits-management", "pmo-coaching", "setting-up-a-pmo"], specialist);
    }

    [Theory]
    [InlineData("level=0", "level")]
    [InlineData("level=five", "level")]
    [InlineData("kind=webinar", "kind")]
    [InlineData("body=nobody", "body")]
    public async Task A_bad_filter_is_a_400_naming_the_parameter(string query, string field)
    {
        var response = await _client.GetAsync($"/api/courses?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}'");
    }

    [Fact]
    public async Task Compare_sets_courses_side_by_side_in_the_order_asked_and_says_what_is_not_published()
    {
        var result = await _client.GetFromJsonAsync<JsonElement>(
            "/api/courses/compare?codes=axelos-p3o-practitioner,aipmo-ipmo-practitioner,lean-agile-pmo&level=3&pmoType=agile-delivery-office");

        Assert.Equal(3, result.GetProperty("level").GetInt32());
        var courses = result.GetProperty("courses").EnumerateArray().ToList();
        Assert.Equal(["axelos-p3o-practitioner", "aipmo-ipmo-practitioner", "lean-agile-pmo"], courses.Select(c => c.GetProperty("code").GetString()));
        Assert.Equal(2m, courses[0].GetProperty("durationDays").GetDecimal());
        Assert.Equal("The core certification for level 3, where you work.", courses[0].GetProperty("levelFit").GetString());
        Assert.Equal(["Holds P3O Foundation"], courses[0].GetProperty("prerequisites").EnumerateArray().Select(p => p.GetString()));
        Assert.NotEmpty(courses[0].GetProperty("sources").EnumerateArray());
        var lean = courses[2];
        Assert.False(lean.TryGetProperty("durationDays", out _), "an unpublished length is left out, not given as the planning value");
        Assert.Equal("length not published", lean.GetProperty("length").GetString());
        Assert.StartsWith("Your PMO serves agile delivery", lean.GetProperty("pmoTypeFit").GetString(), StringComparison.Ordinal);
        foreach (var course in courses)
        {
            // A price is the cheapest to the dearest bookable seat, so the next sessions' prices lie within it.
            if (course.TryGetProperty("price", out var price))
                Assert.All(course.GetProperty("nextSessions").EnumerateArray(), s => Assert.InRange(
                    s.GetProperty("price").GetDecimal(), price.GetProperty("from").GetDecimal(), price.GetProperty("to").GetDecimal()));
            else
                Assert.False(string.IsNullOrEmpty(course.GetProperty("priceReason").GetString()));
        }
    }

    [Theory]
    [InlineData("codes=agile-pmo", "codes", "Only one course was given ('agile-pmo')")]
    [InlineData("codes=agile-pmo,prince9-foundation", "codes", "There is no course 'prince9-foundation'")]
    [InlineData("codes=agile-pmo,agile-pmo,pmo-coaching", "codes", "'agile-pmo' is given 2 times")]
    [InlineData("codes=agile-pmo,pmo-coaching,benefits-management,setting-up-a-pmo,lean-agile-pmo", "codes", "at most 4 can be compared")]
    [InlineData("codes=agile-pmo,pmo-coaching&level=9", "level", "'9' is not a career level")]
    [InlineData("codes=agile-pmo,pmo-coaching&pmoType=war-room", "pmoType", "'war-room' is not a PMO type")]
    public async Task Compare_with_bad_input_is_a_400_naming_the_field_and_the_code(string query, string field, string message)
    {
        var response = await _client.GetAsync($"/api/courses/compare?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(problem.GetProperty("errors").GetProperty(field).EnumerateArray(), m => m.GetString()!.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_course_is_a_404_problem()
    {
        var response = await _client.GetAsync("/api/courses/prince9-foundation");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("prince9-foundation", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_answers_200_once_the_database_is_ready()
    {
        var health = await _client.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal(25, health.GetProperty("courses").GetInt32());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_catalogue_routes()
    {
        var document = await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/levels", "/api/courses", "/api/courses/{code}", "/api/courses/compare" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} should be documented");
    }

    private async Task<List<string?>> Codes(string url) =>
        [.. (await _client.GetFromJsonAsync<JsonElement>(url)).EnumerateArray().Select(c => c.GetProperty("code").GetString())];
}

public sealed class CatalogApiOnSqliteTests(SqliteAppFixture fixture) : CatalogApiTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class CatalogApiOnPostgresTests(PostgresAppFixture fixture) : CatalogApiTests(fixture), IClassFixture<PostgresAppFixture>;
