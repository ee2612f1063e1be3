using Microsoft.AspNetCore.Builder;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using PmoPath.Data;
using PmoPath.Web.Hosting;

namespace PmoPath.Web.Tests.Operations;

/// <summary>
/// How PmoPath starts as an operator runs it (<see cref="PmoPathApp.ServeAsync"/>, on a real port): the first start on a
/// fresh file logs no error, expected refusals are information, every request's entries carry its request and trace
/// ids, and with <c>Database:MigrateOnStart</c> off pending migrations stop start-up, naming them.
/// </summary>
public sealed class StartupTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pmopath-startup-").FullName;

    [Fact]
    public async Task A_first_start_on_a_fresh_file_logs_no_error_and_refusals_are_information_with_request_and_trace_ids()
    {
        var log = new CapturedLog();
        var port = FreePort();
        using var stop = new CancellationTokenSource();
        var app = Build(log, $"--urls=http://127.0.0.1:{port}", "--RateLimits:Advice=1");
        var serving = app.ServeAsync(stop.Token);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };

        await WaitReadyAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        var invalid = await client.GetAsync("/api/sessions?from=not-a-date");
        await client.PostAsJsonAsync("/api/advice", new { level = 7, pmoType = "enterprise-pmo" });
        var limited = await client.PostAsJsonAsync("/api/advice", new { level = 7, pmoType = "enterprise-pmo" });
        await stop.CancelAsync();
        await serving.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains(log.Entries, e => e.Category == "PmoPath.Data.Migrations" && e.Message.StartsWith("Applying ", StringComparison.Ordinal));
        var errors = log.Entries.Where(e => e.Level >= LogLevel.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Level} {e.Category}: {e.Message}")));

        var refused = Assert.Single(log.Entries, e => e.Message.Contains("/api/sessions answered 400", StringComparison.Ordinal));
        var rateLimited = Assert.Single(log.Entries, e => e.Message.Contains("/api/advice answered 429", StringComparison.Ordinal));
        foreach (var entry in new[] { refused, rateLimited })
        {
            Assert.Equal(LogLevel.Information, entry.Level);
            Assert.Null(entry.Exception);
            Assert.False(string.IsNullOrEmpty(entry.Scopes.GetValueOrDefault("RequestId")), $"no RequestId in {entry.Message}");
            Assert.Matches("^[0-9a-f]{32}$", entry.Scopes.GetValueOrDefault("TraceId") ?? "");
        }
        Assert.NotEqual(refused.Scopes["RequestId"], rateLimited.Scopes["RequestId"]);
    }

    [Fact]
    public async Task With_MigrateOnStart_off_pending_migrations_stop_start_up_naming_them_and_ready_says_so()
    {
        var app = Build(new CapturedLog(), "--urls=http://127.0.0.1:0", "--Database:MigrateOnStart=false");
        string first;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            first = db.Database.GetMigrations().First();
            await db.GetService<IMigrator>().MigrateAsync(first);
        }

        var refused = await Assert.ThrowsAsync<PendingMigrationsException>(app.InitializeAsync);
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            var ready = await client.GetAsync("/health/ready");
            var live = await client.GetAsync("/health/live");

            Assert.Contains("pmopath db migrate", refused.Message, StringComparison.Ordinal);
            Assert.Contains(refused.Pending[^1], refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(first, refused.Pending);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("unhealthy", body.GetProperty("status").GetString());
            var migrations = body.GetProperty("checks").GetProperty("migrations");
            Assert.Equal("unhealthy", migrations.GetProperty("status").GetString());
            Assert.Equal(first, migrations.GetProperty("data").GetProperty("schemaVersion").GetString());
            Assert.Equal(refused.Pending, migrations.GetProperty("data").GetProperty("pending").EnumerateArray().Select(p => p.GetString()!));
            Assert.Contains("Start-up failed", body.GetProperty("checks").GetProperty("startup").GetProperty("description").GetString(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public void Json_console_logs_are_chosen_by_configuration_and_carry_scopes()
    {
        var app = Build(new CapturedLog(), "--urls=http://127.0.0.1:0", "--Logging:Console:FormatterName=json");
        Assert.Equal("json", app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
        var json = app.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue;
        Assert.True(json.IncludeScopes);
        Assert.True(json.UseUtcTimestamp);
    }

    private WebApplication Build(CapturedLog log, params string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = ["--environment=Testing", $"--Database:DataFolder={_folder}", .. args],
            ApplicationName = typeof(PmoPathApp).Assembly.GetName().Name,
        });
        builder.AddPmoPathWeb();
        builder.Logging.AddProvider(log);
        var app = builder.Build();
        app.UsePmoPathWeb();
        return app;
    }

    private static async Task WaitReadyAsync(HttpClient client)
    {
        for (var i = 0; i < 1200; i++)
        {
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("The app did not become ready.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
