using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using PmoPath.Testing;
using PmoPath.Testing.People;
using PmoPath.Testing.Sessions;

namespace PmoPath.Cli.Tests.Operations;

/// <summary>
/// <c>pmopath backup</c> and <c>restore</c> on a real SQLite file while the real web app serves it on a real port:
/// a backup taken in the middle of a booking burst restores to a consistent database, and restore refuses what is
/// not a PmoPath database of a known schema, naming why, without touching the database.
/// </summary>
public sealed class BackupRestoreTests(SqlitePeopleWorld world) : IClassFixture<SqlitePeopleWorld>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pmopath-cli-backup-").FullName;

    private string[] Elsewhere(string name) => [$"--Database:DataFolder={Path.Combine(_folder, name)}"];

    [Fact]
    public async Task A_backup_taken_during_a_200_booking_burst_restores_to_a_consistent_database()
    {
        var sessions = new List<Guid>();
        for (var i = 0; i < 4; i++)
            sessions.Add(await SessionKit.PublishAsync(world, "provider", SessionKit.Body(seats: 10, daysAhead: 40 + i)));
        var people = await SessionKit.AddPeopleAsync(world.App, "Acme", 200, prefix: "Burst");
        using var hr = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = world.App.BaseAddress, Timeout = TimeSpan.FromMinutes(3) };
        hr.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", world["hr"].Token);

        var answered = 0;
        var burst = people.Select(async (person, i) =>
        {
            using var response = await hr.PostAsJsonAsync($"/api/sessions/{sessions[i % sessions.Count]}/bookings", new { personId = person });
            Interlocked.Increment(ref answered);
            return response.StatusCode;
        }).ToList();
        // The backup starts once the first bookings are in, while the rest are still being made.
        while (Volatile.Read(ref answered) < 5)
            await Task.Delay(10);
        var file = Path.Combine(_folder, "during-burst.db");
        var backup = await CliRun.RunAsync(world.App.DatabaseArgs, "backup", file);
        var answeredAtBackupEnd = Volatile.Read(ref answered);
        var statuses = await Task.WhenAll(burst);

        Assert.True(backup.ExitCode == 0, backup.Error);
        Assert.Contains("integrity and foreign keys checked", backup.Output, StringComparison.Ordinal);
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Created, s));
        Assert.False(File.Exists(file + "-wal"), "The backup is one file, without a write-ahead log beside it.");

        var restore = await CliRun.RunAsync(Elsewhere("restored"), "restore", file);
        Assert.True(restore.ExitCode == 0, restore.Error);
        var restored = Path.Combine(_folder, "restored", "pmopath.db");
        await using var db = await OpenAsync(restored);
        Assert.Equal(["ok"], await ColumnAsync(db, "PRAGMA integrity_check;"));
        Assert.Empty(await ColumnAsync(db, "PRAGMA foreign_key_check;"));
        var mismatched = await ColumnAsync(db, """
            SELECT s."Id" FROM "Sessions" AS s
            WHERE s."Confirmed" <> (SELECT count(*) FROM "Bookings" AS b WHERE b."SessionId" = s."Id" AND b."Status" = 'Confirmed')
            """);
        Assert.Empty(mismatched);
        // The sessions were published before the burst, so the copy has them; of the bookings it has what was made when it began.
        var ids = string.Join(',', sessions.Select(s => $"'{s.ToString().ToUpperInvariant()}'"));
        Assert.Equal(["4"], await ColumnAsync(db, $"""SELECT count(*) FROM "Sessions" WHERE "Id" IN ({ids})"""));
        var booked = int.Parse((await ColumnAsync(db, $"""SELECT count(*) FROM "Bookings" WHERE "SessionId" IN ({ids})"""))[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(booked, 0, answeredAtBackupEnd + 64);

        var status = await CliRun.RunAsync(Elsewhere("restored"), "db", "status");
        Assert.Contains("Pending: none.", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_refuses_a_file_that_is_not_a_database_and_changes_nothing()
    {
        var (settings, before) = await RestoredCopyAsync("target-text");
        var file = Path.Combine(_folder, "notes.txt");
        await File.WriteAllTextAsync(file, "name,email\nAnn,ann@example.com\n");

        var result = await CliRun.RunAsync(settings, "restore", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not a SQLite database", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, Hash(Path.Combine(_folder, "target-text", "pmopath.db")));
    }

    [Fact]
    public async Task Restore_refuses_a_sqlite_file_of_another_application()
    {
        var (settings, before) = await RestoredCopyAsync("target-foreign");
        var file = Path.Combine(_folder, "other-app.db");
        await using (var other = await OpenAsync(file))
            await ColumnAsync(other, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('hello');");
        SqliteConnection.ClearAllPools();

        var result = await CliRun.RunAsync(settings, "restore", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not a PmoPath database", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, Hash(Path.Combine(_folder, "target-foreign", "pmopath.db")));
    }

    [Fact]
    public async Task Restore_refuses_a_database_with_a_migration_this_release_does_not_know()
    {
        var (settings, before) = await RestoredCopyAsync("target-future");
        var file = Path.Combine(_folder, "future.db");
        Assert.Equal(0, (await CliRun.RunAsync(world.App.DatabaseArgs, "backup", file)).ExitCode);
        await using (var future = await OpenAsync(file))
            await ColumnAsync(future, """INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion") VALUES ('29991231000000_FromANewerRelease', '10.0.14');""");
        SqliteConnection.ClearAllPools();

        var result = await CliRun.RunAsync(settings, "restore", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("29991231000000_FromANewerRelease", result.Error, StringComparison.Ordinal);
        Assert.Contains("not one this release knows", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, Hash(Path.Combine(_folder, "target-future", "pmopath.db")));
    }

    [Fact]
    public async Task Restore_refuses_while_the_web_app_has_the_database_open()
    {
        var file = Path.Combine(_folder, "sound.db");
        Assert.Equal(0, (await CliRun.RunAsync(world.App.DatabaseArgs, "backup", file)).ExitCode);
        Assert.Equal(HttpStatusCode.OK, (await world.App.Client.GetAsync("/api/courses/agile-pmo")).StatusCode);
        // The app's connection pool may be empty at any moment (idle connections are closed; this page is served from
        // the cached framework): the app has the file open all the same.
        SqliteConnection.ClearAllPools();

        var result = await CliRun.RunAsync(world.App.DatabaseArgs, "restore", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is in use", result.Error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await world.App.Client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Backup_on_postgres_names_pg_dump_and_pg_restore_instead_of_failing_obscurely()
    {
        string[] postgres = ["--Database:Provider=Postgres", "--ConnectionStrings:PmoPath=Host=127.0.0.1;Port=1;Database=pmopath;Username=pmopath"];

        var backup = await CliRun.RunAsync(postgres, "backup", Path.Combine(_folder, "pg.db"));
        var restore = await CliRun.RunAsync(postgres, "restore", Path.Combine(_folder, "pg.db"));

        Assert.Equal(2, backup.ExitCode);
        Assert.Contains("pg_dump --format=custom", backup.Error, StringComparison.Ordinal);
        Assert.Contains("pg_restore", restore.Error, StringComparison.Ordinal);
        Assert.Contains("docs/operations.md", backup.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_backup_restore_and_db()
    {
        var help = await CliRun.RunAsync([], "--help");
        Assert.Contains("backup", help.Output, StringComparison.Ordinal);
        Assert.Contains("restore", help.Output, StringComparison.Ordinal);
        Assert.Contains("db", help.Output.Split('\n').Select(l => l.Trim().Split(' ')[0]));
    }

    /// <summary>A sound PmoPath database in a folder of its own (restored from a backup of the app's), and its hash.</summary>
    private async Task<(string[] Settings, string Hash)> RestoredCopyAsync(string name)
    {
        var file = Path.Combine(_folder, name + ".db");
        Assert.Equal(0, (await CliRun.RunAsync(world.App.DatabaseArgs, "backup", file)).ExitCode);
        var settings = Elsewhere(name);
        var restored = await CliRun.RunAsync(settings, "restore", file);
        Assert.True(restored.ExitCode == 0, restored.Error);
        return (settings, Hash(Path.Combine(_folder, name, "pmopath.db")));
    }

    private static string Hash(string file) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));

    private static async Task<SqliteConnection> OpenAsync(string file)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<List<string>> ColumnAsync(SqliteConnection connection, string sql)
    {
        var values = new List<string>();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            values.Add(reader.GetValue(0)?.ToString() ?? "");
        return values;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
