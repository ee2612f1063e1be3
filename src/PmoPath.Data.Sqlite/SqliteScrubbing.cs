using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using PmoPath.People;

namespace PmoPath.Data.Sqlite;

/// <summary>
/// Turns on <c>PRAGMA secure_delete</c> for every connection the app opens, so that SQLite overwrites deleted and
/// replaced content with zeros instead of leaving it in free space inside pages and on the freelist, where an erased
/// person's name and email could otherwise be read from the file. It is a per-connection setting
/// (Microsoft.Data.Sqlite's connection string does not carry it), hence the interceptor.
/// The same statement sets <c>busy_timeout</c>: a writer that finds the file locked by another (the mail sender's
/// claim, the organisation figures' refresh, a second process) then waits inside SQLite, retrying within a millisecond
/// or two, instead of Microsoft.Data.Sqlite's 150 ms sleep, which a booking holding the write queue would pass on to
/// every booking queued behind it (docs/adr/0007).
/// </summary>
public sealed class SqliteSecureDelete : DbConnectionInterceptor
{
    public const string Sql = "PRAGMA secure_delete=ON; PRAGMA busy_timeout=5000;";

    public static readonly SqliteSecureDelete Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>
/// After an erasure, copies the WAL into the database file and truncates it (<c>PRAGMA wal_checkpoint(TRUNCATE)</c>):
/// the WAL holds the pages as they were before the erasure, names and emails included, until a checkpoint.
/// A checkpoint that a reader holds up is tried again a few times, then left to SQLite's next automatic one with a warning.
/// </summary>
public sealed class SqliteStorageScrubber(ILogger<SqliteStorageScrubber> logger) : StorageScrubber
{
    private const int Attempts = 5;

    public override async Task ScrubAsync(AppDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            for (var attempt = 1; attempt <= Attempts; attempt++)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                await using var reader = await command.ExecuteReaderAsync(ct);
                // One row: busy (1 when a reader or writer kept the checkpoint from completing), WAL frames, frames checkpointed.
                if (!await reader.ReadAsync(ct) || reader.GetInt64(0) == 0)
                    return;
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), ct);
            }
            logger.LogWarning("The WAL could not be checkpointed after an erasure because the database was busy; SQLite's next checkpoint removes the erased data from it.");
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
