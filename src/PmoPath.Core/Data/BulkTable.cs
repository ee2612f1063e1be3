using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace PmoPath.Data;

/// <summary>
/// Writes many rows of one entity through plain parameterised commands on the context's connection and
/// transaction, for imports where EF Core's change tracking would cost more than the database does.
/// </summary>
/// <remarks>
/// <para>Nothing here is provider SQL: the table and column names, their quoting and every parameter's type
/// and value conversion come from the EF model and the provider's own type mappings (so a <see cref="Guid"/>
/// is TEXT on SQLite and <c>uuid</c> on PostgreSQL, a JSON column is <c>jsonb</c> there), and each statement
/// is a standard single-row <c>INSERT … VALUES</c> or <c>UPDATE … WHERE</c>.</para>
/// <para>How the rows travel is chosen by what the ADO.NET connection can do, not by its name: where it can
/// batch (<see cref="DbConnection.CanCreateBatch"/>, as Npgsql can) a few hundred statements go in one round
/// trip; otherwise (an embedded database such as SQLite, where a statement costs no round trip) one prepared
/// command is reused for every row. Multi-row <c>VALUES</c> lists were measured and dropped: SQLite looks
/// parameters up by name one by one, so a statement's cost grows with the square of its parameters.</para>
/// <para>These writes bypass the context's tenant guard, so callers set <c>OrganisationId</c> themselves and
/// updates always match on it too.</para>
/// </remarks>
internal sealed class BulkTable<T>
{
    /// <summary>Statements per round trip where the connection batches.</summary>
    private const int RowsPerBatch = 500;

    /// <summary>How often progress is told where rows go one at a time.</summary>
    private const int ReportEvery = 1_000;

    private sealed record Column(string Name, RelationalTypeMapping Mapping, Func<T, object?> Value);

    private readonly AppDbContext _db;
    private readonly IEntityType _entity;
    private readonly StoreObjectIdentifier _table;
    private readonly ISqlGenerationHelper _sql;
    private readonly List<Column> _values = [];
    private readonly List<Column> _keys = [];

    /// <summary>Rows of <typeparamref name="T"/> (the entity class, or a lighter record of its columns) for the table of <paramref name="entityType"/>.</summary>
    public BulkTable(AppDbContext db, Type entityType)
    {
        _db = db;
        _entity = db.Model.FindEntityType(entityType) ?? throw new InvalidOperationException($"{entityType.Name} is not an entity.");
        _table = StoreObjectIdentifier.Table(_entity.GetTableName()!, _entity.GetSchema());
        _sql = db.GetService<ISqlGenerationHelper>();
    }

    /// <summary>A column written by inserts and set by updates.</summary>
    public BulkTable<T> Set(string property, Func<T, object?> value)
    {
        _values.Add(ColumnOf(property, value));
        return this;
    }

    /// <summary>A column that updates match on (and inserts write).</summary>
    public BulkTable<T> Key(string property, Func<T, object?> value)
    {
        _keys.Add(ColumnOf(property, value));
        return this;
    }

    /// <summary>An owned collection stored as one JSON column, written as the given JSON text.</summary>
    public BulkTable<T> Json(string navigation, Func<T, string> json)
    {
        var owned = _entity.FindNavigation(navigation)?.TargetEntityType ?? throw new InvalidOperationException($"{_entity.ClrType.Name} has no navigation {navigation}.");
        var name = owned.GetContainerColumnName() ?? throw new InvalidOperationException($"{navigation} is not a JSON column.");
        var column = _entity.GetTableMappings().Select(m => m.Table.FindColumn(name)).OfType<IColumn>().First();
        _values.Add(new Column(_sql.DelimitIdentifier(name), column.StoreTypeMapping, json));
        return this;
    }

