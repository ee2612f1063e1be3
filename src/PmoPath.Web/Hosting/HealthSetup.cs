using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PmoPath.Data;

namespace PmoPath.Web.Hosting;

/// <summary>
/// Health for orchestrators (docs/operations.md): <c>/health/live</c> answers while the process does;
/// <c>/health/ready</c> runs every check tagged <see cref="ReadyTag"/> and answers 200 only when all pass, 503
/// otherwise, with a JSON body naming each check. Both answer before the database is ready (requests to the rest
/// of the app wait for it). <c>/health</c> keeps its own answer (<see cref="PmoPathApp"/>).
/// </summary>
public static class HealthSetup
{
    /// <summary>
    /// The tag of the readiness checks. A feature with a condition an instance cannot serve without (a stuck mail
    /// outbox, say) adds its own: <c>services.AddHealthChecks().AddCheck&lt;T&gt;("mail-outbox", tags: [HealthSetup.ReadyTag])</c>.
    /// </summary>
    public const string ReadyTag = "ready";

    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    public static IHostApplicationBuilder AddPmoPathHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [ReadyTag])
            .AddCheck<StartupHealthCheck>("startup", tags: [ReadyTag]);
        return builder;
    }

    public static IEndpointRouteBuilder MapPmoPathHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
        return app;
    }

    /// <summary>Whether a request is a probe, which must not wait for the database like the rest of the app.</summary>
    public static bool IsProbe(PathString path) => path.Equals(LivePath, StringComparison.OrdinalIgnoreCase) || path.Equals(ReadyPath, StringComparison.OrdinalIgnoreCase);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = Name(report.Status),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = Name(e.Value.Status),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                data = e.Value.Data.Count > 0 ? e.Value.Data : null,
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json), context.RequestAborted);
    }

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}

/// <summary>The database answers a connection.</summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<AppDbContext> contexts, DatabaseInfo database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["provider"] = database.Provider.ToString() };
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy("The database answers.", data)
                : HealthCheckResult.Unhealthy("The database cannot be reached.", data: data);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"The database cannot be reached: {e.Message}", data: data);
        }
    }
}

/// <summary>Every migration of this release is applied.</summary>
internal sealed class MigrationsHealthCheck(IDbContextFactory<AppDbContext> contexts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var status = await SchemaStatus.ReadAsync(db, cancellationToken);
            var data = new Dictionary<string, object>
            {
                ["schemaVersion"] = status.Version ?? "",
                ["applied"] = status.Applied.Count,
                ["pending"] = status.Pending,
            };
            if (status.Unknown.Count > 0)
                data["unknown"] = status.Unknown;
            return status.Pending.Count == 0
                ? HealthCheckResult.Healthy("Every migration of this release is applied.", data)
                : HealthCheckResult.Unhealthy($"{status.Pending.Count} migrations are pending: run 'pmopath db migrate' or start with Database:MigrateOnStart=true.", data: data);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"The migrations cannot be read: {e.Message}");
        }
    }
}

/// <summary>This instance has finished making the database ready (migrated, seeded) and lets requests through.</summary>
internal sealed class StartupHealthCheck(DatabaseReadiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(readiness.Task.Status switch
        {
            TaskStatus.RanToCompletion => HealthCheckResult.Healthy("Started: the database is migrated and seeded."),
            TaskStatus.Faulted => HealthCheckResult.Unhealthy($"Start-up failed: {readiness.Task.Exception?.GetBaseException().Message}"),
            _ => HealthCheckResult.Unhealthy("Starting: the database is being migrated and seeded."),
        });
}
