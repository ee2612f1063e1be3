using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.FileProviders;
using PmoPath.Data;
using PmoPath.Framework;
using PmoPath.Web.Api;
using PmoPath.Web.Components;
using PmoPath.Web.Hosting;

namespace PmoPath.Web;

/// <summary>
/// Builds the web app. <c>Program.cs</c>, <c>pmopath serve</c> and the tests all start it through here,
/// so there is one wiring.
/// </summary>
public static class PmoPathApp
{
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>
    /// The web app from command-line style <paramref name="args"/>; <paramref name="configure"/> may replace services
    /// after PmoPath's own (the tests give it their clock).
    /// </summary>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(PmoPathApp).Assembly.GetName().Name,
        });
        builder.AddPmoPathWeb();
        configure?.Invoke(builder.Services);
        var app = builder.Build();
        app.UsePmoPathWeb();
        return app;
    }

    public static WebApplicationBuilder AddPmoPathWeb(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
            builder.WebHost.UseUrls(DefaultUrl);

        builder.AddPmoPathDatabase();
        builder.AddPmoPathWebAuth();
        builder.AddPmoPathSecurity();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        // A body that cannot be bound (a field the caller may not set, a malformed date) reaches the
        // exception handler, which names the field instead of answering a bare 400.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(json => ConfigureJson(json.SerializerOptions));
        builder.AddPmoPathOpenApi();
        builder.Services.AddRazorComponents();
        builder.Services.AddAntiforgery();
        builder.AddAdviceApi();
        builder.Services.AddSingleton<DatabaseReadiness>();
        builder.Services.AddHostedService<MailSenderService>();
        builder.Services.AddHostedService<SqliteFileHold>();
        builder.Services.AddHostedService<OrganisationSnapshotService>();
        builder.Services.AddSingleton<CareerPathPdfs>();
        builder.AddPmoPathHealth();
        builder.AddPmoPathLogging();
        builder.AddPmoPathTelemetry();
        return builder;
    }

    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.Converters.Add(new BoundedDateConverter());
        options.Converters.Add(new PlainTextConverter());
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
    }

    public static WebApplication UsePmoPathWeb(this WebApplication app)
    {
        app.UsePmoPathSecurity();
        app.UsePmoPathMetrics();
        // Every request waits until the database is migrated and seeded (see ServeAsync); after that, a completed task.
        var ready = app.Services.GetRequiredService<DatabaseReadiness>();
        app.Use(async (context, next) =>
        {
            // Probes answer at once: an orchestrator must see "not ready" (and why) rather than a hanging request.
            if (!HealthSetup.IsProbe(context.Request.Path))
                await ready.Task.WaitAsync(context.RequestAborted);
            await next(context);
        });
        app.UseExceptionHandler();
        // A person who mistypes an address gets the site's own not-found page with a 404 status. API callers keep
        // the problem-details answers they parse: the inner middleware writes one first, so the page is not used.
        // (Re-execution has to be registered on the main pipeline: inside a UseWhen branch it finds no routing.)
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseWhen(IsApi, api => api.UseStatusCodePages());
        app.UseStaticFiles(new StaticFileOptions
        {
            // CSS and images are embedded, so the app serves them whichever host starts it.
            FileProvider = new EmbeddedFileProvider(typeof(PmoPathApp).Assembly, "PmoPath.Web.wwwroot"),
        });
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapOpenApi();
        app.MapGet("/health", CheckHealth).WithTags("Health").ExcludeFromDescription();
        app.MapPmoPathHealth();
        // Liveness without the database: a load balancer's probe, and the benchmarks' ceiling (a constant answer).
        app.MapGet("/ping", () => "pong").ExcludeFromDescription();
        app.MapCatalogApi();
        app.MapAdviceApi();
        app.MapKnowledgeApi();
        app.MapJobsApi();
        app.MapProvidersApi();
        app.MapPeopleApi();
        app.MapCpdApi();
        app.MapCareerPathPicture();
        app.MapFrameworkCaseApi();
        app.MapStaffImportApi();
        app.MapSessionsApi();
        app.MapTeamApi();
        app.MapOrganisationApi();
        app.MapCredentialsApi();
        app.MapRazorComponents<App>();
        return app;
    }

    private static bool IsApi(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/openapi");

    /// <summary>
    /// Applies migrations and seeds the default framework, then lets requests through; call before the app
    /// serves (or use <see cref="ServeAsync"/>, which does both at once).
    /// </summary>
    public static Task InitializeAsync(this WebApplication app) => app.InitializeAsync(schemaReady: null);

    private static async Task InitializeAsync(this WebApplication app, Action? schemaReady)
    {
        var ready = app.Services.GetRequiredService<DatabaseReadiness>();
        try
        {
            await app.Services.InitializeDatabaseAsync(migrate: null, schemaReady, app.Lifetime.ApplicationStopping);
            ready.SetResult();
        }
        catch (Exception e)
        {
            ready.TrySetException(e);
            throw;
        }
    }

    /// <summary>
    /// Runs the web app until it is stopped. The migrations come first: the app's start reads the Data Protection
    /// key ring, which lives in the database. Kestrel, routing and the endpoints are then set up while the database
    /// is seeded, on the other core, and requests wait for the database (docs/adr/0010). If the database cannot be
    /// made ready the app logs why and stops with that error.
    /// </summary>
    public static async Task ServeAsync(this WebApplication app, CancellationToken ct = default)
    {
        await using var _ = app;
        var schemaReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var initializing = Task.Run(() => app.InitializeAsync(schemaReady.SetResult), ct);
        try
        {
            await Task.WhenAny(schemaReady.Task, initializing);
            if (initializing.IsFaulted || initializing.IsCanceled)
                await initializing;
            await app.StartAsync(ct);
            await initializing;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // An expected refusal (pending migrations) is told in one line; anything else keeps its stack trace.
            StartupLog.CouldNotStart(app.Logger, e is PendingMigrationsException ? null : e, e.Message);
            await app.StopAsync(CancellationToken.None);
            throw;
        }
        await app.WaitForShutdownAsync(ct);
    }

    private static async Task<IResult> CheckHealth(IDbContextFactory<AppDbContext> contexts, FrameworkStore store, CancellationToken ct)
    {
        try
        {
            // Migrations were applied before the app began to serve (InitializeAsync), so a probe only needs
            // to know the database still answers; load balancers call this every few seconds.
            await using var db = await contexts.CreateDbContextAsync(ct);
            if (!await db.Database.CanConnectAsync(ct))
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The database is not ready.");
            var framework = await store.GetAsync(ct);
            return TypedResults.Ok(new { status = "healthy", frameworkRevision = framework.Revision, courses = framework.Courses.Count });
        }
        catch (Exception ex) when (ex is InvalidOperationException or DbUpdateException or System.Data.Common.DbException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The database is not ready.", detail: ex.Message);
        }
    }
}

/// <summary>Completed once the database is migrated and seeded; requests wait on it.</summary>
public sealed class DatabaseReadiness() : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
{
    /// <summary>Waits until the database is ready; false when it never became ready (start-up reports why itself).</summary>
    public async Task<bool> WaitAsync(CancellationToken ct)
    {
        try
        {
            await Task.WaitAsync(ct);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return false;
        }
    }
}
