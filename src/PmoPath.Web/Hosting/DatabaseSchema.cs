using Microsoft.EntityFrameworkCore;
using PmoPath.Data;

namespace PmoPath.Web.Hosting;

/// <summary>
/// The database's migrations as an operator sees them (<c>pmopath db status</c>, <c>/health/ready</c>): those this
/// release knows, those applied, those pending, and any applied that this release does not know.
/// </summary>
public sealed record SchemaStatus(IReadOnlyList<string> Known, IReadOnlyList<string> Applied)
{
    public IReadOnlyList<string> Pending => [.. Known.Except(Applied, StringComparer.Ordinal)];

    /// <summary>Migrations in the database that this release does not have: it was made (or upgraded) by a newer release.</summary>
    public IReadOnlyList<string> Unknown => [.. Applied.Except(Known, StringComparer.Ordinal)];

    /// <summary>The schema version: the last migration applied, or null for an empty database.</summary>
    public string? Version => Applied.Count > 0 ? Applied[^1] : null;

    public static async Task<SchemaStatus> ReadAsync(AppDbContext db, CancellationToken ct = default) =>
        new([.. db.Database.GetMigrations()], await HistoryExistsAsync(db, ct) ? [.. await db.Database.GetAppliedMigrationsAsync(ct)] : []);

    /// <summary>
    /// Whether the migrations history table exists. The PostgreSQL provider does not look before it reads the table
    /// (npgsql/efcore.pg#3407): on a fresh database its failed SELECT is caught but logged as an error, so we look
    /// first. SQLite's provider looks itself.
    /// </summary>
    public static async Task<bool> HistoryExistsAsync(AppDbContext db, CancellationToken ct = default) =>
        !db.Database.IsNpgsql()
        || await db.Database.SqlQuery<bool>($"SELECT to_regclass('\"__EFMigrationsHistory\"') IS NOT NULL AS \"Value\"").SingleAsync(ct);
}

/// <summary>
/// Start-up refused because the database is not at this release's schema and <c>Database:MigrateOnStart</c> is off.
/// The message names the pending migrations and the command that applies them.
/// </summary>
public sealed class PendingMigrationsException(IReadOnlyList<string> pending)
    : InvalidOperationException($"The database has {pending.Count} pending migration{(pending.Count == 1 ? "" : "s")} ({string.Join(", ", pending)}) and Database:MigrateOnStart is off. " +
        "Back the database up, then apply them with 'pmopath db migrate', or start with Database:MigrateOnStart=true.")
{
    public IReadOnlyList<string> Pending { get; } = pending;
}

/// <summary>
/// Makes the schema current, one instance at a time. On PostgreSQL a transaction-scoped advisory lock is held around
/// migrating and seeding by a transaction kept open on a connection of its own, so instances starting together on a
/// fresh database apply the migrations once and the others wait and then find them applied (docs/adr/0024). A
/// transaction's lock, unlike a session's, holds through PgBouncer in transaction pooling mode: the pooler keeps the
/// server connection for the transaction, and ending the transaction (or losing the connection) releases it.
/// A SQLite file has one host; EF Core's own migration lock covers it.
/// </summary>
public sealed class StartupLock : IAsyncDisposable
{
    /// <summary>"PmoPath" in ASCII: the advisory lock key, the same in every release so old and new instances exclude each other.</summary>
    public const long Key = 0x506D6F50617468;

    private readonly AppDbContext? _db;
    private readonly System.Data.Common.DbTransaction? _holding;

    private StartupLock(AppDbContext? db, System.Data.Common.DbTransaction? holding) => (_db, _holding) = (db, holding);

    public static async Task<StartupLock> AcquireAsync(IDbContextFactory<AppDbContext> contexts, ILogger logger, TimeSpan waitForServer, CancellationToken ct)
    {
        var db = await contexts.CreateDbContextAsync(ct);
        if (!db.Database.IsNpgsql())
        {
            await db.DisposeAsync();
            return new StartupLock(null, null);
        }
        try
        {
            // The lock belongs to the transaction, begun on the plain connection (outside EF Core's retrying strategy):
            // it stays open, idle between the polls and while the others migrate and seed, until the lock is released.
            await OpenWhenTheServerAcceptsAsync(db, logger, waitForServer, ct);
            var connection = db.Database.GetDbConnection();
            var holding = await connection.BeginTransactionAsync(ct);
            await using var take = connection.CreateCommand();
            take.Transaction = holding;
            take.CommandText = "SELECT pg_try_advisory_xact_lock(" + Key.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")";
            var waiting = false;
            while (!(bool)(await take.ExecuteScalarAsync(ct))!)
            {
                if (!waiting)
                    StartupLog.Waiting(logger);
                waiting = true;
                await Task.Delay(200, ct);
            }
            return new StartupLock(db, holding);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Opens the connection, retrying while the server refuses for a reason that passes — it is starting, or every
    /// connection it allows is taken — for up to <paramref name="waitForServer"/>, so instances started with (or just
    /// after) their database wait for it rather than crash.
    /// </summary>
    private static async Task OpenWhenTheServerAcceptsAsync(AppDbContext db, ILogger logger, TimeSpan waitForServer, CancellationToken ct)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.Database.OpenConnectionAsync(ct);
                return;
            }
            catch (System.Data.Common.DbException refused) when (refused.IsTransient && waited.Elapsed < waitForServer)
            {
                if (attempt == 1)
                    StartupLog.WaitingForServer(logger, refused.Message, (int)waitForServer.TotalSeconds);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 250 * attempt)), ct);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_db is null)
            return;
        try
        {
            // Ending the transaction releases its lock; it wrote nothing.
            await _holding!.RollbackAsync();
        }
        finally
        {
            await _holding!.DisposeAsync();
            await _db.DisposeAsync();
        }
    }
}

/// <summary>What start-up tells the operator.</summary>
internal static partial class StartupLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} migrations: {Migrations}.")]
    public static partial void Applying(ILogger logger, int count, IEnumerable<string> migrations);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Count} migrations; the schema version is {Version}.")]
    public static partial void Applied(ILogger logger, int count, string version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Another instance is migrating or seeding the database; waiting for it to finish.")]
    public static partial void Waiting(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database refused a connection ({Reason}); retrying for up to {Seconds} s.")]
    public static partial void WaitingForServer(ILogger logger, string reason, int seconds);

    [LoggerMessage(Level = LogLevel.Critical, Message = "PmoPath could not start: {Reason}")]
    public static partial void CouldNotStart(ILogger logger, Exception? exception, string reason);
}
