using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace PmoPath.Data.Sqlite;

/// <summary>
/// Backup and restore of the SQLite file (docs/operations.md, docs/adr/0023). A backup is taken with SQLite's
/// online backup API while the web app serves: one backup step copies every page under one read transaction, so
/// the copy is the database as of one moment, whatever writers do meanwhile (WAL lets them continue). A restore
/// checks the file first and then swaps it in with one rename, so the database is never half written.
/// </summary>
public static class SqliteBackup
{
    private static readonly byte[] Header = "SQLite format 3\0"u8.ToArray();

    /// <summary>
    /// Copies the database of <paramref name="connectionString"/> to <paramref name="file"/>, checked, as one
    /// self-contained file (no <c>-wal</c> beside it). Written beside the target first and renamed into place.
    /// </summary>
    /// <exception cref="SqliteMaintenanceException">The source is missing, the target exists, or the copy fails its check.</exception>
    public static async Task<DatabaseCheck> BackupAsync(string connectionString, string file, bool overwrite, CancellationToken ct = default)
    {
        var source = DataSource(connectionString);
        if (!File.Exists(source))
            throw new SqliteMaintenanceException($"There is no database at {source} to back up.");
        var target = Path.GetFullPath(file);
        if (string.Equals(target, source, StringComparison.Ordinal))
            throw new SqliteMaintenanceException($"{target} is the database itself; choose another file.", badInput: true);
        if (File.Exists(target) && !overwrite)
            throw new SqliteMaintenanceException($"{target} exists already; choose a new file name or pass --force to replace it.", badInput: true);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);

