using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using PmoPath.Testing;
using PmoPath.Testing.People;
using PmoPath.Testing.Sessions;

namespace PmoPath.Web.Tests.Operations;

/// <summary>The people world with the Prometheus endpoint on, behind a token, as an operator would run it.</summary>
public abstract class MetricsPeopleWorld(TestDatabase database) : PeopleWorld(database)
{
    public const string Token = "scrape-token-0123456789";

    protected override string[] Settings => [.. base.Settings, "--Metrics:Prometheus:Enabled=true", $"--Metrics:Prometheus:Token={Token}"];
}

public sealed class SqliteMetricsPeopleWorld() : MetricsPeopleWorld(TestDatabase.Sqlite);

public sealed class PostgresMetricsPeopleWorld() : MetricsPeopleWorld(TestDatabase.Postgres);

/// <summary>
/// A real Prometheus server scrapes the app every second, and PmoPath's booking counter is read back through
/// Prometheus's query API after bookings made through the API.
/// </summary>
public abstract class PrometheusScrapeTests(MetricsPeopleWorld world)
{
    [Fact]
    public async Task Prometheus_scrapes_the_bookings_made_through_the_api()
    {
        await using var prometheus = await PrometheusServer.StartAsync(world.App.BaseAddress.Authority, token: MetricsPeopleWorld.Token);
        // The app answers Prometheus: the target is up (a wrong token would leave it down with a 401).
        await prometheus.WaitForAsync("up{job=\"pmopath\"}", up => up == 1);

        const string confirmed = "sum(pmopath_bookings_total{status=\"confirmed\"})", waitlisted = "sum(pmopath_bookings_total{status=\"waitlisted\"})";
        var before = (Confirmed: await prometheus.QueryAsync(confirmed) ?? 0, Waitlisted: await prometheus.QueryAsync(waitlisted) ?? 0);
        var session = await SessionKit.PublishAsync(world, "provider", SessionKit.Body(seats: 1, daysAhead: 90));
        foreach (var key in new[] { "pat", "sam" })
        {
            using var client = world.Api(key);
            using var response = await client.PostAsJsonAsync($"/api/sessions/{session}/bookings", new { personId = world[key].PersonId });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        // One seat: the first booking is confirmed, the second waitlisted, each counted once under the pmopath_ name.
        // The counts are read as a rise from before the bookings: the stream is cumulative, and the app (or one run
        // earlier in this test process) may have counted bookings already.
        Assert.Equal(before.Confirmed + 1, await prometheus.WaitForAsync(confirmed, v => v >= before.Confirmed + 1));
        Assert.Equal(before.Waitlisted + 1, await prometheus.WaitForAsync(waitlisted, v => v >= before.Waitlisted + 1));
        // ASP.NET Core's request durations come through the same scrape.
        Assert.True(await prometheus.WaitForAsync(
            "sum(http_server_request_duration_seconds_count{http_route=~\"/api/sessions/.*/bookings\",http_request_method=\"POST\"})", v => v >= 2) >= 2);
    }
}

/// <summary>
/// The scrape tests run alone, after every parallel test class. OpenTelemetry's SDK listens to every meter named
/// PmoPath in the process and binds one metric stream to the first such instrument it sees; when the app that owns
/// that instrument stops, the stream stops for every app (open-telemetry/opentelemetry-dotnet#6412). In production
/// one process is one app; here, apps of other test classes start and stop all the time, and a scrape running beside
/// them lost its series (docs/adr/0026).
/// </summary>
[CollectionDefinition(nameof(PrometheusScrapeTests), DisableParallelization = true)]
public sealed class PrometheusScrapeCollection;

[Collection(nameof(PrometheusScrapeTests))]
public sealed class SqlitePrometheusScrapeTests(SqliteMetricsPeopleWorld world) : PrometheusScrapeTests(world), IClassFixture<SqliteMetricsPeopleWorld>;

[Collection(nameof(PrometheusScrapeTests))]
public sealed class PostgresPrometheusScrapeTests(PostgresMetricsPeopleWorld world) : PrometheusScrapeTests(world), IClassFixture<PostgresMetricsPeopleWorld>;

/// <summary>Who may read <c>/metrics</c>: nobody when it is off, loopback only when on, and only with the token when one is set.</summary>
public sealed class MetricsEndpointTests
{
    private const string Enabled = "--Metrics:Prometheus:Enabled=true";

    [Fact]
    public async Task Metrics_are_not_served_unless_enabled()
    {
        await using var app = await TestApp.StartAsync();

        using var response = await app.Client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("pmopath_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enabled_metrics_answer_loopback_in_the_prometheus_format_at_the_configured_path()
    {
        await using var app = await TestApp.StartAsync(TestDatabase.Sqlite, Enabled, "--Metrics:Prometheus:Path=/internal/metrics");
        (await app.Client.GetAsync("/api/courses")).Dispose();

        // The outbox gauge appears once the background sender has read the outbox after its first round.
        var deadline = Deadline.In(TimeSpan.FromSeconds(15));
        HttpResponseMessage response;
        string body;
        while (true)
        {
            response = await app.Client.GetAsync("/internal/metrics");
            body = await response.Content.ReadAsStringAsync();
            if (body.Contains("pmopath_mail_outbox_depth", StringComparison.Ordinal) || deadline.Passed)
                break;
            response.Dispose();
            await Task.Delay(200);
        }
        using var _ = response;
        using var elsewhere = await app.Client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE pmopath_mail_outbox_depth gauge", body, StringComparison.Ordinal);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }

    [Fact]
    public async Task A_request_that_came_through_a_proxy_is_refused_as_not_local()
    {
        await using var app = await TestApp.StartAsync(TestDatabase.Sqlite, Enabled);

        using var forwarded = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        forwarded.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var response = await app.Client.SendAsync(forwarded);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_the_clients_address_decides()
    {
        await using var app = await TestApp.StartAsync(TestDatabase.Sqlite, Enabled, "--ForwardedHeaders:KnownProxies:0=127.0.0.1");

        async Task<HttpStatusCode> From(string client)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            request.Headers.Add("X-Forwarded-For", client);
            using var response = await app.Client.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.NotFound, await From("203.0.113.7"));
        Assert.Equal(HttpStatusCode.NotFound, await From("10.1.2.3"));
        Assert.Equal(HttpStatusCode.OK, await From("127.0.0.1"));
    }

    [Fact]
    public async Task With_a_token_a_scrape_must_carry_it()
    {
        const string token = "a-long-enough-scrape-token";
        await using var app = await TestApp.StartAsync(TestDatabase.Sqlite, Enabled, $"--Metrics:Prometheus:Token={token}");

        async Task<HttpResponseMessage> Scrape(string? bearer)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            if (bearer is not null)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            return await app.Client.SendAsync(request);
        }

        using var without = await Scrape(null);
        using var wrong = await Scrape(token + "x");
        using var right = await Scrape(token);

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal("Bearer", without.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("pmopath_", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_that_would_make_metrics_public_or_cannot_work_stop_the_start_naming_each()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(TestDatabase.Sqlite,
            Enabled, "--Metrics:Prometheus:AllowRemote=true", "--Metrics:Prometheus:Path=metrics", "--Metrics:Otlp:Endpoint=collector:4317"));

        Assert.Contains("Metrics:Prometheus:AllowRemote needs Metrics:Prometheus:Token", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Metrics:Prometheus:Path must be a path", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Metrics:Otlp:Endpoint must be an http or https address", failure.Message, StringComparison.Ordinal);
    }
}
