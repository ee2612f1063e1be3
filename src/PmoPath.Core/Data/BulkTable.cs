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
/// Nothing here is provider SQL: the table and column names, their quoting and every parameter's type and
/// value conversion come from the EF model and the provider's own type mappings (so a <see cref="Guid"/> is
/// TEXT on SQLite and <c>uuid</c> on PostgreSQL, a JSON column is <c>jsonb</c> there), and the statements
/// are standard multi-row <c>INSERT … VALUES</c> and <c>UPDATE … WHERE</c>. Each statement shape is
/// prepared once and reused. These writes bypass the context's tenant guard, so callers set
/// <c>OrganisationId</c> themselves and updates always match on it too.
/// </remarks>
internal sealed class BulkTable<T>
{
    /// <summary>Parameters per command: well under SQLite's 32,766 and PostgreSQL's 65,535.</summary>
    private const int ParametersPerCommand = 1_000;

    private sealed record Column(string Name, RelationalTypeMapping Mapping, Func<T, object?> Value);

    private readonly AppDbContext _db;
    private readonly IEntityType _entity;
    private readonly StoreObjectIdentifier _table;
    private readonly ISqlGenerationHelper _sql;
    private readonly List<Column> _values = [];
    private readonly List<Column> _keys = [];

    public BulkTable(AppDbContext db, Type? entityType = null)
    {
        _db = db;
        _entity = db.Model.FindEntityType(entityType ?? typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity.");
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
        var names = string.Join(", ", columns.Select(c => c.Name));
        return WriteAsync(rows, columns, (count, parameter) =>
            $"INSERT INTO {Table} ({names}) VALUES " +
            string.Join(", ", Enumerable.Range(0, count).Select(r => "(" + string.Join(", ", columns.Select((_, c) => parameter(r, c))) + ")")),
            written, ct);
    }

    public Task UpdateAsync(IReadOnlyList<T> rows, Action<int>? written, CancellationToken ct)
    {
        if (_keys.Count == 0)
            throw new InvalidOperationException("An update needs a key.");
        Column[] columns = [.. _values, .. _keys];
        return WriteAsync(rows, columns, (count, parameter) => string.Concat(Enumerable.Range(0, count).Select(r =>
            $"UPDATE {Table} SET " + string.Join(", ", _values.Select((v, c) => $"{v.Name} = {parameter(r, c)}")) +
            " WHERE " + string.Join(" AND ", _keys.Select((k, c) => $"{k.Name} = {parameter(r, _values.Count + c)}")) + ";")),
            written, ct);
    }

    private string Table => _sql.DelimitIdentifier(_table.Name, _table.Schema);

    /// <summary>Writes the rows in commands of as many rows as fit the parameter budget; one prepared command serves every full batch.</summary>
    private async Task WriteAsync(IReadOnlyList<T> rows, Column[] columns, Func<int, Func<int, int, string>, string> text, Action<int>? written, CancellationToken ct)
    {
        if (rows.Count == 0)
            return;
        var perCommand = Math.Max(1, ParametersPerCommand / columns.Length);
        var connection = _db.Database.GetDbConnection();
        var transaction = _db.Database.CurrentTransaction?.GetDbTransaction();
        DbCommand? full = null;
        try
        {
            for (var start = 0; start < rows.Count; start += perCommand)
            {
                var count = Math.Min(perCommand, rows.Count - start);
                DbCommand command;
                if (count == perCommand)
                    command = full ??= await PrepareAsync(connection, transaction, columns, count, text, ct);
                else
                    command = await PrepareAsync(connection, transaction, columns, count, text, ct);
                try
                {
                    for (var r = 0; r < count; r++)
                    {
                        var row = rows[start + r];
                        for (var c = 0; c < columns.Length; c++)
                            command.Parameters[r * columns.Length + c].Value = ToProvider(columns[c], columns[c].Value(row));
                    }
                    await command.ExecuteNonQueryAsync(ct);
                }
                finally
                {
                    if (command != full)
                        await command.DisposeAsync();
                }
                written?.Invoke(count);
            }
        }
        finally
        {
            if (full is not null)
                await full.DisposeAsync();
        }
    }

    private static async Task<DbCommand> PrepareAsync(DbConnection connection, DbTransaction? transaction, Column[] columns, int count,
        Func<int, Func<int, int, string>, string> text, CancellationToken ct)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text(count, (r, c) => $"@p{r * columns.Length + c}");
        for (var r = 0; r < count; r++)
            for (var c = 0; c < columns.Length; c++)
                command.Parameters.Add(columns[c].Mapping.CreateParameter(command, $"@p{r * columns.Length + c}", null, nullable: true));
        await command.PrepareAsync(ct);
        return command;
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
