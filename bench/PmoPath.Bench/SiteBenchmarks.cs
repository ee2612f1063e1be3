using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Demo;
using PmoPath.Testing;
using PmoPath.Web;

namespace PmoPath.Bench;

/// <summary>
/// <c>-- http [seconds] [people] [sqlite|postgres]</c>: prepares a database as a first start does, plus a demo
/// organisation of <c>people</c> (default 100,000) whose first manager leads a team of 30, then measures the
/// pages and endpoints people use against the app's constant <c>/ping</c> with <see cref="HttpBenchmarks"/>, on
/// SQLite and then on PostgreSQL (the tests' server, or PMOPATH_TEST_POSTGRES).
/// </summary>
public static class SiteBenchmarks
{
    public const string Password = "correct horse battery staple";
    private const int TeamSize = 30;
    private const string Organisation = "Bench";
    private const string Domain = "bench.demo";

    /// <summary>The p99 goals at 16 clients (issue: every page under 50 ms, the organisation view under 200 ms).</summary>
    private const double PageGoalMs = 50, OrganisationGoalMs = 200, AdviceShareGoal = 0.40, ColdStartGoalMs = 2_000;

    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        var people = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        var only = args.Length > 2 ? args[2] : null;
        var target = args.Length > 3 ? args[3] : null;
        var findings = new List<Finding>();
        if (only is null or "sqlite")
            findings.AddRange(await RunOnAsync(TestDatabase.Sqlite, seconds, people, target));
        if (only is null or "postgres")
            findings.AddRange(await RunOnPostgresIfAnyAsync(seconds, people, target));
        Finding.Print("HTTP goals", findings);
    }

    /// <summary>PostgreSQL when a server is configured or can be started here; otherwise a line saying why not.</summary>
    public static async Task<IReadOnlyList<Finding>> RunOnPostgresIfAnyAsync(double seconds, int people, string? target = null)
    {
        try
        {
            return await RunOnAsync(TestDatabase.Postgres, seconds, people, target);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("PostgreSQL", StringComparison.Ordinal))
        {
            Console.WriteLine($"postgres skipped: {e.Message}");
            return [];
        }
    }

    /// <summary>Every target, or only those whose name starts with <paramref name="target"/> (such as "organisation", or "my,team,person").</summary>
    public static async Task<IReadOnlyList<Finding>> RunOnAsync(TestDatabase database, double seconds, int people, string? target = null)
    {
        var name = database.ToString().ToLowerInvariant();
        var folder = Directory.CreateTempSubdirectory("pmopath-bench-http-").FullName;
        string[] serverArgs = database == TestDatabase.Postgres
            ? ["--Database:Provider=Postgres", $"--ConnectionStrings:PmoPath={await PostgresServer.CreateDatabaseAsync()}"]
            : [];
        Console.WriteLine();
        Console.WriteLine($"HTTP on loopback over {name}, {seconds:0.#} s a cell; load average {Finding.Load()}.");
        var member = await PrepareAsync(folder, serverArgs, people);
        var run = await HttpBenchmarks.RunAsync(new HttpBenchmarks.Options(folder, serverArgs, seconds, [1, 16, 64]), async address =>
        {
            var anonymous = HttpBenchmarks.NewClient(address);
            var practitioner = await HttpBenchmarks.SignInAsync(address, $"practitioner1@{Domain}", Password);
            var manager = await HttpBenchmarks.SignInAsync(address, $"manager1@{Domain}", Password);
            var hr = await HttpBenchmarks.SignInAsync(address, $"hr@{Domain}", Password);
            List<HttpBenchmarks.Target> all =
            [
                new("home page /", () => anonymous, () => new(HttpMethod.Get, "/")),
                new("course page", () => anonymous, () => new(HttpMethod.Get, "/courses/aipmo-ipmo-expert")),
                new("POST /api/advice", () => anonymous, () => HttpBenchmarks.Json("/api/advice", Profile)),
                new("my development (signed in)", () => practitioner, () => new(HttpMethod.Get, "/me/development")),
                new($"team page ({TeamSize} people)", () => manager, () => new(HttpMethod.Get, "/team")),
                new("person's page (their manager)", () => manager, () => new(HttpMethod.Get, $"/people/{member}")),
                new($"organisation view ({people:N0} people)", () => hr, () => new(HttpMethod.Get, "/organisation")),
            ];
            // Several targets may be named at once, separated by commas ("my,team,person").
            var wanted = target?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return [.. all.Where(t => wanted is null || wanted.Any(w => t.Name.StartsWith(w, StringComparison.Ordinal)))];
        });
        Directory.Delete(folder, recursive: true);
        return Findings(name, run);
    }

    /// <summary>The goals of the run: p99 at 16 clients per target, advice's share of the ceiling, cold start, memory.</summary>
    private static List<Finding> Findings(string database, HttpBenchmarks.Run run)
    {
        var findings = new List<Finding>();
        foreach (var cell in run.Cells.Where(c => c.Clients == 16))
        {
            var goal = cell.Target.StartsWith("organisation", StringComparison.Ordinal) ? OrganisationGoalMs : PageGoalMs;
            findings.Add(new Finding($"{database}: {cell.Target}, p99 at 16 clients", Finding.Ms(cell.Figures.P99), Finding.Ms(cell.Ceiling.P99) + " /ping",
                Finding.Times(cell.Figures.P99 / cell.Ceiling.P99), $"p99 < {goal:0} ms", cell.Figures.P99 < goal && cell.Figures.Failures == 0));
            if (cell.Target.StartsWith("POST /api/advice", StringComparison.Ordinal))
                findings.Add(new Finding($"{database}: {cell.Target}, req/s at 16 clients", $"{cell.Figures.PerSecond:N0}/s", $"{cell.Ceiling.PerSecond:N0}/s /ping",
                    Finding.Share(cell.Figures.PerSecond / cell.Ceiling.PerSecond), $"≥ {AdviceShareGoal:P0} of /ping", cell.Figures.PerSecond >= AdviceShareGoal * cell.Ceiling.PerSecond));
        }
        findings.Add(new Finding($"{database}: cold start to first answer", Finding.Ms(run.ColdStart.TotalMilliseconds), "", "", $"< {ColdStartGoalMs:N0} ms", run.ColdStart.TotalMilliseconds < ColdStartGoalMs));
        findings.Add(new Finding($"{database}: server peak memory (VmHWM)", $"{run.ServerPeakMegabytes:N0} MB", "", "", "", null));
        return findings;
    }

    private const string Profile = """
        { "level": 3, "targetLevel": 4, "pmoType": "enterprise-pmo",
          "certifications": [ { "code": "axelos-p3o-foundation", "achievedOn": "2023-05-10" } ],
          "completedCourses": [ "agile-pmo" ],
          "competencies": { "benefits-management": 1 } }
        """;

    /// <summary>
    /// Migrates and seeds the database as a first start does, builds the demo organisation, and moves people of
    /// the next teams into the first manager's team until it has <see cref="TeamSize"/> members. Returns the id of
    /// one member of that team with a level set (advice to show), for the person's page as their manager sees it.
    /// </summary>
    private static async Task<Guid> PrepareAsync(string folder, string[] serverArgs, int people)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        // The same key-ring setting the measured web process gets (HttpBenchmarks): a throwaway database.
        var app = PmoPathApp.Build([$"--Database:DataFolder={folder}", "--Logging:LogLevel:Default=Warning", "--DataProtection:AllowUnencrypted=true", .. serverArgs]);
        await app.InitializeAsync();
        Guid member;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var demo = await scope.ServiceProvider.GetRequiredService<DemoOrganisation>().CreateAsync(new DemoOptions(people, Organisation, Password: Password));
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>().BindTo(Caller.System);
            var manager = demo.Accounts.Single(a => a.Email == $"manager1@{Domain}");
            var team = await db.Teams.SingleAsync(t => t.ManagerId == manager.PersonId);
            var members = await db.People.CountAsync(p => p.TeamId == team.Id);
            var managers = db.Teams.Where(t => t.ManagerId != null).Select(t => t.ManagerId);
            var movers = await db.People
                .Where(p => p.OrganisationId == demo.OrganisationId && p.TeamId != null && p.TeamId != team.Id && !managers.Contains(p.Id))
                .OrderBy(p => p.Id).Take(Math.Max(0, TeamSize - members)).Select(p => p.Id).ToListAsync();
            await db.People.Where(p => movers.Contains(p.Id)).ExecuteUpdateAsync(p => p.SetProperty(x => x.TeamId, team.Id));
            member = await db.People.Where(p => p.TeamId == team.Id && p.Id != manager.PersonId && p.Level != null)
                .OrderBy(p => p.DisplayName).ThenBy(p => p.Id).Select(p => p.Id).FirstAsync();
            Console.WriteLine($"Prepared: demo organisation of {demo.People:N0} people ({demo.Certificates:N0} certificates, {demo.PlanItems:N0} plan items), " +
                $"{members + movers.Count} in {team.Name}, in {started.Elapsed.TotalSeconds:0.0} s.");
        }
        await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return member;
    }
}