    public Task InsertAsync(IReadOnlyList<T> rows, Action<int>? written, CancellationToken ct)
    {
        Column[] columns = [.. _keys, .. _values];
        var text = $"INSERT INTO {Table} ({string.Join(", ", columns.Select(c => c.Name))}) VALUES ({string.Join(", ", columns.Select((_, i) => Parameter(i)))})";
        return WriteAsync(rows, columns, text, written, ct);
    }

    public Task UpdateAsync(IReadOnlyList<T> rows, Action<int>? written, CancellationToken ct)
    {
        if (_keys.Count == 0)
            throw new InvalidOperationException("An update needs a key.");
        Column[] columns = [.. _values, .. _keys];
        var text = $"UPDATE {Table} SET {string.Join(", ", _values.Select((v, i) => $"{v.Name} = {Parameter(i)}"))} " +
            $"WHERE {string.Join(" AND ", _keys.Select((k, i) => $"{k.Name} = {Parameter(_values.Count + i)}"))}";
        return WriteAsync(rows, columns, text, written, ct);
    }

    private string Table => _sql.DelimitIdentifier(_table.Name, _table.Schema);

    private static string Parameter(int index) => $"@p{index}";

    private Task WriteAsync(IReadOnlyList<T> rows, Column[] columns, string text, Action<int>? written, CancellationToken ct)
    {
        if (rows.Count == 0)
            return Task.CompletedTask;
        var connection = _db.Database.GetDbConnection();
        var transaction = _db.Database.CurrentTransaction?.GetDbTransaction();
        return connection.CanCreateBatch
            ? WriteInBatchesAsync(connection, transaction, rows, columns, text, written, ct)
            : WriteOneByOneAsync(connection, transaction, rows, columns, text, written, ct);
    }

    /// <summary>One prepared command, its parameters typed once, executed for each row.</summary>
    private static async Task WriteOneByOneAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyList<T> rows, Column[] columns, string text,
        Action<int>? written, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        var parameters = new DbParameter[columns.Length];
        for (var c = 0; c < columns.Length; c++)
            command.Parameters.Add(parameters[c] = columns[c].Mapping.CreateParameter(command, Parameter(c), null, nullable: true));
        await command.PrepareAsync(ct);
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < columns.Length; c++)
                parameters[c].Value = ToProvider(columns[c], columns[c].Value(rows[r]));
            await command.ExecuteNonQueryAsync(ct);
            if ((r + 1) % ReportEvery == 0 || r + 1 == rows.Count)
                written?.Invoke(r % ReportEvery + 1);
        }
    }

    /// <summary>Batches of single-row statements, each batch one round trip.</summary>
    private static async Task WriteInBatchesAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyList<T> rows, Column[] columns, string text,
        Action<int>? written, CancellationToken ct)
    {
        await using var factory = connection.CreateCommand();
        for (var start = 0; start < rows.Count; start += RowsPerBatch)
        {
            var count = Math.Min(RowsPerBatch, rows.Count - start);
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            for (var r = start; r < start + count; r++)
            {
                var statement = batch.CreateBatchCommand();
                statement.CommandText = text;
                for (var c = 0; c < columns.Length; c++)
                    statement.Parameters.Add(columns[c].Mapping.CreateParameter(factory, Parameter(c), columns[c].Value(rows[r]), nullable: true));
                batch.BatchCommands.Add(statement);
            }
            await batch.ExecuteNonQueryAsync(ct);
            written?.Invoke(count);
        }
    }

    private static object ToProvider(Column column, object? value)
    {
        if (value is not null && column.Mapping.Converter is { } converter)
            value = converter.ConvertToProvider(value);
        return value ?? DBNull.Value;
    }

    private Column ColumnOf(string property, Func<T, object?> value)
    {
        var p = _entity.FindProperty(property) ?? throw new InvalidOperationException($"{_entity.ClrType.Name} has no property {property}.");
        return new Column(_sql.DelimitIdentifier(p.GetColumnName(_table)!), p.GetRelationalTypeMapping(), value);
    }
}
