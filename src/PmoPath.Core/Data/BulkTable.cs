using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace PmoPath.Data;

/// <summary>
/// Writes many rows of one entity on the context's connection and transaction, for imports where EF Core's change
/// tracking would cost more than the database does: new rows through the provider's <see cref="BulkWriter"/>, changed
/// rows through plain parameterised <c>UPDATE</c>s.
/// </summary>
/// <remarks>
/// <para>Nothing here is provider SQL: the table and column names, their quoting and every value's type and conversion
/// come from the EF model and the provider's own type mappings (so a <see cref="Guid"/> is TEXT on SQLite and
/// <c>uuid</c> on PostgreSQL, a JSON column is <c>jsonb</c> there), and each update is a standard single-row
/// <c>UPDATE … WHERE</c>, prepared once where the connection cannot batch, a few hundred a round trip where it can
/// (<see cref="BulkWriter.StatementsAsync"/>). Multi-row <c>VALUES</c> lists were measured and dropped: SQLite looks
/// parameters up by name one by one, so a statement's cost grows with the square of its parameters.</para>
/// <para>These writes bypass the context's tenant guard, so callers set <c>OrganisationId</c> themselves and
/// updates always match on it too. They also bypass the change tracker, so callers mark the organisation view's
/// figures behind themselves (<see cref="OrganisationViewMarks"/>).</para>
/// </remarks>
internal sealed class BulkTable<T>
{
    private sealed record Column(BulkColumn Store, Func<T, object?> Value);

    private readonly AppDbContext _db;
    private readonly BulkWriter _writer;
    private readonly IEntityType _entity;
    private readonly StoreObjectIdentifier _table;
    private readonly ISqlGenerationHelper _sql;
    private readonly List<Column> _values = [];
    private readonly List<Column> _keys = [];

    /// <summary>Rows of <typeparamref name="T"/> (the entity class, or a lighter record of its columns) for the table of <paramref name="entityType"/>.</summary>
    public BulkTable(AppDbContext db, BulkWriter writer, Type entityType)
    {
        _db = db;
        _writer = writer;
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
        _values.Add(new Column(new BulkColumn(_sql.DelimitIdentifier(name), column.StoreTypeMapping), json));
        return this;
    }

    public Task InsertAsync(IReadOnlyList<T> rows, Action<int>? written, CancellationToken ct) =>
        rows.Count == 0 ? Task.CompletedTask : _writer.InsertAsync(_db, new Rows(Table, [.. _keys, .. _values], rows), written, ct);

    public Task UpdateAsync(IReadOnlyList<T> rows, Action<int>? written, CancellationToken ct)
    {
        if (_keys.Count == 0)
            throw new InvalidOperationException("An update needs a key.");
        var text = $"UPDATE {Table} SET {string.Join(", ", _values.Select((v, i) => $"{v.Store.Name} = {BulkWriter.Parameter(i)}"))} " +
            $"WHERE {string.Join(" AND ", _keys.Select((k, i) => $"{k.Store.Name} = {BulkWriter.Parameter(_values.Count + i)}"))}";
        return BulkWriter.StatementsAsync(_db, new Rows(Table, [.. _values, .. _keys], rows), text, written, ct);
    }

    private string Table => _sql.DelimitIdentifier(_table.Name, _table.Schema);

    /// <summary>The rows as the writer reads them: each value converted by its column's mapping, null as <see cref="DBNull.Value"/>.</summary>
    private sealed class Rows(string table, Column[] columns, IReadOnlyList<T> rows) : BulkRows
    {
        private readonly BulkColumn[] _columns = [.. columns.Select(c => c.Store)];

        public override string Table => table;

        public override IReadOnlyList<BulkColumn> Columns => _columns;

        public override int Count => rows.Count;

        public override object Value(int row, int column)
        {
            var value = columns[column].Value(rows[row]);
            if (value is not null && _columns[column].Mapping.Converter is { } converter)
                value = converter.ConvertToProvider(value);
            return value ?? DBNull.Value;
        }
    }

    private Column ColumnOf(string property, Func<T, object?> value)
    {
        var p = _entity.FindProperty(property) ?? throw new InvalidOperationException($"{_entity.ClrType.Name} has no property {property}.");
        return new Column(new BulkColumn(_sql.DelimitIdentifier(p.GetColumnName(_table)!), p.GetRelationalTypeMapping()), value);
    }
}
