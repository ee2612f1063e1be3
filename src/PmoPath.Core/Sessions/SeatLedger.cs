using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using PmoPath.Data;

namespace PmoPath.Sessions;

/// <summary>
/// The start of a booking's transaction as one batch of statements, so the session's lock is held for as few round
/// trips as possible (docs/adr/0043): lock the session's row, take a seat only while one is free, mark the booking
/// organisation's kept figures behind, and read what orders the booking among the others. The SQL is portable (the
/// same identifiers on SQLite and PostgreSQL, <c>RETURNING</c> on both); EF Core builds the parameters with each
/// provider's own type mapping and runs the command through its logging, diagnostics and interceptors.
/// </summary>
internal static class SeatLedger
{
    /// <summary>
    /// Every statement returns rows, so the result sets are read in the order written on either provider. Each
    /// statement after the first runs after the lock is held: on PostgreSQL each statement of a batch reads a snapshot
    /// taken when it starts, so the last one sees every booking committed before the lock was granted.
    /// </summary>
    private const string Take = """
        UPDATE "Sessions" SET "Version" = "Version" + 1 WHERE "Id" = {0} RETURNING "Seats";
        UPDATE "Sessions" SET "Confirmed" = "Confirmed" + 1 WHERE "Id" = {0} AND "Confirmed" < "Seats" RETURNING "Confirmed";
        UPDATE "OrganisationSnapshots" SET "Version" = "Version" + 1 WHERE "OrganisationId" = {1} RETURNING "Version";
        SELECT COALESCE((SELECT MAX("Sequence") FROM "Bookings" WHERE "SessionId" = {0}), 0),
            (SELECT COUNT(*) FROM "Bookings" WHERE "SessionId" = {0} AND "Status" = 'Waitlisted');
        """;

    /// <summary>
    /// Locks the session, takes a seat if one is free and marks <paramref name="organisationId"/>'s figures behind
    /// (the context's own save then leaves them be); returns whether a seat was taken, the session's highest booking
    /// sequence and how many are waiting, all read under the lock.
    /// </summary>
    public static async Task<(bool Seated, long LastSequence, int Waiting)> TakeAsync(AppDbContext ledger, Guid sessionId, Guid organisationId, CancellationToken ct)
    {
        var command = ledger.GetService<IRawSqlCommandBuilder>().Build(Take, [sessionId, organisationId]);
        await using var reader = await command.RelationalCommand.ExecuteReaderAsync(new RelationalCommandParameterObject(
            ledger.GetService<IRelationalConnection>(), command.ParameterValues, null, ledger,
            ledger.GetService<IRelationalCommandDiagnosticsLogger>()), ct);
        var rows = reader.DbDataReader;
        if (!await rows.ReadAsync(ct))
            throw new NotFoundException("session", sessionId.ToString());
        await rows.NextResultAsync(ct);
        var seated = await rows.ReadAsync(ct);
        await rows.NextResultAsync(ct);
        while (await rows.ReadAsync(ct))
        {
            // The organisation's figures are marked (no row yet: nothing kept to mark).
        }
        await rows.NextResultAsync(ct);
        await rows.ReadAsync(ct);
        var (last, waiting) = (rows.GetInt64(0), (int)rows.GetInt64(1));
        ledger.MarkedBehindInTransaction(organisationId);
        return (seated, last, waiting);
    }
}
