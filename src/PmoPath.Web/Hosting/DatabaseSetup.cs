using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Data.Postgres;
using PmoPath.Data.Sqlite;
using PmoPath.Framework;

namespace PmoPath.Web.Hosting;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (the default, a file) or <c>Postgres</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// Where the default SQLite file lives when <c>ConnectionStrings:PmoPath</c> is not set; by default the
    /// user's local application data folder, so the web app and the CLI share one database.
    /// </summary>
    public string? DataFolder { get; set; }

    /// <summary>
    /// Whether start-up applies pending migrations (the default). Off, a start on a database with pending migrations
    /// fails naming them, and they are applied on purpose with <c>pmopath db migrate</c> (docs/operations.md).
    /// </summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>
    /// PostgreSQL: the most connections this instance opens (Npgsql's <c>Maximum Pool Size</c>, unless the connection
    /// string sets it). Size it so that instances × this ≤ the server's <c>max_connections</c> − a reserve for
    /// maintenance and the CLI (README, "PostgreSQL").
    /// </summary>
    public int MaxPoolSize { get; set; } = 20;

    /// <summary>
    /// PostgreSQL: how long a request waits for a pooled connection before it is answered 503 with <c>Retry-After</c>
    /// (Npgsql's <c>Timeout</c>, unless the connection string sets it).
    /// </summary>
    public int ConnectionWaitSeconds { get; set; } = 5;

    /// <summary>How long start-up keeps retrying while the database refuses connections (starting, or full), before it gives up.</summary>
    public int StartupWaitSeconds { get; set; } = 60;
}

public static class DatabaseSetup
{
    public const string ConnectionStringName = "PmoPath";

    /// <summary>A streaming replica of the PostgreSQL database, for the read-only paths (<see cref="ReadOnlyData"/>).</summary>
    public const string ReadOnlyConnectionStringName = "PmoPathReadOnly";

    /// <summary>
    /// Chooses the provider from configuration and registers the context factory (and a scoped
    /// context) for it. The web app and the CLI both call this, so they read the same settings.
    /// </summary>
    public static IHostApplicationBuilder AddPmoPathDatabase(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);

        if (options.Provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                $"Database:Provider is Postgres but ConnectionStrings:{ConnectionStringName} is not set, e.g. 'Host=localhost;Database=pmopath;Username=pmopath'.");

        var readOnlyConnectionString = builder.Configuration.GetConnectionString(ReadOnlyConnectionStringName);
        if (!string.IsNullOrWhiteSpace(readOnlyConnectionString) && options.Provider != DatabaseProvider.Postgres)
            throw new InvalidOperationException(
                $"ConnectionStrings:{ReadOnlyConnectionStringName} names a PostgreSQL streaming replica, but Database:Provider is Sqlite, whose one file has no replica. Remove the setting, or use Postgres.");

        if (string.IsNullOrWhiteSpace(connectionString))
            connectionString = DefaultSqliteConnectionString(options);
        else if (options.Provider == DatabaseProvider.Postgres)
        {
            if (options.MaxPoolSize is < 1 or > 1000 || options.ConnectionWaitSeconds is < 1 or > 300 || options.StartupWaitSeconds is < 0 or > 3600)
                throw new InvalidOperationException("Database:MaxPoolSize must be 1 to 1000, Database:ConnectionWaitSeconds 1 to 300 and Database:StartupWaitSeconds 0 to 3600.");
            connectionString = PostgresProvider.WithPoolBudget(connectionString, options.MaxPoolSize, options.ConnectionWaitSeconds);
            // The replica is another server: the same budget applies to it separately.
            if (!string.IsNullOrWhiteSpace(readOnlyConnectionString))
                readOnlyConnectionString = PostgresProvider.WithPoolBudget(readOnlyConnectionString, options.MaxPoolSize, options.ConnectionWaitSeconds);
        }

