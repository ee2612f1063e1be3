using System.Diagnostics;
using Bogus;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PmoPath.Data;
using PmoPath.Data.Sqlite;
using PmoPath.Search;

namespace PmoPath.Bench;

/// <summary>
/// Search latency on the embedded default: a SQLite file, migrated with the real migrations, holding
/// 10,000 articles and 10,000 jobs in the search index. Each query runs as the API runs it (a fresh
/// context from a pooled connection); the harness reports p50, p95 and p99 per query. The goal is a p99
/// under 20 ms. It is a harness rather than a BenchmarkDotNet class because the question is tail
/// latency of one realistic call, not a mean of micro-iterations.
/// </summary>
public static class SearchBenchmarks
{
    private static readonly string[] Vocabulary =
    [
        "benefits", "portfolio", "programme", "project", "governance", "risk", "planning", "schedule", "reporting",
        "agile", "coaching", "strategy", "leadership", "assurance", "resource", "capacity", "finance", "dashboard",
        "stakeholder", "change", "maturity", "standards", "methodology", "prioritisation", "roadmap", "controls",
    ];

    private static readonly int[] LevelNumbers = [1, 2, 3, 4];

    private static readonly (string Text, int? Level, string? Competency)[] Queries =
    [
        ("benefits", null, null),
        ("portfolio governance", null, null),
        ("agile coaching", 3, null),
        ("risk", 2, "risk-governance"),
        ("strat", null, null),
        ("benefits realisation dashboard", 4, "benefits-management"),
    ];

    public static async Task RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        var iterations = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 500;
        // The share of words drawn from the PMO vocabulary. 0.25 is a worst case in which almost every
        // document contains every common query word; 0.02 is closer to real text, where a word such as
        // "benefits" appears in about one document in five.
        var vocabularyShare = args.Length > 2 ? float.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 0.02f;
        var folder = Directory.CreateTempSubdirectory("pmopath-bench-").FullName;
        var options = new DbContextOptionsBuilder<AppDbContext>().UseSqliteProvider($"Data Source={Path.Combine(folder, "bench.db")}");
        var dbOptions = ((DbContextOptionsBuilder<AppDbContext>)options).Options;
        try
        {
            await using (var db = new AppDbContext(dbOptions))
            {
                await db.Database.OpenConnectionAsync();
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
                await db.Database.MigrateAsync();
            }
            var seeding = Stopwatch.StartNew();
            await SeedAsync(dbOptions, count, vocabularyShare);
            Console.WriteLine($"Seeded {count:N0} articles and {count:N0} jobs (vocabulary share {vocabularyShare:0.00}) in {seeding.Elapsed.TotalSeconds:0.0} s; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}.");

            var engine = new SqliteSearch();
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            Console.WriteLine($"{"query",-48} {"hits",5} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8}");
            // Warm up every query first, so tiered JIT, EF's query cache and the page cache are settled
            // before any is timed, not only for the queries that happen to run later.
            foreach (var (text, level, competency) in Queries)
            {
                for (var i = 0; i < 60; i++)
                {
                    await using var db = new AppDbContext(dbOptions);
                    await engine.SearchAsync(db, new SearchQuery(text, level, competency), today);
                }
            }
            var all = new List<double>();
            foreach (var (text, level, competency) in Queries)
            {
                var query = new SearchQuery(text, level, competency);
                var timings = new List<double>(iterations);
                var hits = 0;
                for (var i = 0; i < iterations; i++)
                {
                    var watch = Stopwatch.StartNew();
                    await using var db = new AppDbContext(dbOptions);
                    var result = await engine.SearchAsync(db, query, today);
                    watch.Stop();
                    hits = result.Count;
                    timings.Add(watch.Elapsed.TotalMilliseconds);
                }
                all.AddRange(timings);
                var label = $"{text}{(level is null ? "" : $" level={level}")}{(competency is null ? "" : $" competency={competency}")}";
                Console.WriteLine($"{label,-48} {hits,5} {P(timings, 50),8:0.00} {P(timings, 95),8:0.00} {P(timings, 99),8:0.00} {timings.Max(),8:0.00}");
            }
            Console.WriteLine($"{"all queries",-48} {"",5} {P(all, 50),8:0.00} {P(all, 95),8:0.00} {P(all, 99),8:0.00} {all.Max(),8:0.00}");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task SeedAsync(DbContextOptions<AppDbContext> options, int count, float vocabularyShare)
    {
        Randomizer.Seed = new Random(7);
        var faker = new Faker("en");
        string Text(int words) => string.Join(' ', Enumerable.Range(0, words).Select(_ =>
            faker.Random.Bool(vocabularyShare) ? faker.PickRandom(Vocabulary) : faker.Lorem.Word()));
        var areas = new[] { "benefits-management", "risk-governance", "strategy", "coaching", "portfolio-management", "agile-ways-of-working" };
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        const int batch = 2_000;
        for (var start = 0; start < count; start += batch)
        {
            await using var db = new AppDbContext(options);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(count, start + batch); i++)
            {
                db.SearchEntries.Add(new SearchEntry
                {
                    Kind = SearchKinds.Article, Key = $"article-{i}", Title = Text(6), Body = Text(300),
                    Levels = SearchEntry.Packed(faker.PickRandom(LevelNumbers, faker.Random.Int(1, 3)).Order()),
                    Competencies = SearchEntry.Packed(faker.PickRandom(areas, 2)),
                });
                var opens = today.AddDays(-faker.Random.Int(0, 60));
                db.SearchEntries.Add(new SearchEntry
                {
                    Kind = SearchKinds.Job, Key = $"{i}", Title = Text(4), Body = Text(60),
                    Levels = SearchEntry.Packed([faker.Random.Int(1, 4)]),
                    Competencies = SearchEntry.Packed(faker.PickRandom(areas, 2)),
                    // A third of the jobs have closed: search must skip them, as it does in production.
                    VisibleFrom = opens, VisibleUntil = opens.AddDays(faker.Random.Int(20, 120)),
                });
            }
            await db.SaveChangesAsync();
        }
    }

    private static double P(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
