using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PmoPath.Data;

namespace PmoPath.Data.Postgres;

/// <summary>
/// New rows in bulk on PostgreSQL by binary <c>COPY … FROM STDIN</c> (<see cref="NpgsqlConnection.BeginBinaryImportAsync"/>)
/// on the context's connection, so inside its open transaction: a failure or a cancellation anywhere rolls back the
/// copied rows with everything else (docs/adr/0045). Each value is sent in the binary format of its column's store type
/// as the EF model maps it (<c>uuid</c>, <c>text</c>, <c>timestamp with time zone</c>, <c>date</c>, <c>jsonb</c>, …).
/// COPY bypasses the change tracker, like every bulk write; the caller marks what it makes stale.
/// </summary>
public sealed partial class PostgresBulkWriter : BulkWriter
{
    public override async Task InsertAsync(AppDbContext db, BulkRows rows, Action<int>? written, CancellationToken ct)
    {
        if (rows.Count == 0)
            return;
        if (db.Database.CurrentTransaction is null)
            // Outside a transaction a failed COPY would still be all-or-nothing, but the caller's other writes would not be.
            throw new InvalidOperationException("A bulk COPY runs inside the caller's transaction.");
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var columns = rows.Columns;
        var types = columns.Select(c => TypeName(c.Mapping.StoreType)).ToArray();
        await using (var copy = await connection.BeginBinaryImportAsync(
            $"COPY {rows.Table} ({string.Join(", ", columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)", ct))
        {
            for (var r = 0; r < rows.Count; r++)
            {
                await copy.StartRowAsync(ct);
                for (var c = 0; c < types.Length; c++)
                {
                    var value = rows.Value(r, c);
                    if (value is DBNull)
                        await copy.WriteNullAsync(ct);
                    else
                        await copy.WriteAsync(value, types[c], ct);
                }
                if ((r + 1) % ReportEvery == 0 && r + 1 < rows.Count)
                    written?.Invoke(ReportEvery);
            }
            // Disposing without completing cancels the COPY; the transaction then rolls back.
            await copy.CompleteAsync(ct);
        }
        written?.Invoke(rows.Count % ReportEvery == 0 ? ReportEvery : rows.Count % ReportEvery);
    }

    /// <summary>The type's name without its facets (<c>character varying(200)</c> is sent as <c>character varying</c>).</summary>
    private static string TypeName(string storeType) => Facets().Replace(storeType, "");

    [GeneratedRegex(@"\s*\([0-9,\s]*\)")]
    private static partial Regex Facets();
}