        var partial = target + ".partial";
        DeleteWithSideFiles(partial);
        try
        {
            await using (var from = Open(source, SqliteOpenMode.ReadWrite))
            await using (var to = Open(partial, SqliteOpenMode.ReadWriteCreate))
            {
                await from.OpenAsync(ct);
                await to.OpenAsync(ct);
                await CopyAsync(from, to, ct);
                // The copy carries the source's WAL flag; a rollback journal makes it one file that can be copied as is.
                await ExecuteAsync(to, "PRAGMA journal_mode=DELETE;", ct);
            }
            var check = await CheckAsync(partial, ct);
            if (!check.IsPmoPathDatabase)
                throw new SqliteMaintenanceException($"The backup failed its check, so {target} was not written: {string.Join(" ", check.Problems)}");
            File.Move(partial, target, overwrite);
            return check;
        }
        finally
        {
            DeleteWithSideFiles(partial);
        }
    }

    /// <summary>
    /// Replaces the database of <paramref name="connectionString"/> with <paramref name="file"/> once the file passes
    /// <see cref="CheckAsync"/> and nothing has the database open. The file is copied beside the database, checked
    /// there and renamed over it in one step; the database it replaces is kept beside it (see <see cref="RestoreResult"/>).
    /// </summary>
    /// <exception cref="SqliteMaintenanceException">The file was refused (the problems are named) or the database is in use.</exception>
    public static async Task<RestoreResult> RestoreAsync(string file, string connectionString, DateTime nowUtc, CancellationToken ct = default)
    {
        var backup = Path.GetFullPath(file);
        if (!File.Exists(backup))
            throw new SqliteMaintenanceException($"There is no file {backup}.", badInput: true);
        if (ReadHeaderProblem(backup) is { } notSqlite)
            throw new SqliteMaintenanceException($"{backup} was refused: {notSqlite}", badInput: true);
        var target = DataSource(connectionString);
        if (string.Equals(target, backup, StringComparison.Ordinal))
            throw new SqliteMaintenanceException($"{backup} is the database itself; nothing to restore.", badInput: true);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (File.Exists(target) && await InUseAsync(target, ct))
            throw new SqliteMaintenanceException(
                $"The database {target} is in use (another process, such as the web app, has it open). Stop the web app and any pmopath command using it, then restore again; nothing was changed.");

        var incoming = target + ".restoring";
        DeleteWithSideFiles(incoming);
        try
        {
            File.Copy(backup, incoming);
            var check = await CheckAsync(incoming, ct);
            if (!check.IsPmoPathDatabase)
                throw new SqliteMaintenanceException($"{backup} was refused, nothing was changed: {string.Join(" ", check.Problems)}", badInput: true);
            await using (var connection = Open(incoming, SqliteOpenMode.ReadWrite))
            {
                await connection.OpenAsync(ct);
                await ExecuteAsync(connection, "PRAGMA journal_mode=DELETE;", ct);
            }

            string? kept = null;
            if (File.Exists(target))
            {
                // Checked again just before the swap: a web app started meanwhile must not lose its file under it.
                if (await InUseAsync(target, ct))
                    throw new SqliteMaintenanceException($"The database {target} came into use during the restore; nothing was changed.");
                kept = $"{target}.before-restore-{nowUtc:yyyyMMdd-HHmmss}";
                File.Copy(target, kept, overwrite: true);
            }
            // A write-ahead log left beside the old file would be applied to the new one: none may remain.
            File.Delete(target + "-wal");
            File.Delete(target + "-shm");
            File.Move(incoming, target, overwrite: true);
            return new RestoreResult(target, kept, check);
        }
        finally
        {
            DeleteWithSideFiles(incoming);
        }
    }

    /// <summary>
    /// Whether <paramref name="file"/> is a sound PmoPath database this release can open: a SQLite file whose
    /// <c>PRAGMA integrity_check</c> says ok, whose <c>PRAGMA foreign_key_check</c> finds nothing, and whose
    /// <c>__EFMigrationsHistory</c> is a prefix of this release's migrations (an older schema is fine: its migrations
    /// apply at the next start or with <c>pmopath db migrate</c>). Opens the file for writing, so check a copy.
    /// </summary>
    public static async Task<DatabaseCheck> CheckAsync(string file, CancellationToken ct = default)
    {
        if (ReadHeaderProblem(file) is { } notSqlite)
            return DatabaseCheck.Refused(notSqlite);

        var problems = new List<string>();
        await using (var connection = Open(file, SqliteOpenMode.ReadWrite))
        {
            await connection.OpenAsync(ct);
            var integrity = await ReadColumnAsync(connection, "PRAGMA integrity_check(20);", 0, ct);
            if (integrity is not ["ok"])
                return DatabaseCheck.Refused($"PRAGMA integrity_check found damage: {string.Join("; ", integrity)}.");

            var broken = await ReadForeignKeyProblemsAsync(connection, ct);
            if (broken.Count > 0)
                problems.Add($"PRAGMA foreign_key_check found rows whose parent is missing: {string.Join("; ", broken)}.");

            if (!await TableExistsAsync(connection, "__EFMigrationsHistory", ct))
            {
                problems.Add("it has no __EFMigrationsHistory table, so it is not a PmoPath database.");
                return new DatabaseCheck(problems, [], []);
            }
        }

        var options = new DbContextOptionsBuilder<AppDbContext>();
        options.UseSqliteProvider(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ConnectionString);
        await using var db = new AppDbContext(options.Options);
        var known = db.Database.GetMigrations().ToList();
        var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToList();
        if (applied.Count == 0)
            problems.Add("its __EFMigrationsHistory is empty, so it is not a PmoPath database.");
        else if (applied.FirstOrDefault(m => !known.Contains(m, StringComparer.Ordinal)) is { } unknown)
            problems.Add($"it was made by another release: migration {unknown} is not one this release knows (its last is {known[^1]}).");
        else if (!applied.SequenceEqual(known.Take(applied.Count), StringComparer.Ordinal))
            problems.Add($"its migrations are not in this release's order (it lacks {known.Take(applied.Count).Except(applied, StringComparer.Ordinal).First()}).");
        return new DatabaseCheck(problems, applied, known);
    }

    /// <summary>
    /// Whether another connection has the file open: leaving WAL needs the only connection, so it fails while the
    /// web app (or another command) holds one, idle or not. A file in rollback mode is probed with an exclusive lock.
    /// </summary>
    public static async Task<bool> InUseAsync(string file, CancellationToken ct = default)
    {
        // A short timeout: Microsoft.Data.Sqlite retries a busy statement until it passes (0 would retry for ever).
        await using var connection = Open(file, SqliteOpenMode.ReadWrite, timeoutSeconds: 1);
        try
        {
            await connection.OpenAsync(ct);
            var mode = await ReadColumnAsync(connection, "PRAGMA journal_mode=DELETE;", 0, ct);
            if (mode is not ["delete"])
                return true;
            await ExecuteAsync(connection, "BEGIN EXCLUSIVE; COMMIT;", ct);
            return false;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            // SQLITE_BUSY, SQLITE_LOCKED: someone else holds it.
            return true;
        }
    }

    /// <summary>The file of a SQLite connection string, as a full path.</summary>
    public static string DataSource(string connectionString) =>
        Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);

    private static async Task CopyAsync(SqliteConnection from, SqliteConnection to, CancellationToken ct)
    {
        // One step (all pages) holds a read transaction for the whole copy. In WAL mode a writer does not block it;
        // a checkpoint that briefly locks the file can, so a busy answer is retried.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                from.BackupDatabase(to);
                return;
            }
            catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6 && attempt < 20)
            {
                await Task.Delay(100 * attempt, ct);
            }
        }
    }

    private static string? ReadHeaderProblem(string file)
    {
        var header = new byte[Header.Length];
        int read;
        using (var stream = File.OpenRead(file))
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (read == 0)
            return "the file is empty, not a SQLite database.";
        return header.AsSpan(0, read).SequenceEqual(Header)
            ? null
            : $"it is not a SQLite database (a SQLite file begins with 'SQLite format 3'; this one begins with '{Printable(header.AsSpan(0, read))}').";
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        foreach (var b in bytes)
            text.Append(b is >= 0x20 and < 0x7f ? (char)b : '.');
        return text.ToString();
    }

    private static async Task<List<string>> ReadForeignKeyProblemsAsync(SqliteConnection connection, CancellationToken ct)
    {
        // Rows: table, rowid, parent, foreign key index. Summarised per table and parent.
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA foreign_key_check;";
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var key = $"{reader.GetString(0)} → {reader.GetString(2)}";
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        return [.. counts.Select(c => $"{c.Value} in {c.Key}")];
    }

    private static async Task<bool> TableExistsAsync(SqliteConnection connection, string table, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name;";
        command.Parameters.AddWithValue("$name", table);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static async Task<List<string>> ReadColumnAsync(SqliteConnection connection, string sql, int column, CancellationToken ct)
    {
        var values = new List<string>();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            values.Add(reader.GetValue(column)?.ToString() ?? "");
        return values;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static SqliteConnection Open(string file, SqliteOpenMode mode, int timeoutSeconds = 30) =>
        new(new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false, DefaultTimeout = timeoutSeconds }.ConnectionString);

    private static void DeleteWithSideFiles(string file)
    {
        File.Delete(file);
        File.Delete(file + "-wal");
        File.Delete(file + "-shm");
        File.Delete(file + "-journal");
    }
}

/// <summary>What <see cref="SqliteBackup.CheckAsync"/> found: the problems (none for a sound PmoPath database) and its migrations.</summary>
public sealed record DatabaseCheck(IReadOnlyList<string> Problems, IReadOnlyList<string> Applied, IReadOnlyList<string> Known)
{
    public bool IsPmoPathDatabase => Problems.Count == 0;

    /// <summary>The schema version: the last migration applied.</summary>
    public string? SchemaVersion => Applied.Count > 0 ? Applied[^1] : null;

    public IReadOnlyList<string> Pending => [.. Known.Except(Applied, StringComparer.Ordinal)];

    public static DatabaseCheck Refused(string problem) => new([problem], [], []);
}

/// <summary>A restore done: where the database now is, and where the one it replaced was kept (null if there was none).</summary>
public sealed record RestoreResult(string Database, string? Kept, DatabaseCheck Check);

/// <summary>A backup or restore that was refused or failed; the message says why and what to do.</summary>
public sealed class SqliteMaintenanceException(string message, bool badInput = false) : Exception(message)
{
    /// <summary>The file given was refused (as opposed to a database in use or a failed copy).</summary>
    public bool BadInput { get; } = badInput;
}