        // One provider for both databases, and the interceptors registered as services on every context, the read-only
        // one's too (the tests count round trips so).
        void Use(DbContextOptionsBuilder db, IServiceProvider sp, string connection)
        {
            if (options.Provider == DatabaseProvider.Postgres)
                db.UsePostgresProvider(connection);
            else
                db.UseSqliteProvider(connection);
            db.AddInterceptors(sp.GetServices<IInterceptor>());
        }

        builder.Services.AddDbContextFactory<AppDbContext>((sp, db) => Use(db, sp, connectionString));
        // The context of a request (or of a CLI command's scope) is bound to its caller, so that the tenant
        // filter applies to everything the request reads and writes (docs/adr/0005). The caller is the
        // signed-in principal's; hosts without one (the CLI) register Caller.System themselves.
        // Transient: it is read from the principal each time, never cached before authentication has run.
        builder.Services.TryAddTransient(sp => sp.GetService<IHttpContextAccessor>()?.HttpContext is { } http ? Caller.From(http.User) : Caller.Anonymous);
        builder.Services.Replace(ServiceDescriptor.Scoped(sp =>
            sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext().BindTo(() => sp.GetRequiredService<Caller>())));
        // The read-only paths' contexts: on the replica when one is configured, else on the primary; never tracking.
        var readFrom = string.IsNullOrWhiteSpace(readOnlyConnectionString) ? connectionString : readOnlyConnectionString;
        builder.Services.AddKeyedSingleton<IDbContextFactory<AppDbContext>>(ReadOnlyData.Key, (sp, _) =>
        {
            var db = new DbContextOptionsBuilder<AppDbContext>().UseApplicationServiceProvider(sp);
            Use(db, sp, readFrom);
            return new ReadOnlyContextFactory(db.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking).Options);
        });
        builder.Services.AddKeyedScoped(ReadOnlyData.Key, (sp, _) =>
            sp.GetRequiredKeyedService<IDbContextFactory<AppDbContext>>(ReadOnlyData.Key).CreateDbContext().BindTo(() => sp.GetRequiredService<Caller>()));
        builder.Services.AddSingleton(new DatabaseInfo(options.Provider, Redact(connectionString)));
        builder.Services.AddSingleton(options);
        // SQLite has one writer per file: contended write transactions queue in the process (see WriteQueue).
        builder.Services.AddSingleton(new WriteQueue(oneAtATime: options.Provider == DatabaseProvider.Sqlite));
        // Full-text search is the one place that needs provider SQL (docs/adr/0006).
        if (options.Provider == DatabaseProvider.Postgres)
            builder.Services.AddSingleton<Search.SearchEngine, PostgresSearch>();
        else
            builder.Services.AddSingleton<Search.SearchEngine, SqliteSearch>();
        // New rows in bulk (the staff import) go by binary COPY on PostgreSQL, by prepared INSERTs elsewhere (docs/adr/0045).
        if (options.Provider == DatabaseProvider.Postgres)
            builder.Services.AddSingleton<BulkWriter, PostgresBulkWriter>();
        // After an erasure SQLite's WAL is checkpointed and truncated; PostgreSQL relies on autovacuum (README, security).
        if (options.Provider == DatabaseProvider.Sqlite)
            builder.Services.AddSingleton<People.StorageScrubber, SqliteStorageScrubber>();
        builder.Services.AddPmoPathCore();
        builder.AddPmoPathAccounts(DataFolder(options));
        return builder;
    }

    /// <summary>Applies migrations and loads the default framework into an empty database.</summary>
    public static Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken ct = default) =>
        services.InitializeDatabaseAsync(migrate: null, schemaReady: null, ct);

    /// <summary>
    /// Makes the database ready: applies pending migrations (when <paramref name="migrate"/> is true, or it is null and
    /// <c>Database:MigrateOnStart</c> is on; otherwise pending migrations stop start-up with
    /// <see cref="PendingMigrationsException"/>), calls <paramref name="schemaReady"/> once the schema is current, and
    /// seeds the default data into an empty database. On PostgreSQL all of it runs under <see cref="StartupLock"/>.
    /// Returns the migrations it applied.
    /// </summary>
    public static async Task<IReadOnlyList<string>> InitializeDatabaseAsync(this IServiceProvider services, bool? migrate, Action? schemaReady, CancellationToken ct = default)
    {
        var contexts = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("PmoPath.Data.Migrations");
        var wait = TimeSpan.FromSeconds(services.GetRequiredService<DatabaseOptions>().StartupWaitSeconds);
        await using var startupLock = await StartupLock.AcquireAsync(contexts, logger, wait, ct);
        IReadOnlyList<string> pending;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            if (db.Database.IsSqlite())
            {
                // Write-ahead logging lets readers and one writer work at once; it is a property of the file.
                await db.Database.OpenConnectionAsync(ct);
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            }
            // Migrate only when a migration is pending: on an up-to-date database this skips EF's check of the
            // model against the last migration's snapshot, which costs seconds of a cold start.
            pending = (await SchemaStatus.ReadAsync(db, ct)).Pending;
            if (pending.Count > 0)
            {
                if (!(migrate ?? services.GetRequiredService<DatabaseOptions>().MigrateOnStart))
                    throw new PendingMigrationsException(pending);
                StartupLog.Applying(logger, pending.Count, pending);
                // Created first, so that the migrator's own reads of the history find the table (see HistoryExistsAsync).
                if (!await SchemaStatus.HistoryExistsAsync(db, ct))
                    await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), ct);
                await db.Database.MigrateAsync(ct);
                StartupLog.Applied(logger, pending.Count, pending[^1]);
            }
        }
        schemaReady?.Invoke();
        await services.GetRequiredService<FrameworkStore>().SeedDefaultAsync(ct);
        await services.GetRequiredService<Knowledge.ArticleStore>().SeedDefaultAsync(ct);
        await services.GetRequiredService<Jobs.JobStore>().SeedSamplesAsync(ct);
        await services.GetRequiredService<Providers.ProviderStore>().SeedSamplesAsync(ct);
        await services.GetRequiredService<Sessions.SampleSessions>().SeedAsync(ct);
        await EnsureCoursesSearchableAsync(contexts, services.GetRequiredService<FrameworkStore>(), ct);
        await services.GetRequiredService<Providers.ProviderStore>().EnsureSearchableAsync(ct);
        return pending;
    }

    /// <summary>
    /// A database whose framework was seeded before search existed has no course entries; index them
    /// once. Imports keep them in step afterwards.
    /// </summary>
    private static async Task EnsureCoursesSearchableAsync(IDbContextFactory<AppDbContext> contexts, FrameworkStore store, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.SearchEntries.AnyAsync(e => e.Kind == Search.SearchKinds.Course, ct))
            return;
        var framework = await store.GetAsync(ct);
        await Search.SearchIndex.ReplaceCoursesAsync(db, framework.Courses, framework, ct);
        await db.SaveChangesAsync(ct);
    }

    private static string DefaultSqliteConnectionString(DatabaseOptions options)
    {
        var folder = DataFolder(options);
        Directory.CreateDirectory(folder);
        return $"Data Source={Path.Combine(folder, "pmopath.db")}";
    }

    private static string DataFolder(DatabaseOptions options) => options.DataFolder is { Length: > 0 } configured
        ? Path.GetFullPath(configured)
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "PmoPath");

    private static string Redact(string connectionString) =>
        string.Join(';', connectionString.Split(';').Where(part => !part.TrimStart().StartsWith("Password", StringComparison.OrdinalIgnoreCase)));
}

/// <summary>Contexts for the read-only paths, over their own options (another connection string, no tracking).</summary>
internal sealed class ReadOnlyContextFactory(DbContextOptions<AppDbContext> options) : IDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext() => new(options);
}

/// <summary>Which database this process uses, without secrets; shown by <c>pmopath</c> and in logs.</summary>
public sealed record DatabaseInfo(DatabaseProvider Provider, string ConnectionString);
