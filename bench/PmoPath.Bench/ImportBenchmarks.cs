using System.Diagnostics;
using System.Globalization;
using Bogus;
using CsvHelper;
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
/// SQLite file, then a fresh PostgreSQL database (when a server is configured or can be started here, as the
/// tests do), each migrated with the real migrations, through the real <see cref="StaffImport"/> (read, check,
/// apply in one transaction; new rows by binary COPY on PostgreSQL). Beside it, in the same run on the same
/// database, the practical limit: the very rows the import wrote (teams, people, certificates, team managers),
/// inserted into a copy of the database as it was before the import, with plain ADO.NET, one transaction and
/// one prepared command per table reused for every row (<see cref="ImportStore"/>); on PostgreSQL also a plain
/// binary COPY of those rows into a second copy (for reference: it is no goal). Then the same file again, which must change
/// nothing. Goals: the import well under 10 s and under 2x the limit, on each database. Memory: bytes allocated
/// by each phase, and the process's peak working set.
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
        var generating = Stopwatch.StartNew();
        var file = Generate(rows, seed: 11);
        var warmUp = Generate(2_000, seed: 12);
        Console.WriteLine($"Staff import: {rows:N0} rows, {file.Length / 1024.0 / 1024.0:0.0} MB of CSV, made in {generating.Elapsed.TotalSeconds:0.0} s; " +
            $"{Environment.ProcessorCount} cores, load average {LoadAverage()}.");
        var findings = new List<Finding>();
        findings.AddRange(await RunOnAsync(new SqliteImportStore(), rows, file, warmUp));
        PostgresImportStore postgres;
        try
        {
            postgres = await PostgresImportStore.CreateAsync();
        }
        catch (InvalidOperationException e) when (e.Message.Contains("PostgreSQL", StringComparison.Ordinal))
        {
            Console.WriteLine($"postgres skipped: {e.Message}");
            return findings;
        }
        findings.AddRange(await RunOnAsync(postgres, rows, file, warmUp));
        return findings;
    }

    /// <summary>The import, the plain inserts of the same rows and the same file again, on one database.</summary>
    private static async Task<IReadOnlyList<Finding>> RunOnAsync(ImportStore store, int rows, byte[] file, byte[] warmUp)
    {
        var folder = Directory.CreateTempSubdirectory("pmopath-bench-import-").FullName;
        try
        {
            Guid bench;
            IHost host;
            using (host = await StartAsync(folder, store.HostArgs))
            {
                (bench, var warm) = await OrganisationsAsync(host);
                // JIT, EF's query cache and the database's page cache settle on an organisation of their own first.
                await ImportAsync(host, warm, warmUp);
                // The limit starts from the database as it is now, before the import.
                await store.CopyForLimitAsync(folder);

                Console.WriteLine();
                Console.WriteLine($"{store.Name}: {"phase",-44} {"seconds",8} {"rows/s",10} {"alloc MB",9} {"peak WS MB",11}  check");
                var first = await MeasureAsync(() => ImportAsync(host, bench, file));
                var summary = first.Result.Summary ?? throw new InvalidOperationException("The generated file was refused: " + string.Join("; ", first.Result.Problems.Take(5)));
                Report(store, $"import (read {first.Result.ReadSeconds:0.00} s, check {first.Result.CheckSeconds:0.00} s, write {first.Result.WriteSeconds:0.00} s)", first, rows,
                    summary.Created == rows ? $"ok: {summary.Created:N0} created, {summary.TeamsCreated:N0} teams, {summary.CertificatesAdded:N0} certificates" : $"WRONG: {summary.Created:N0} created");

                var written = await store.ReadWrittenAsync(folder, bench);
                var plain = await MeasureAsync(() => store.PlainInsertAsync(folder, written));
                Report(store, "plain prepared inserts of the same rows", plain, rows,
                    $"{written.People.Count:N0} people ({plain.Result:0.00} s of it), {written.Teams.Count:N0} teams, {written.Certificates.Count:N0} certificates");
                Measured<double>? copy = null;
                if (store is PostgresImportStore postgres)
                {
                    copy = await MeasureAsync(() => postgres.PlainCopyAsync(written));
                    Report(store, "plain binary COPY of the same rows", copy, rows, $"{written.People.Count:N0} people ({copy.Result:0.00} s of it)");
                }

                var again = await MeasureAsync(() => ImportAsync(host, bench, file));
                var second = again.Result.Summary!;
                Report(store, $"the same file again (read {again.Result.ReadSeconds:0.00} s, check {again.Result.CheckSeconds:0.00} s)", again, rows,
                    second.Unchanged == rows && second.Created + second.Updated == 0 ? $"ok: {second.Unchanged:N0} unchanged" : $"WRONG: {second.Created} created, {second.Updated} updated");

                var ratio = first.Seconds / plain.Seconds;
                Console.WriteLine($"{store.Name}: ratio import / plain inserts: {ratio:0.00}x (goal under 2x); import {first.Seconds:0.00} s (goal well under 10 s); load average now {LoadAverage()}.");
                var correct = summary.Created == rows && second.Unchanged == rows;
                List<Finding> findings =
                [
                    new($"staff import of {rows:N0} rows into {store.Title}", $"{first.Seconds:0.00} s", $"{plain.Seconds:0.00} s plain inserts", Finding.Times(ratio),
                        "< 2× and < 10 s", correct && ratio < 2 && first.Seconds < 10),
                ];
                if (copy is not null)
                    findings.Add(new("  beside a plain binary COPY of the same rows", $"{first.Seconds:0.00} s", $"{copy.Seconds:0.00} s COPY", Finding.Times(first.Seconds / copy.Seconds), "", null));
                findings.Add(new("  the same file again (all unchanged)", $"{again.Seconds:0.00} s", "", "", "", null));
                findings.Add(new("  peak working set of the import process", $"{first.PeakWorkingSet / 1024 / 1024:N0} MB", "", "", "", null));
                return findings;
            }
        }
        finally
        {
            await store.DisposeAsync();
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

    private static void Report<T>(ImportStore store, string phase, Measured<T> m, int rows, string check) =>
        Console.WriteLine($"{store.Name}: {phase,-44} {m.Seconds,8:0.00} {rows / m.Seconds,10:N0} {m.Allocated / 1024.0 / 1024.0,9:N0} {m.PeakWorkingSet / 1024.0 / 1024.0,11:N0}  {check}");

    /// <summary>The database and services as the CLI starts them (real migrations, seeded framework), in system mode.</summary>
    private static async Task<IHost> StartAsync(string folder, IEnumerable<string> args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [$"--Database:DataFolder={folder}", .. args] });
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
