using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Demo;
using PmoPath.Framework;
using PmoPath.Insight;
using PmoPath.Testing;

namespace PmoPath.Bench;

/// <summary>
/// The organisation view's data for a large organisation: builds a demo organisation of <c>people</c> (default
/// 100,000) in a fresh database migrated with the real migrations, then times, warm and over several runs,
/// <see cref="OrganisationInsight"/> for it (everything the page and the API show), its "main figures" alone
/// (people by level × PMO type, certificate coverage by body and level, renewals by quarter — the same queries
/// the view runs for them), and one hand-written SQL batch computing those main figures through ADO.NET, the
/// practical limit. Prints min / median / p99, the ratio, allocations per run and the process's peak memory, on
/// SQLite and then PostgreSQL (started like the tests' server, or PMOPATH_TEST_POSTGRES). Goal: under 200 ms,
/// and under 3× the hand-written query.
/// </summary>
public static class OrgViewBenchmarks
{
    private const int Runs = 15;

    public static async Task<IReadOnlyList<Finding>> RunAsync(string[] args)
    {
        var findings = new List<Finding>();
        var people = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var only = args.Length > 1 ? args[1] : null;
        Console.WriteLine($"Organisation view over a demo organisation of {people:N0} people; {Runs} warm runs each; load average {Load()}.");
        if (only is null or "sqlite")
            findings.AddRange(await RunOnAsync(TestDatabase.Sqlite, people));
        if (only is null or "postgres")
        {
            try
            {
                findings.AddRange(await RunOnAsync(TestDatabase.Postgres, people));
            }
            catch (InvalidOperationException e) when (e.Message.Contains("PostgreSQL", StringComparison.Ordinal))
            {
                Console.WriteLine($"postgres skipped: {e.Message}");
            }
        }
        Console.WriteLine($"Peak working set of the process: {PeakMegabytes():N0} MB; load average {Load()}.");
        findings.Add(new Finding("  peak working set of the org-view process (with the demo build)", $"{PeakMegabytes():N0} MB", "", "", "", null));
        return findings;
    }

    private const double GoalMs = 200, GoalRatio = 3;

    private static async Task<IReadOnlyList<Finding>> RunOnAsync(TestDatabase database, int people)
    {
        var name = database.ToString().ToLowerInvariant();
        await using var app = await TestApp.StartAsync(database, "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.EntityFrameworkCore=Warning");
        var building = Stopwatch.StartNew();
        DemoResult demo;
        await using (var scope = app.Services.CreateAsyncScope())
            demo = await scope.ServiceProvider.GetRequiredService<DemoOrganisation>().CreateAsync(new DemoOptions(people, "Bench"));
        Console.WriteLine($"{name}: demo organisation built in {building.Elapsed.TotalSeconds:0.0} s ({demo.People:N0} people, {demo.Certificates:N0} certificates, " +
            $"{demo.Ratings:N0} ratings, {demo.PlanItems:N0} plan items, {demo.LevelChanges:N0} level changes); peak so far {PeakMegabytes():N0} MB; load {Load()}.");

        var contexts = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        if (database == TestDatabase.Postgres)
        {
            // A server that has run a while has its statistics and visibility map (autovacuum); a demo loaded a moment
            // ago has neither, and the planner would misjudge every join. Measure the steady state.
            await using var db = await contexts.CreateDbContextAsync();
            await db.Database.ExecuteSqlRawAsync("VACUUM (ANALYZE)");
        }
        var store = app.Services.GetRequiredService<FrameworkStore>();
        var framework = await store.GetAsync();
        var today = BenchClock.Today;

        OrganisationInsightView? view = null;
        var full = await TimeAsync(async () =>
        {
            await using var db = (await contexts.CreateDbContextAsync()).BindTo(Caller.System);
            view = await new OrganisationInsight(db, Caller.System, store, BenchClock.Real).ForOrganisationAsync(demo.OrganisationId);
        });
        (List<HeadcountRow> Headcounts, List<CoverageRow> Coverage, List<RenewalRow> Renewals)? main = null;
        var mainFigures = await TimeAsync(async () =>
        {
            await using var db = (await contexts.CreateDbContextAsync()).BindTo(Caller.System);
            var queries = new OrganisationQueries(db, demo.OrganisationId, framework, today);
            var people = await queries.PeopleAsync();
            var cpd = await queries.CpdHoldersAsync();
            var certificates = await queries.CertificatesAsync(cpd);
            main = (people.Headcounts, certificates.Coverage, certificates.Renewals);
        });
        HandWritten? hand = null;
        var handWritten = await TimeAsync(async () =>
        {
            await using var db = await contexts.CreateDbContextAsync();
            hand = await HandWrittenAsync(db, demo.OrganisationId, framework, today);
        });

        Console.WriteLine($"{name,-9} {"what",-44} {"min ms",8} {"median",8} {"p99 ms",8} {"alloc MB",9}");
        Print(name, "OrganisationInsight (whole view)", full);
        Print(name, "  its main figures (same queries)", mainFigures);
        Print(name, "hand-written SQL, main figures (ADO.NET)", handWritten);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: ratio whole view / hand-written {full.Median / handWritten.Median:0.0}×, main figures / hand-written {mainFigures.Median / handWritten.Median:0.0}×; goal < 200 ms and < 3×."));
        Console.WriteLine($"{name}: check: {Check(view!, main!.Value, hand!)}");
        Console.WriteLine($"{name}: peak working set so far {PeakMegabytes():N0} MB; load average {Load()}.");
        var ratio = full.Median / handWritten.Median;
        return
        [
            new($"{name}: organisation view data, {people:N0} people (median)", Finding.Ms(full.Median), Finding.Ms(handWritten.Median) + " hand-written SQL",
                Finding.Times(ratio), $"< {GoalMs:0} ms and < {GoalRatio:0}×", full.Median < GoalMs && ratio < GoalRatio),
            new($"{name}:   its main figures alone (same queries)", Finding.Ms(mainFigures.Median), Finding.Ms(handWritten.Median),
                Finding.Times(mainFigures.Median / handWritten.Median), "", null),
            new($"{name}:   allocated per view", string.Create(CultureInfo.InvariantCulture, $"{full.AllocatedMegabytes:0.0} MB"), "", "", "", null),
        ];
    }

