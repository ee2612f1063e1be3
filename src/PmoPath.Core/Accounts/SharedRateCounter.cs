using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PmoPath.Data;

namespace PmoPath.Accounts;

/// <summary>
/// The current window of one rate limit (what is limited, for whom), counted in the database so that every web
/// instance draws on the same allowance. A window opens with the first request after the last one closed, as a
/// fixed-window limiter in one process does.
/// </summary>
public sealed class RateLimitWindow
{
    /// <summary>What is limited and for whom, e.g. <c>account:203.0.113.7</c>.</summary>
    public string Key { get; set; } = "";

    /// <summary>When the window opened, in milliseconds since the Unix epoch.</summary>
    public long WindowStart { get; set; }

    /// <summary>Permits handed to instances in this window; may pass the limit by what was asked and refused.</summary>
    public long Taken { get; set; }
}

/// <summary>The permits granted from a shared window, and when that window opened (ms since the epoch).</summary>
public readonly record struct RateGrant(int Granted, long WindowStart);

/// <summary>
/// The shared side of the web app's rate limits (docs/adr/0010): an instance takes permits from a client's window
/// here, a block at a time, and hands them out from memory. One statement, the same on SQLite and PostgreSQL,
/// opens a new window when the last has closed, adds the block and returns the window's total atomically, so
/// instances can never hand out more than the limit between them.
/// </summary>
public sealed class SharedRateCounter(IDbContextFactory<AppDbContext> contexts)
{
    // Every SET expression reads the row as it was, so both columns test the same closed window.
    private const string Take = """
        INSERT INTO "RateLimitWindows" ("Key", "WindowStart", "Taken") VALUES (@key, @now, @wanted)
        ON CONFLICT ("Key") DO UPDATE SET
          "WindowStart" = CASE WHEN "RateLimitWindows"."WindowStart" <= @closed THEN excluded."WindowStart" ELSE "RateLimitWindows"."WindowStart" END,
          "Taken" = CASE WHEN "RateLimitWindows"."WindowStart" <= @closed THEN excluded."Taken" ELSE "RateLimitWindows"."Taken" + excluded."Taken" END
        RETURNING "WindowStart", "Taken"
        """;

    private const string Prune = """DELETE FROM "RateLimitWindows" WHERE "WindowStart" < @before""";

    /// <summary>
    /// Takes up to <paramref name="wanted"/> permits of <paramref name="limit"/> from the window of
    /// <paramref name="key"/> open at <paramref name="now"/> (ms since the epoch), opening a new one if the last
    /// opened <paramref name="windowMilliseconds"/> or more ago. Fewer, or none, are granted once it is spent.
    /// </summary>
    public Task<RateGrant> TakeAsync(string key, long now, long windowMilliseconds, int wanted, long limit, CancellationToken ct = default) =>
        RunAsync(Take, [("@key", key), ("@now", now), ("@closed", now - windowMilliseconds), ("@wanted", (long)wanted)], async command =>
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            var start = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
            var takenBefore = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture) - wanted;
            return new RateGrant((int)Math.Clamp(limit - takenBefore, 0, wanted), start);
        }, ct);

    /// <summary>Deletes the windows that opened before <paramref name="before"/> (ms since the epoch).</summary>
    public Task<int> PruneAsync(long before, CancellationToken ct = default) =>
        RunAsync(Prune, [("@before", before)], command => command.ExecuteNonQueryAsync(ct), ct);

    /// <summary>One statement on a connection of its own (autocommit), outside any request's transaction.</summary>
    private async Task<T> RunAsync<T>(string sql, (string Name, object Value)[] parameters, Func<DbCommand, Task<T>> run, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            Add(command, name, value);
        return await run(command);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
