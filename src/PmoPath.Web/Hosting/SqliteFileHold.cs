using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PmoPath.Data;

namespace PmoPath.Web.Hosting;

/// <summary>
/// On SQLite, keeps one connection to the database file open while the web app runs, so that <c>pmopath restore</c>
/// (which refuses a database another process has open, docs/adr/0023) sees the app even when its connection pool is
/// idle, for instance after pages served from the cached framework alone. The connection holds no transaction and
/// no lock; it only makes leaving WAL mode, the restore's probe, fail while the app runs.
/// </summary>
internal sealed class SqliteFileHold(IDbContextFactory<AppDbContext> contexts, DatabaseReadiness ready) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string? connectionString;
        await using (var db = await contexts.CreateDbContextAsync(stoppingToken))
        {
            if (!db.Database.IsSqlite())
                return;
            connectionString = db.Database.GetConnectionString();
        }
        if (!await ready.WaitAsync(stoppingToken))
            return;
        var held = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        await using var connection = new SqliteConnection(held.ConnectionString);
        await connection.OpenAsync(stoppingToken);
        // A first read attaches the connection to the file's WAL index, which is what the probe finds.
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT count(*) FROM sqlite_master;";
            await read.ExecuteScalarAsync(stoppingToken);
        }
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // The app stops: the connection closes with it.
        }
    }
}