    private sealed record Timing(double Min, double Median, double P99, double AllocatedMegabytes);

    private static async Task<Timing> TimeAsync(Func<Task> work)
    {
        for (var i = 0; i < 3; i++)
            await work();
        var times = new List<double>(Runs);
        long allocated = 0;
        for (var i = 0; i < Runs; i++)
        {
            var before = GC.GetTotalAllocatedBytes(precise: false);
            var start = Stopwatch.GetTimestamp();
            await work();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            allocated += GC.GetTotalAllocatedBytes(precise: false) - before;
        }
        times.Sort();
        return new Timing(times[0], times[times.Count / 2], times[Math.Clamp((int)Math.Ceiling(0.99 * times.Count) - 1, 0, times.Count - 1)], allocated / (double)Runs / 1024 / 1024);
    }

    private static void Print(string database, string what, Timing t) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{database,-9} {what,-44} {t.Min,8:0.0} {t.Median,8:0.0} {t.P99,8:0.0} {t.AllocatedMegabytes,9:0.0}"));

    private sealed record HandWritten(Dictionary<(string Level, string Type), int> People, Dictionary<(string Level, string Body), int> Coverage, Dictionary<(string Group, int Quarter), int> Renewals);

    /// <summary>
    /// The main figures as one batch of plain SQL: people by level and type; distinct holders of a valid
    /// certificate by level and body (renew-by = latest exam of the suite + years; no CPD); and renewals by quarter.
    /// </summary>
    private static async Task<HandWritten> HandWrittenAsync(AppDbContext db, Guid organisation, FrameworkSnapshot framework, DateOnly today)
    {
        var sqlite = db.Database.ProviderName!.Contains("Sqlite", StringComparison.Ordinal);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        void Add(string name, object value) =>
            command.Parameters.Add(Parameter(command, name, value));
        DbParameter Parameter(DbCommand c, string name, object value)
        {
            var p = c.CreateParameter();
            p.ParameterName = name;
            p.Value = value switch
            {
                Guid g when sqlite => g.ToString().ToUpperInvariant(),
                DateOnly d when sqlite => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                _ => value,
            };
            return p;
        }
        static string List(IEnumerable<string> codes) => string.Join(", ", codes.Select(c => "'" + c.Replace("'", "''", StringComparison.Ordinal) + "'"));

        Add("@org", organisation);
        var groups = RenewalGroup.Of(framework);
        var renewing = RenewalGroup.RenewingCodes(framework);
        var sql = new StringBuilder("""
            SELECT "Level", "PmoType", COUNT(*) FROM "People" WHERE "OrganisationId" = @org GROUP BY "Level", "PmoType";
            SELECT p."Level", k."Body", COUNT(DISTINCT c."PersonId")
            FROM "Certificates" c JOIN "People" p ON p."Id" = c."PersonId" JOIN "Courses" k ON k."Code" = c."CourseCode"
            WHERE c."OrganisationId" = @org AND k."Body" IS NOT NULL AND (
            """);
        sql.Append(renewing.Count == 0 ? "1 = 1" : $"c.\"CourseCode\" NOT IN ({List(renewing)})");
        var starts = OrganisationInsight.RenewalQuarterStarts(today);
        for (var g = 0; g < groups.Count; g++)
        {
            Add($"@since{g}", OrganisationInsight.EarliestStartCurrentOn(today, groups[g].Years));
            sql.Append(CultureInfo.InvariantCulture, $"""
                 OR (c."CourseCode" IN ({List(groups[g].Codes)}) AND EXISTS (SELECT 1 FROM "Certificates" x WHERE x."PersonId" = c."PersonId" AND x."CourseCode" IN ({List(groups[g].SuiteCodes)}) AND x."AchievedOn" >= @since{g}))
                """);
        }
        sql.Append(") GROUP BY p.\"Level\", k.\"Body\";\n");
        for (var g = 0; g < groups.Count; g++)
        {
            Add($"@to{g}", starts[^1].AddYears(-groups[g].Years));
            var cases = new StringBuilder("CASE");
            for (var q = 1; q < OrganisationInsight.RenewalQuarters; q++)
            {
                Add($"@b{g}_{q}", starts[q].AddYears(-groups[g].Years));
                cases.Append(CultureInfo.InvariantCulture, $" WHEN m < @b{g}_{q} THEN {q - 1}");
            }
            cases.Append(CultureInfo.InvariantCulture, $" ELSE {OrganisationInsight.RenewalQuarters - 1} END");
            sql.Append(CultureInfo.InvariantCulture, $"""
                SELECT {cases} AS q, COUNT(*) FROM (
                  SELECT MAX("AchievedOn") AS m FROM "Certificates" WHERE "OrganisationId" = @org AND "CourseCode" IN ({List(groups[g].SuiteCodes)}) GROUP BY "PersonId"
                ) t WHERE m >= @since{g} AND m < @to{g} GROUP BY 1;

                """);
        }
        command.CommandText = sql.ToString();

        var result = new HandWritten([], [], []);
        await using var reader = await command.ExecuteReaderAsync();
        static string Level(DbDataReader r, int i) => r.IsDBNull(i) ? OrganisationInsightView.NotSet : Convert.ToInt32(r.GetValue(i), CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        while (await reader.ReadAsync())
            result.People[(Level(reader, 0), reader.IsDBNull(1) ? OrganisationInsightView.NotSet : reader.GetString(1))] = Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture);
        await reader.NextResultAsync();
        while (await reader.ReadAsync())
            result.Coverage[(Level(reader, 0), reader.GetString(1))] = Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture);
        for (var g = 0; g < groups.Count; g++)
        {
            await reader.NextResultAsync();
            while (await reader.ReadAsync())
                result.Renewals[(groups[g].Key, Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture))] = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
        }
        return result;
    }

    /// <summary>
    /// Whether the view and the hand-written SQL agree. Headcounts must match exactly; coverage and renewals may
    /// differ only by people whose CPD points moved a renew-by date, which the plain SQL ignores.
    /// </summary>
    private static string Check(OrganisationInsightView view, (List<HeadcountRow> Headcounts, List<CoverageRow> Coverage, List<RenewalRow> Renewals) main, HandWritten hand)
    {
        var peopleView = view.PeopleByLevel.Sum(l => l.People);
        var peopleHand = hand.People.Values.Sum();
        var headcountsMatch = main.Headcounts.All(h => hand.People.GetValueOrDefault((OrganisationInsightView.LevelKey(h.Level), h.PmoType ?? OrganisationInsightView.NotSet)) == h.People)
            && main.Headcounts.Count == hand.People.Count;
        var coverageView = view.CertificateCoverage.Sum(b => b.People);
        var coverageHand = hand.Coverage.Values.Sum();
        var renewalsView = view.RenewalsByQuarter.Sum(q => q.Renewals);
        var renewalsHand = hand.Renewals.Values.Sum();
        return $"people {peopleView:N0} vs {peopleHand:N0} ({(headcountsMatch ? "every cell equal" : "CELLS DIFFER")}); " +
            $"body holders {coverageView:N0} vs {coverageHand:N0} (plain SQL ignores CPD: {coverageView - coverageHand:+#;-#;0}); " +
            $"renewals {renewalsView:N0} vs {renewalsHand:N0} ({renewalsView - renewalsHand:+#;-#;0}).";
    }

    private static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    /// <summary>The process's peak resident memory (VmHWM), in MB.</summary>
    private static double PeakMegabytes()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
