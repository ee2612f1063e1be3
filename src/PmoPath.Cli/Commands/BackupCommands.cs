using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Data;
using PmoPath.Data.Sqlite;

namespace PmoPath.Cli.Commands;

/// <summary>
/// <c>pmopath backup FILE</c> and <c>pmopath restore FILE</c> for the SQLite file (docs/operations.md). Neither migrates
/// nor seeds the database. On PostgreSQL they say to use <c>pg_dump</c> and <c>pg_restore</c>.
/// </summary>
public static class BackupCommands
{
    public static Command BuildBackup(CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "Where to write the backup (a SQLite file)." };
        var force = new Option<bool>("--force") { Description = "Replace FILE if it exists." };
        var backup = new Command("backup", "Copy the SQLite database to FILE while the web app serves: one consistent moment, checked.") { file, force };
        backup.SetAction((parse, ct) => console.WithServicesAsync(async services =>
        {
            if (await SqliteConnectionStringAsync(services, ct) is not { } connectionString)
                return await PostgresAsync(console, "backup");
            var check = await SqliteBackup.BackupAsync(connectionString, parse.GetValue(file)!, parse.GetValue(force), ct);
            var target = Path.GetFullPath(parse.GetValue(file)!);
            await console.Out.WriteLineAsync(
                $"Backed up {SqliteBackup.DataSource(connectionString)} to {target} ({Size(target)}; schema version {check.SchemaVersion}; integrity and foreign keys checked).");
            return PmoPathCli.Ok;
        }, ct, initialize: false));
        return backup;
    }

    public static Command BuildRestore(CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "A backup written by 'pmopath backup' (or another copy of a PmoPath SQLite database)." };
        var restore = new Command("restore",
            "Replace the SQLite database with FILE after checking it (integrity, foreign keys, a PmoPath schema this release knows). Stop the web app first.") { file };
        restore.SetAction((parse, ct) => console.WithServicesAsync(async services =>
        {
            if (await SqliteConnectionStringAsync(services, ct) is not { } connectionString)
                return await PostgresAsync(console, "restore");
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            var restored = await SqliteBackup.RestoreAsync(parse.GetValue(file)!, connectionString, now, ct);
            await console.Out.WriteLineAsync($"Restored {Path.GetFullPath(parse.GetValue(file)!)} into {restored.Database} (schema version {restored.Check.SchemaVersion}).");
            if (restored.Check.Pending.Count > 0)
                await console.Out.WriteLineAsync(
                    $"It lacks {restored.Check.Pending.Count} migrations of this release; they apply at the next start, or run 'pmopath db migrate'.");
            if (restored.Kept is not null)
                await console.Out.WriteLineAsync($"The database it replaced is kept as {restored.Kept}.");
            return PmoPathCli.Ok;
        }, ct, initialize: false));
        return restore;
    }

    /// <summary>The SQLite connection string of the configured database, or null when it is PostgreSQL.</summary>
    private static async Task<string?> SqliteConnectionStringAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
        return db.Database.IsSqlite() ? db.Database.GetConnectionString() : null;
    }

    private static async Task<int> PostgresAsync(CliConsole console, string command)
    {
        await console.Error.WriteLineAsync($"""
            'pmopath {command}' works on the SQLite file; this database is PostgreSQL. Use PostgreSQL's own tools:
              pg_dump --format=custom --file=pmopath.dump "host=HOST dbname=pmopath user=pmopath"
              pg_restore --clean --if-exists --no-owner --dbname="host=HOST dbname=pmopath user=pmopath" pmopath.dump
            See docs/operations.md (backup and restore).
            """);
        return PmoPathCli.BadInput;
    }

    private static string Size(string file)
    {
        var bytes = new FileInfo(file).Length;
        return bytes >= 1 << 20
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MB")
            : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0} KB");
    }
}
