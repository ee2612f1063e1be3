using System.Data.Common;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;
using PmoPath.Testing;

namespace PmoPath.Bench;

/// <summary>The rows a staff import wrote, exactly as stored, with each column's store type (for PostgreSQL's parameters).</summary>
internal sealed record Written(Table Teams, Table People, Table Certificates);

internal sealed record Table(string[] Types, List<object[]> Rows)
{
    public int Count => Rows.Count;
}

/// <summary>
/// One database for <see cref="ImportBenchmarks"/>: how the import's host reaches it, how the limit gets a copy of it as
/// it was before the import, how the rows the import wrote are read back, and the practical limit itself — those rows
/// inserted with plain ADO.NET, one transaction and one prepared single-row command per table reused for every row,
/// then the teams' managers set.
/// </summary>
internal abstract class ImportStore : IAsyncDisposable
{
    protected const string TeamColumns = "Id, OrganisationId, Name, ManagerId";
    protected const string PersonColumns = "Id, OrganisationId, CreatedAtUtc, EmployeeId, WorkEmail, DisplayName, JobTitle, TeamId, Level, PmoType";
    protected const string CertificateColumns = "Id, OrganisationId, PersonId, CourseCode, AchievedOn, CertificateNumber, Cpd";

    /// <summary>Short, for the per-phase lines.</summary>
    public abstract string Name { get; }

    /// <summary>For the summary row.</summary>
    public abstract string Title { get; }

    public abstract IReadOnlyList<string> HostArgs { get; }

    public abstract Task CopyForLimitAsync(string folder);

    public abstract Task<Written> ReadWrittenAsync(string folder, Guid organisation);

    /// <summary>The limit; returns the seconds spent on the people alone.</summary>
    public abstract Task<double> PlainInsertAsync(string folder, Written rows);

    public abstract ValueTask DisposeAsync();

    protected static async Task<Table> ReadAsync(DbConnection connection, string sql, DbParameter organisation, Func<string, string> type)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(organisation);
        await using var reader = await command.ExecuteReaderAsync();
        var types = Enumerable.Range(0, reader.FieldCount).Select(i => type(reader.GetDataTypeName(i))).ToArray();
        var list = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            list.Add(values);
        }
        return new Table(types, list);
    }

    /// <summary>Teams (without managers), people, certificates, then the teams' managers, each through one prepared command.</summary>
    protected static async Task<double> InsertAllAsync(DbConnection connection, Written rows, Func<string, string> quote, Func<DbCommand, string, string, DbParameter> parameter)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        async Task InsertAsync(string sql, string[] types, IEnumerable<object[]> values)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            var parameters = types.Select((t, i) => parameter(command, $"@p{i}", t)).ToArray();
            command.Parameters.AddRange(parameters);
            await command.PrepareAsync();
            foreach (var row in values)
            {
                for (var i = 0; i < parameters.Length; i++)
                    parameters[i].Value = row[i];
                await command.ExecuteNonQueryAsync();
            }
        }
        string Insert(string table, string columns, int count) =>
            $"INSERT INTO {quote(table)} ({Quoted(columns, quote)}) VALUES ({string.Join(", ", Enumerable.Range(0, count).Select(i => $"@p{i}"))})";

        await InsertAsync(Insert("Teams", "Id, OrganisationId, Name", 3), rows.Teams.Types[..3], rows.Teams.Rows);
        var people = Stopwatch.StartNew();
        await InsertAsync(Insert("People", PersonColumns, rows.People.Types.Length), rows.People.Types, rows.People.Rows);
        people.Stop();
        await InsertAsync(Insert("Certificates", CertificateColumns, rows.Certificates.Types.Length), rows.Certificates.Types, rows.Certificates.Rows);
        await InsertAsync($"UPDATE {quote("Teams")} SET {quote("ManagerId")} = @p1 WHERE {quote("Id")} = @p0", [rows.Teams.Types[0], rows.Teams.Types[3]],
            rows.Teams.Rows.Select(t => new[] { t[0], t[3] }));
        await transaction.CommitAsync();
        return people.Elapsed.TotalSeconds;
    }

    protected static string Quoted(string columns, Func<string, string> quote) => string.Join(", ", columns.Split(", ").Select(quote));
}

/// <summary>A SQLite file in the benchmark's folder; the limit runs on a file copy of it.</summary>
internal sealed class SqliteImportStore : ImportStore
{
    public override string Name => "sqlite";

    public override string Title => "SQLite";

    public override IReadOnlyList<string> HostArgs => [];

    public override async Task CopyForLimitAsync(string folder)
    {
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "pmopath.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync();
        }
        File.Copy(Path.Combine(folder, "pmopath.db"), Path.Combine(folder, "limit.db"));
    }

    public override async Task<Written> ReadWrittenAsync(string folder, Guid organisation)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "pmopath.db")};Pooling=False");
        await connection.OpenAsync();
        SqliteParameter Org() => new("@org", organisation.ToString().ToUpperInvariant());
        return new Written(
            await ReadAsync(connection, $"SELECT {TeamColumns} FROM Teams WHERE OrganisationId = @org", Org(), t => t),
            await ReadAsync(connection, $"SELECT {PersonColumns} FROM People WHERE OrganisationId = @org", Org(), t => t),
            await ReadAsync(connection, $"SELECT {CertificateColumns} FROM Certificates WHERE OrganisationId = @org", Org(), t => t));
    }

    /// <summary>Foreign keys checked, as EF Core's connections check them.</summary>
    public override async Task<double> PlainInsertAsync(string folder, Written rows)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "limit.db")};Pooling=False;Foreign Keys=True");
        await connection.OpenAsync();
        return await InsertAllAsync(connection, rows, c => c, (_, name, _) => new SqliteParameter { ParameterName = name });
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// A database of its own on the PostgreSQL server the tests use (<see cref="PostgresServer"/>: <c>PMOPATH_TEST_POSTGRES</c>,
/// or a throw-away cluster of Debian's packages); the limit runs on a copy made with <c>CREATE DATABASE … TEMPLATE</c>.
/// </summary>
internal sealed partial class PostgresImportStore : ImportStore
{
    private readonly string _database;
    private readonly string _server;
    private readonly string _name;

