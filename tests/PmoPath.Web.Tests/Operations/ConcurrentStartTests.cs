using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PmoPath.Data;
using PmoPath.Exchange;
using PmoPath.Testing;

namespace PmoPath.Web.Tests.Operations;

/// <summary>
/// Three instances started at the same moment on one fresh PostgreSQL database, as an orchestrator rolls out a new
/// deployment: the migrations are applied once (by whichever takes the advisory lock), the others wait, and all
/// three come up ready over one seeded database.
/// </summary>
public sealed class ConcurrentStartTests
{
    [Fact]
    public async Task Three_instances_starting_together_on_a_fresh_postgres_database_migrate_once_and_all_come_up_ready() =>
        await StartTogetherAsync(await PostgresServer.CreateDatabaseAsync());

    /// <summary>Starts three instances at once over the fresh database <paramref name="connectionString"/> and checks the outcome.</summary>
    internal static async Task StartTogetherAsync(string connectionString)
    {
        var instances = Enumerable.Range(0, 3).Select(i =>
        {
            var log = new CapturedLog();
            var folder = Directory.CreateTempSubdirectory("pmopath-three-").FullName;
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                Args = ["--urls=http://127.0.0.1:0", "--environment=Testing", $"--Database:DataFolder={folder}",
                    "--Database:Provider=Postgres", $"--ConnectionStrings:PmoPath={connectionString}"],
                ApplicationName = typeof(PmoPathApp).Assembly.GetName().Name,
            });
            builder.AddPmoPathWeb();
            builder.Logging.AddProvider(log);
            var app = builder.Build();
            app.UsePmoPathWeb();
            return (App: app, Log: log);
        }).ToList();

        try
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var starting = instances.Select(async i =>
            {
                await gate.Task;
                await i.App.InitializeAsync();
                await i.App.StartAsync();
            }).ToList();
            gate.SetResult();
            await Task.WhenAll(starting).WaitAsync(TimeSpan.FromMinutes(5));

            foreach (var (app, _) in instances)
            {
                using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
                var ready = await client.GetAsync("/health/ready");
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
                Assert.Equal("healthy", JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
            }

            var applying = instances.SelectMany(i => i.Log.Entries).Where(e => e.Category == "PmoPath.Data.Migrations" && e.Message.StartsWith("Applying ", StringComparison.Ordinal)).ToList();
            Assert.Single(applying);
            var errors = instances.SelectMany(i => i.Log.Entries).Where(e => e.Level >= LogLevel.Error).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Category}: {e.Message}")));

            await using var db = await instances[0].App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(1, await db.FrameworkRevisions.CountAsync());
            Assert.Equal(FrameworkJson.ReadDefault().Courses.Count, await db.Courses.CountAsync());
        }
        finally
        {
            foreach (var (app, _) in instances)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
    }
}
