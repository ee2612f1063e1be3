using System.Diagnostics;
using System.Globalization;
using Bogus;
using CsvHelper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PmoPath.Accounts;
using PmoPath.Staff;
using PmoPath.Web.Hosting;

namespace PmoPath.Bench;

/// <summary>
/// The staff import figure of issue 6: a realistic HR file of <c>rows</c> people (default 100,000: teams of
/// twelve with their lead as manager, levels, PMO types, certificates for about half) imported into a fresh
/// SQLite file migrated with the real migrations, through the real <see cref="StaffImport"/> (read, check,
/// apply in one transaction). Beside it, in the same run, the practical limit: the very rows the import
/// wrote (teams, people, certificates, team managers), inserted into a copy of the database as it was
/// before the import, with plain ADO.NET, one transaction and one prepared command per table reused for
/// every row. Then the same file again, which must change nothing. Goals: the import well under 10 s and
/// under 2x the limit. Memory: bytes allocated by each phase, and the process's peak working set.
/// </summary>
public static class ImportBenchmarks
{
    private static readonly string[] PmoTypes = ["project-office", "programme-office", "portfolio-office", "enterprise-pmo", "centre-of-excellence"];

    private static readonly string[][] Titles =
    [
        ["Project support officer", "Project co-ordinator", "PMO administrator"],
        ["PMO analyst", "Project controller", "Planner", "PMO officer"],
        ["PMO manager", "PMO lead"],
        ["Head of PMO", "ePMO manager", "PMO director"],
    ];

    private static readonly string[][] Certifications =
    [
        ["bcs-ppso-essentials", "hop-essentials-pmo-administrators", "axelos-p3o-foundation"],
        ["axelos-p3o-foundation", "aipmo-ipmo-foundation", "hop-essentials-pmo-analysts"],
        ["axelos-p3o-practitioner", "aipmo-ipmo-practitioner", "axelos-mop-foundation"],
        ["aipmo-ipmo-expert", "axelos-mop-practitioner", "hop-essentials-pmo-directors"],
    ];

