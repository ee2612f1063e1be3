using System.Net;
using System.Text.Json;
using PmoPath.Exchange;
using PmoPath.Testing;

namespace PmoPath.Web.Tests.Operations;

/// <summary><c>/health/live</c> and <c>/health/ready</c> through real HTTP on each provider; <c>/health</c> as before.</summary>
public abstract class HealthTests(AppFixture fixture)
{
    private readonly HttpClient _client = fixture.App.Client;

    [Fact]
    public async Task Ready_answers_200_with_each_check_named_in_json()
    {
        var response = await _client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        var checks = body.GetProperty("checks");
        foreach (var name in new[] { "database", "migrations", "startup" })
            Assert.Equal("healthy", checks.GetProperty(name).GetProperty("status").GetString());
        var migrations = checks.GetProperty("migrations").GetProperty("data");
        Assert.Empty(migrations.GetProperty("pending").EnumerateArray());
        Assert.True(migrations.GetProperty("applied").GetInt32() > 0);
        Assert.False(string.IsNullOrEmpty(migrations.GetProperty("schemaVersion").GetString()));
    }

    [Fact]
    public async Task Live_answers_200_and_health_keeps_its_answer()
    {
        var live = await _client.GetAsync("/health/live");
        var health = await _client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("healthy", JsonDocument.Parse(await live.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(FrameworkJson.ReadDefault().Courses.Count, JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement.GetProperty("courses").GetInt32());
    }
}

public sealed class SqliteHealthTests(SqliteAppFixture fixture) : HealthTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresHealthTests(PostgresAppFixture fixture) : HealthTests(fixture), IClassFixture<PostgresAppFixture>;