    private PostgresImportStore(string database)
    {
        _database = database;
        _name = new NpgsqlConnectionStringBuilder(database).Database!;
        _server = new NpgsqlConnectionStringBuilder(database) { Database = "postgres" }.ConnectionString;
    }

    public static async Task<PostgresImportStore> CreateAsync() => new(await PostgresServer.CreateDatabaseAsync());

    public override string Name => "postgres";

    public override string Title => "PostgreSQL (binary COPY)";

    public override IReadOnlyList<string> HostArgs => ["--Database:Provider=Postgres", $"--ConnectionStrings:PmoPath={_database}"];

    private string Limit => _name + "_limit";

    private string Floor => _name + "_copy";

    private string Database(string name) => new NpgsqlConnectionStringBuilder(_database) { Database = name, Pooling = false }.ConnectionString;

    /// <summary>Two copies: one for the plain inserts, one for the plain COPY.</summary>
    public override async Task CopyForLimitAsync(string folder)
    {
        // A template must have no sessions: the import host's idle pooled connections are closed first.
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        foreach (var copy in new[] { Limit, Floor })
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {copy} TEMPLATE {_name}", connection);
            await create.ExecuteNonQueryAsync();
        }
    }

    public override async Task<Written> ReadWrittenAsync(string folder, Guid organisation)
    {
        await using var connection = new NpgsqlConnection(Database(_name));
        await connection.OpenAsync();
        NpgsqlParameter Org() => new("@org", organisation);
        return new Written(
            await ReadAsync(connection, $"SELECT {Quoted(TeamColumns, Quote)} FROM \"Teams\" WHERE \"OrganisationId\" = @org", Org(), TypeName),
            await ReadAsync(connection, $"SELECT {Quoted(PersonColumns, Quote)} FROM \"People\" WHERE \"OrganisationId\" = @org", Org(), TypeName),
            await ReadAsync(connection, $"SELECT {Quoted(CertificateColumns, Quote)} FROM \"Certificates\" WHERE \"OrganisationId\" = @org", Org(), TypeName));
    }

    /// <summary>Each statement one round trip, as a plain prepared insert is; parameters typed as the columns are.</summary>
    public override async Task<double> PlainInsertAsync(string folder, Written rows)
    {
        await using var connection = new NpgsqlConnection(Database(Limit));
        await connection.OpenAsync();
        return await InsertAllAsync(connection, rows, Quote, (_, name, type) => new NpgsqlParameter { ParameterName = name, DataTypeName = type });
    }

    /// <summary>
    /// For reference: teams, people and certificates by binary COPY, the managers by batched
    /// UPDATEs of 500, in one transaction. Returns the seconds spent on the people alone.
    /// </summary>
    public async Task<double> PlainCopyAsync(Written rows)
    {
        await using var connection = new NpgsqlConnection(Database(Floor));
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        async Task CopyAsync(string table, string columns, string[] types, IEnumerable<object[]> values)
        {
            await using var copy = await connection.BeginBinaryImportAsync($"COPY \"{table}\" ({Quoted(columns, Quote)}) FROM STDIN (FORMAT BINARY)");
            foreach (var row in values)
            {
                await copy.StartRowAsync();
                for (var i = 0; i < types.Length; i++)
                {
                    if (row[i] is DBNull)
                        await copy.WriteNullAsync();
                    else
                        await copy.WriteAsync(row[i], types[i]);
                }
            }
            await copy.CompleteAsync();
        }
        await CopyAsync("Teams", "Id, OrganisationId, Name", rows.Teams.Types[..3], rows.Teams.Rows);
        var people = Stopwatch.StartNew();
        await CopyAsync("People", PersonColumns, rows.People.Types, rows.People.Rows);
        people.Stop();
        await CopyAsync("Certificates", CertificateColumns, rows.Certificates.Types, rows.Certificates.Rows);
        foreach (var chunk in rows.Teams.Rows.Chunk(500))
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var team in chunk)
                batch.BatchCommands.Add(new NpgsqlBatchCommand("UPDATE \"Teams\" SET \"ManagerId\" = $1 WHERE \"Id\" = $2")
                {
                    Parameters = { new NpgsqlParameter { Value = team[3], DataTypeName = "uuid" }, new NpgsqlParameter { Value = team[0], DataTypeName = "uuid" } },
                });
            await batch.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
        return people.Elapsed.TotalSeconds;
    }

    public override async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        foreach (var name in new[] { Limit, Floor, _name })
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static string Quote(string identifier) => $"\"{identifier}\"";

    private static string TypeName(string type) => Facets().Replace(type, "");

    [GeneratedRegex(@"\s*\([0-9,\s]*\)")]
    private static partial Regex Facets();
}