    public static async Task<IReadOnlyList<Finding>> RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var folder = Directory.CreateTempSubdirectory("pmopath-bench-import-").FullName;
        try
        {
            var generating = Stopwatch.StartNew();
            var file = Generate(rows, seed: 11);
            var warmUp = Generate(2_000, seed: 12);
            Console.WriteLine($"Staff import: {rows:N0} rows, {file.Length / 1024.0 / 1024.0:0.0} MB of CSV, made in {generating.Elapsed.TotalSeconds:0.0} s; " +
                $"{Environment.ProcessorCount} cores, load average {LoadAverage()}.");

            using var host = await StartAsync(folder);
            var (bench, warm) = await OrganisationsAsync(host);
            // JIT, EF's query cache and SQLite's page cache settle on an organisation of their own first.
            await ImportAsync(host, warm, warmUp);
            var database = Path.Combine(folder, "pmopath.db");
            var limit = Path.Combine(folder, "limit.db");
            await CopyAsync(database, limit);

            Console.WriteLine($"{"phase",-44} {"seconds",8} {"rows/s",10} {"alloc MB",9} {"peak WS MB",11}  check");
            var first = await MeasureAsync(() => ImportAsync(host, bench, file));
            var summary = first.Result.Summary ?? throw new InvalidOperationException("The generated file was refused: " + string.Join("; ", first.Result.Problems.Take(5)));
            Report($"import (read {first.Result.ReadSeconds:0.00} s, check {first.Result.CheckSeconds:0.00} s, write {first.Result.WriteSeconds:0.00} s)", first, rows,
                summary.Created == rows ? $"ok: {summary.Created:N0} created, {summary.TeamsCreated:N0} teams, {summary.CertificatesAdded:N0} certificates" : $"WRONG: {summary.Created:N0} created");

            var written = await ReadWrittenAsync(database, bench);
            var plain = await MeasureAsync(() => PlainInsertAsync(limit, written));
            Report("plain prepared inserts of the same rows", plain, rows,
                $"{written.People.Count:N0} people ({plain.Result:0.00} s of it), {written.Teams.Count:N0} teams, {written.Certificates.Count:N0} certificates");

            var again = await MeasureAsync(() => ImportAsync(host, bench, file));
            var second = again.Result.Summary!;
            Report($"the same file again (read {again.Result.ReadSeconds:0.00} s, check {again.Result.CheckSeconds:0.00} s)", again, rows,
                second.Unchanged == rows && second.Created + second.Updated == 0 ? $"ok: {second.Unchanged:N0} unchanged" : $"WRONG: {second.Created} created, {second.Updated} updated");

            var ratio = first.Seconds / plain.Seconds;
            Console.WriteLine($"ratio import / plain inserts: {ratio:0.00}x (goal under 2x); import {first.Seconds:0.00} s (goal well under 10 s); load average now {LoadAverage()}.");
            var correct = summary.Created == rows && second.Unchanged == rows;
            return
            [
                new($"staff import of {rows:N0} rows into SQLite", $"{first.Seconds:0.00} s", $"{plain.Seconds:0.00} s plain inserts", Finding.Times(ratio),
                    "< 2× and < 10 s", correct && ratio < 2 && first.Seconds < 10),
                new("  the same file again (all unchanged)", $"{again.Seconds:0.00} s", "", "", "", null),
                new("  peak working set of the import process", $"{first.PeakWorkingSet / 1024 / 1024:N0} MB", "", "", "", null),
            ];
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed record Measured<T>(T Result, double Seconds, long Allocated, long PeakWorkingSet);

    private sealed record Imported(StaffImportSummary? Summary, IReadOnlyList<StaffProblem> Problems, double WriteSeconds, double ReadSeconds = 0, double CheckSeconds = 0);

    private static async Task<Measured<T>> MeasureAsync<T>(Func<Task<T>> work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var result = await work();
        clock.Stop();
        using var process = Process.GetCurrentProcess();
        return new Measured<T>(result, clock.Elapsed.TotalSeconds, GC.GetTotalAllocatedBytes(precise: true) - allocated, process.PeakWorkingSet64);
    }

    private static void Report<T>(string phase, Measured<T> m, int rows, string check) =>
        Console.WriteLine($"{phase,-44} {m.Seconds,8:0.00} {rows / m.Seconds,10:N0} {m.Allocated / 1024.0 / 1024.0,9:N0} {m.PeakWorkingSet / 1024.0 / 1024.0,11:N0}  {check}");

    /// <summary>The database and services as the CLI starts them (real migrations, seeded framework), in system mode.</summary>
    private static async Task<IHost> StartAsync(string folder)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [$"--Database:DataFolder={folder}"] });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(Caller.System);
        builder.AddPmoPathDatabase();
        var host = builder.Build();
        await host.Services.InitializeDatabaseAsync();
        return host;
    }

    private static async Task<(Guid Bench, Guid WarmUp)> OrganisationsAsync(IHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<AccountAdmin>();
        return ((await admin.AddOrganisationAsync("Bench")).Id, (await admin.AddOrganisationAsync("Warm-up")).Id);
    }

    private static async Task<Imported> ImportAsync(IHost host, Guid organisation, byte[] file)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var import = scope.ServiceProvider.GetRequiredService<StaffImport>();
        var clock = Stopwatch.StartNew();
        TimeSpan? writing = null, checking = null, checkedAt = null;
        var progress = new Reporter(p =>
        {
            if (p.Stage == "writing")
                writing ??= clock.Elapsed;
            if (p.Stage == "checking")
            {
                checking ??= clock.Elapsed;
                checkedAt = clock.Elapsed;
            }
        });
        var result = await import.ImportAsync(organisation, new MemoryStream(file, writable: false), new StaffImportOptions(), progress);
        return new Imported(result.Summary, result.Problems, writing is { } start ? (clock.Elapsed - start).TotalSeconds : 0,
            checking?.TotalSeconds ?? 0, ((checkedAt ?? TimeSpan.Zero) - (checking ?? TimeSpan.Zero)).TotalSeconds);
    }

    private sealed class Reporter(Action<StaffImportProgress> report) : IProgress<StaffImportProgress>
    {
        public void Report(StaffImportProgress value) => report(value);
    }

    /// <summary>A copy of the database as it is now, for the plain inserts to start from the same state.</summary>
    private static async Task CopyAsync(string database, string copy)
    {
        await using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync();
        }
        File.Copy(database, copy);
    }

    private sealed record Written(List<object[]> Teams, List<object[]> People, List<object[]> Certificates);

    private const string TeamColumns = "Id, OrganisationId, Name";
    private const string PersonColumns = "Id, OrganisationId, CreatedAtUtc, EmployeeId, WorkEmail, DisplayName, JobTitle, TeamId, Level, PmoType";
    private const string CertificateColumns = "Id, OrganisationId, PersonId, CourseCode, AchievedOn, CertificateNumber, Cpd";

    /// <summary>The rows the import wrote, exactly as stored, read back (not timed) for the plain inserts.</summary>
    private static async Task<Written> ReadWrittenAsync(string database, Guid organisation)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        var org = organisation.ToString().ToUpperInvariant();
        async Task<List<object[]>> ReadAsync(string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("@org", org);
            await using var reader = await command.ExecuteReaderAsync();
            var list = new List<object[]>();
            while (await reader.ReadAsync())
            {
                var values = new object[reader.FieldCount];
                reader.GetValues(values);
                list.Add(values);
            }
            return list;
        }
        return new Written(
            await ReadAsync($"SELECT {TeamColumns}, ManagerId FROM Teams WHERE OrganisationId = @org"),
            await ReadAsync($"SELECT {PersonColumns} FROM People WHERE OrganisationId = @org"),
            await ReadAsync($"SELECT {CertificateColumns} FROM Certificates WHERE OrganisationId = @org"));
    }

    /// <summary>
    /// The practical limit: teams, people, certificates and then the teams' managers, each table through one
    /// prepared single-row command reused for every row, all in one transaction, foreign keys checked as EF
    /// Core's connections check them. Returns the seconds spent on the people alone.
    /// </summary>
    private static async Task<double> PlainInsertAsync(string database, Written rows)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False;Foreign Keys=True");
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        async Task InsertAsync(string sql, int columns, IEnumerable<object[]> values)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            var parameters = Enumerable.Range(0, columns).Select(i => command.Parameters.Add(new SqliteParameter { ParameterName = $"@p{i}" })).ToArray();
            command.Prepare();
            foreach (var row in values)
            {
                for (var i = 0; i < columns; i++)
                    parameters[i].Value = row[i];
                await command.ExecuteNonQueryAsync();
            }
        }
        static string Values(int n) => string.Join(", ", Enumerable.Range(0, n).Select(i => $"@p{i}"));

        await InsertAsync($"INSERT INTO Teams ({TeamColumns}) VALUES ({Values(3)})", 3, rows.Teams);
        var people = Stopwatch.StartNew();
        await InsertAsync($"INSERT INTO People ({PersonColumns}) VALUES ({Values(10)})", 10, rows.People);
        people.Stop();
        await InsertAsync($"INSERT INTO Certificates ({CertificateColumns}) VALUES ({Values(7)})", 7, rows.Certificates);
        await InsertAsync("UPDATE Teams SET ManagerId = @p1 WHERE Id = @p0", 2, rows.Teams.Select(t => new[] { t[0], t[3] }));
        await transaction.CommitAsync();
        return people.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// An HR export: teams of twelve whose first member leads them (and names no manager); everyone else names
    /// the lead. Levels weighted towards 1 and 2; about half hold one or two certifications of their level.
    /// </summary>
    private static byte[] Generate(int rows, int seed)
    {
        Randomizer.Seed = new Random(seed);
        var faker = new Faker("en");
        var today = BenchClock.UtcNow.Date;
        var departments = Enumerable.Range(0, 40).Select(_ => faker.Commerce.Department()).Distinct().ToArray();
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            foreach (var header in new[] { "Employee ID", "Email", "Name", "Team", "Manager email", "Job title", "Level", "PMO type", "Certificates" })
                csv.WriteField(header);
            csv.NextRecord();
            var emails = new string[rows];
            for (var i = 0; i < rows; i++)
            {
                var first = faker.Name.FirstName();
                var last = faker.Name.LastName();
                emails[i] = $"{Slug(first)}.{Slug(last)}.{i}@bench.example";
                var team = i / 12;
                var lead = team * 12;
                var level = i == lead ? faker.Random.Int(3, 4) : faker.Random.WeightedRandom([1, 2, 3, 4], [0.35f, 0.4f, 0.2f, 0.05f]);
                var certificates = faker.Random.Float() < 0.5f
                    ? string.Join(';', faker.PickRandom(Certifications[level - 1], faker.Random.Int(1, 2)).Select(code =>
                        $"{code}:{DateOnly.FromDateTime(today.AddDays(-faker.Random.Int(30, 6 * 365))):yyyy-MM-dd}"))
                    : "";
                csv.WriteField($"E{i:D7}");
                csv.WriteField(emails[i]);
                csv.WriteField($"{first} {last}");
                csv.WriteField($"{departments[team % departments.Length]} {team / departments.Length + 1}");
                csv.WriteField(i == lead ? "" : emails[lead]);
                csv.WriteField(faker.PickRandom(Titles[level - 1]));
                csv.WriteField(level);
                csv.WriteField(faker.PickRandom(PmoTypes));
                csv.WriteField(certificates);
                csv.NextRecord();
            }
        }
        return System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string Slug(string name) => new([.. name.ToLowerInvariant().Where(char.IsAsciiLetter)]);

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
}
