using System.Data.Common;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace PmoPath.Data;

/// <summary>
/// Inserts many new rows of one entity type with multi-row <c>INSERT … VALUES (…), (…)</c> statements, read from
/// the EF model (table, columns, value converters, JSON columns), on the context's connection and transaction.
/// For generated data only (the demo organisation): it skips the change tracker and <see cref="AppDbContext"/>'s
/// tenant guard, so the caller must be in system mode and set every organisation id itself. Keys must be set in
/// code (Guid keys are; a store-generated key such as an identity column is left to the database).
/// </summary>
/// <remarks>
/// EF's SaveChanges writes some 5,000–10,000 rows a second here, one statement per row; this writes whole
/// batches in one statement each, several times faster on both SQLite and PostgreSQL, and provider-neutral.
/// </remarks>
public static class BulkInsert
{
    private const int MaxParameters = 30_000;
    private const int MaxRowsPerStatement = 500;
    private const int SqliteParameters = 120;

    public static async Task InsertAsync<T>(AppDbContext db, IReadOnlyList<T> rows, CancellationToken ct = default) where T : class
    {
        if (rows.Count == 0)
            return;
        if (!db.AllTenants)
            throw new InvalidOperationException("Bulk inserts bypass the tenant guard; use a system context.");
        var columns = Columns(db, typeof(T), out var table);
        var sql = db.GetService<ISqlGenerationHelper>();
        var head = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))}) VALUES ";
        // Microsoft.Data.Sqlite binds each parameter by looking its name up in the statement, which grows with the
        // square of the parameters, so SQLite gets short statements (prepared once, run many times); PostgreSQL
        // long ones (fewer round trips).
        var sqlite = db.Database.ProviderName?.Contains("Sqlite", StringComparison.Ordinal) == true;
        var perStatement = Math.Max(1, sqlite ? SqliteParameters / columns.Count : Math.Min(MaxRowsPerStatement, MaxParameters / columns.Count));

        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
            await db.Database.OpenConnectionAsync(ct);
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        DbCommand? command = null;
        try
        {
            for (var start = 0; start < rows.Count; start += perStatement)
            {
                var count = Math.Min(perStatement, rows.Count - start);
                if (command is null || count != perStatement)
                {
                    if (command is not null)
                        await command.DisposeAsync();
                    command = connection.CreateCommand();
                    command.Transaction = transaction;
                    var text = new StringBuilder(head.Length + count * columns.Count * 8).Append(head);
                    for (int r = 0, n = 0; r < count; r++)
                    {
                        text.Append(r == 0 ? "(" : ", (");
                        for (var c = 0; c < columns.Count; c++)
                            text.Append(c == 0 ? "" : ", ").Append("@p").Append(n++);
                        text.Append(')');
                    }
                    command.CommandText = text.ToString();
                }
                command.Parameters.Clear();
                for (int r = 0, n = 0; r < count; r++)
                    for (var c = 0; c < columns.Count; c++)
                        command.Parameters.Add(columns[c].Parameter(command, $"@p{n++}", rows[start + r]));
                await command.ExecuteNonQueryAsync(ct);
            }
        }
        finally
        {
            if (command is not null)
                await command.DisposeAsync();
        }
    }

    private sealed record Column(string Name, Func<DbCommand, string, object, DbParameter> Parameter);

    private static List<Column> Columns(AppDbContext db, Type type, out ITableBase table)
    {
        var entity = db.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model.");
        table = entity.GetTableMappings().Single().Table;
        var columns = new List<Column>();
        foreach (var property in entity.GetProperties())
        {
            if (property.ValueGenerated != ValueGenerated.Never && property.IsPrimaryKey())
                continue;
            var info = property.PropertyInfo ?? throw new NotSupportedException($"{type.Name}.{property.Name} is a shadow property.");
            var mapping = property.GetRelationalTypeMapping();
            columns.Add(new Column(property.GetColumnName(), (command, name, row) => mapping.CreateParameter(command, name, info.GetValue(row), property.IsNullable)));
        }
        foreach (var navigation in entity.GetNavigations().Where(n => n.TargetEntityType.IsMappedToJson()))
        {
            var name = navigation.TargetEntityType.GetContainerColumnName()!;
            var mapping = (RelationalTypeMapping)table.FindColumn(name)!.StoreTypeMapping;
            var owned = navigation.TargetEntityType.GetProperties().Where(p => p.GetJsonPropertyName() is not null && p.PropertyInfo is not null).ToList();
            var info = navigation.PropertyInfo!;
            columns.Add(new Column(name, (command, parameter, row) => mapping.CreateParameter(command, parameter, Json(info.GetValue(row), owned, navigation.IsCollection), nullable: true)));
        }
        return columns;
    }

    /// <summary>The JSON EF itself writes for an owned type: its properties by their JSON names; a collection as an array.</summary>
    private static string? Json(object? value, List<IProperty> properties, bool collection)
    {
        if (value is null)
            return collection ? "[]" : null;
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            void Write(object item)
            {
                json.WriteStartObject();
                foreach (var p in properties)
                {
                    json.WritePropertyName(p.GetJsonPropertyName()!);
                    JsonSerializer.Serialize(json, p.PropertyInfo!.GetValue(item), p.ClrType);
                }
                json.WriteEndObject();
            }
            if (collection)
            {
                json.WriteStartArray();
                foreach (var item in (System.Collections.IEnumerable)value)
                    Write(item);
                json.WriteEndArray();
            }
            else
                Write(value);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
