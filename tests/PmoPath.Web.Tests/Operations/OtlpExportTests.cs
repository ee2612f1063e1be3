using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PmoPath.Testing;

namespace PmoPath.Web.Tests.Operations;

/// <summary>
/// With <c>Metrics:Otlp:Endpoint</c> and <c>Metrics:Otlp:Protocol=http/protobuf</c>, the app sends its traces and
/// metrics to an OpenTelemetry collector: here a small OTLP/HTTP receiver on loopback that records what is posted to
/// <c>/v1/traces</c> and <c>/v1/metrics</c>. After a request to the app, both arrive as protobuf carrying the
/// configured service name; the trace holds the request's route and the database's spans (Npgsql's own on PostgreSQL,
/// Entity Framework Core's on SQLite); the metrics hold ASP.NET Core's request duration.
/// </summary>
public abstract class OtlpExportTests(TestDatabase database)
{
    [Fact]
    public async Task Traces_and_metrics_arrive_at_the_collector_with_the_service_name()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        var service = $"pmopath-otlp-{Guid.NewGuid():N}"[..24];
        await using (var app = await TestApp.StartAsync(database,
            $"--Metrics:Otlp:Endpoint={collector.Address}", "--Metrics:Otlp:Protocol=http/protobuf", $"--Metrics:ServiceName={service}",
            // The SDK's own settings, read from configuration: export every half second instead of every minute / 5 s.
            "--OTEL_METRIC_EXPORT_INTERVAL=500", "--OTEL_BSP_SCHEDULE_DELAY=200"))
        {
            Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/api/courses?level=2")).StatusCode);

            var deadline = Deadline.In(TimeSpan.FromSeconds(30));
            while (!deadline.Passed && !(collector.Has("/v1/traces", "/api/courses") && collector.Has("/v1/metrics", "http.server.request.duration")))
                await Task.Delay(100);
        }

        Assert.NotEmpty(collector.Posts);
        Assert.All(collector.Posts, post =>
        {
            Assert.Equal("application/x-protobuf", post.ContentType);
            Assert.NotEmpty(post.Body);
        });
        var traces = collector.Posts.Where(p => p.Path == "/v1/traces").ToList();
        var metrics = collector.Posts.Where(p => p.Path == "/v1/metrics").ToList();
        Assert.True(traces.Count > 0, $"no trace export arrived; posts: {string.Join(", ", collector.Posts.Select(p => p.Path))}");
        Assert.True(metrics.Count > 0, $"no metrics export arrived; posts: {string.Join(", ", collector.Posts.Select(p => p.Path))}");
        Assert.All(traces.Concat(metrics), post => Assert.True(post.Holds(service), $"{post.Path} does not carry service.name {service}"));
        Assert.Contains(traces, t => t.Holds("/api/courses"));
        Assert.Contains(traces, t => t.Holds(DatabaseSpanSource));
        Assert.Contains(metrics, m => m.Holds("http.server.request.duration"));
    }

    /// <summary>The instrumentation scope of the database's spans, as the trace export names it.</summary>
    protected abstract string DatabaseSpanSource { get; }
}

[Collection(nameof(PrometheusScrapeTests))]
public sealed class OtlpExportOnSqliteTests() : OtlpExportTests(TestDatabase.Sqlite)
{
    protected override string DatabaseSpanSource => "OpenTelemetry.Instrumentation.EntityFrameworkCore";
}

[Collection(nameof(PrometheusScrapeTests))]
public sealed class OtlpExportOnPostgresTests() : OtlpExportTests(TestDatabase.Postgres)
{
    protected override string DatabaseSpanSource => "Npgsql";
}

/// <summary>One OTLP/HTTP export request as the receiver got it.</summary>
public sealed record OtlpPost(string Path, string? ContentType, byte[] Body)
{
    /// <summary>Whether the protobuf body holds <paramref name="text"/> (strings are stored as their UTF-8 bytes).</summary>
    public bool Holds(string text) => Body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}

/// <summary>
/// A minimal OpenTelemetry collector: Kestrel on a free loopback port accepting OTLP/HTTP posts to
/// <c>/v1/traces</c> and <c>/v1/metrics</c>, answering 200 with an empty protobuf response, and keeping every body.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<OtlpPost> _posts;

    private OtlpReceiver(WebApplication app, ConcurrentQueue<OtlpPost> posts, Uri address) => (_app, _posts, Address) = (app, posts, address);

    public Uri Address { get; }

    public IReadOnlyList<OtlpPost> Posts => [.. _posts];

    public bool Has(string path, string text) => _posts.Any(p => p.Path == path && p.Holds(text));

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var posts = new ConcurrentQueue<OtlpPost>();
        app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            posts.Enqueue(new OtlpPost($"/v1/{signal}", request.ContentType, body.ToArray()));
            // An empty Export*ServiceResponse: every field is optional, so zero bytes is a valid message.
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new OtlpReceiver(app, posts, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
