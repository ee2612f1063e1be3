using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace PmoPath.Data;

/// <summary>One column of <see cref="BulkRows"/>: its delimited name and the provider's type mapping of the property.</summary>
public sealed record BulkColumn(string Name, RelationalTypeMapping Mapping);

/// <summary>
/// Rows for one table as a <see cref="BulkWriter"/> receives them: the delimited table name, the columns, and each
/// value already converted to what the provider stores (<see cref="DBNull.Value"/> for null).
/// </summary>
public abstract class BulkRows
{
    /// <summary>The table, delimited (with its schema, if any) by the provider's own quoting.</summary>
    public abstract string Table { get; }

    public abstract IReadOnlyList<BulkColumn> Columns { get; }

    public abstract int Count { get; }

    /// <summary>The stored value of <paramref name="column"/> in <paramref name="row"/>; <see cref="DBNull.Value"/> for null.</summary>
    public abstract object Value(int row, int column);
}

/// <summary>
/// How new rows go into a table in bulk, on the context's connection and inside its current transaction, so a bulk
/// write commits or rolls back with everything else the caller writes (the staff import, docs/adr/0009).
/// </summary>
/// <remarks>
/// This default works on any ADO.NET provider: single-row parameterised <c>INSERT</c>s, one prepared command reused
/// for every row where the connection cannot batch (SQLite, where a statement costs no round trip), a few hundred
/// statements a round trip where it can. A provider with a faster way registers its own (PostgreSQL: binary
/// <c>COPY</c>, <c>PmoPath.Data.Postgres</c>, docs/adr/0045). Progress goes to <c>written</c> as counts of rows.
/// </remarks>
public class BulkWriter
{
    /// <summary>Statements per round trip where the connection batches.</summary>
    private const int RowsPerBatch = 500;

    /// <summary>How often progress is told where rows go one at a time.</summary>
    public const int ReportEvery = 1_000;

    public virtual Task InsertAsync(AppDbContext db, BulkRows rows, Action<int>? written, CancellationToken ct)
    {
        var text = $"INSERT INTO {rows.Table} ({string.Join(", ", rows.Columns.Select(c => c.Name))}) VALUES ({string.Join(", ", rows.Columns.Select((_, i) => Parameter(i)))})";
        return StatementsAsync(db, rows, text, written, ct);
    }

    /// <summary>The name of the <paramref name="index"/>th parameter of a statement <see cref="StatementsAsync"/> runs.</summary>
    public static string Parameter(int index) => $"@p{index}";

    /// <summary>
    /// Runs <paramref name="text"/> (a single-row statement whose parameters are <c>@p0</c>, <c>@p1</c>, … in the order of
    /// <paramref name="rows"/>' columns) once for each row: prepared and reused, or in batches where the connection can.
    /// </summary>
    public static Task StatementsAsync(AppDbContext db, BulkRows rows, string text, Action<int>? written, CancellationToken ct)
    {
        if (rows.Count == 0)
            return Task.CompletedTask;
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return connection.CanCreateBatch
            ? InBatchesAsync(connection, transaction, rows, text, written, ct)
            : OneByOneAsync(connection, transaction, rows, text, written, ct);
    }

    /// <summary>One prepared command, its parameters typed once, executed for each row.</summary>
    private static async Task OneByOneAsync(DbConnection connection, DbTransaction? transaction, BulkRows rows, string text, Action<int>? written, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        var columns = rows.Columns;
        var parameters = new DbParameter[columns.Count];
        for (var c = 0; c < columns.Count; c++)
            command.Parameters.Add(parameters[c] = columns[c].Mapping.CreateParameter(command, Parameter(c), null, nullable: true));
        await command.PrepareAsync(ct);
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < columns.Count; c++)
                parameters[c].Value = rows.Value(r, c);
            await command.ExecuteNonQueryAsync(ct);
            if ((r + 1) % ReportEvery == 0 || r + 1 == rows.Count)
                written?.Invoke(r % ReportEvery + 1);
        }
    }

    /// <summary>Batches of single-row statements, each batch one round trip.</summary>
    private static async Task InBatchesAsync(DbConnection connection, DbTransaction? transaction, BulkRows rows, string text, Action<int>? written, CancellationToken ct)
    {
        await using var factory = connection.CreateCommand();
        var columns = rows.Columns;
        for (var start = 0; start < rows.Count; start += RowsPerBatch)
        {
            var count = Math.Min(RowsPerBatch, rows.Count - start);
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            for (var r = start; r < start + count; r++)
            {
                var statement = batch.CreateBatchCommand();
                statement.CommandText = text;
                for (var c = 0; c < columns.Count; c++)
                {
                    var parameter = columns[c].Mapping.CreateParameter(factory, Parameter(c), null, nullable: true);
                    parameter.Value = rows.Value(r, c);
                    statement.Parameters.Add(parameter);
                }
                batch.BatchCommands.Add(statement);
            }
            await batch.ExecuteNonQueryAsync(ct);
            written?.Invoke(count);
        }
    }
}
