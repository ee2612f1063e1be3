using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using PmoPath.Advice;
using PmoPath.Core.Tests.Advice;
using PmoPath.Exchange;
using PmoPath.Framework;

namespace PmoPath.Bench;

/// <summary>
/// The advisor for one profile (the public career guide's case) and for 100,000 generated profiles in
/// parallel (an organisation-wide run). Goal: one profile under 50 µs (with the schedule, budgets and days); 100,000 under a second
/// on two cores. Run: <c>dotnet run -c Release --project bench/PmoPath.Bench -- --filter '*Advis*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class AdvisorBenchmarks
{
    public const int BatchSize = 100_000;

    private FrameworkSnapshot _framework = null!;

    /// <summary>A public schedule of every course, a session every five to ten weeks over the profiles' years, as the hosts pass it.</summary>
    private Sessions.ScheduleSnapshot _schedule = null!;
    private AdviceRequest _one = null!;
    private List<AdviceRequest> _batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        _framework = new FrameworkSnapshot(FrameworkJson.ReadDefault());
        // The product brief's example: a PMO manager at level 3 aiming for 4 with a lapsed P3O Foundation.
        _one = AdviceProfileReader.Read("""
            { "level": 3, "targetLevel": 4, "pmoType": "enterprise-pmo", "asOf": "2026-11-22",
              "certifications": [ { "code": "axelos-p3o-foundation", "achievedOn": "2023-05-10" } ],
              "completedCourses": [ "agile-pmo" ],
              "competencies": { "benefits-management": 1, "strategy": 0, "pmo-setup-design": 2 } }
            """, _framework, new DateOnly(2026, 11, 22));
        _schedule = ScheduleFaker.Snapshot(_framework, new DateOnly(2019, 10, 1), 14, seed: 7);
        _batch = ScheduleFaker.WithMoney(ProfileFaker.Generate(_framework, BatchSize, seed: 42), seed: 11);
        Advisor.Advise(_framework, _one, _schedule);
    }

    [Benchmark]
    public AdviceAnswer AdviseOneProfile() => Advisor.Advise(_framework, _one, _schedule);

    [Benchmark]
    public int AdviseBatchOf100000InParallel()
    {
        var recommendations = 0;
        Parallel.For(0, _batch.Count, () => 0,
            (i, _, sum) => sum + Advisor.Advise(_framework, _batch[i], _schedule).Recommendations.Count,
            sum => Interlocked.Add(ref recommendations, sum));
        return recommendations;
    }

    /// <summary>
    /// <c>bench/run</c>'s figure: the 100,000 profiles advised in parallel, beside its practical limit on this
    /// machine, the same work on one core divided by the cores (perfect scaling). Medians of five runs each.
    /// </summary>
    public static IReadOnlyList<Finding> Measure()
    {
        var bench = new AdvisorBenchmarks();
        bench.Setup();
        for (var i = 0; i < 2; i++)
            bench.AdviseBatchOf100000InParallel();
        var serial = Median(() =>
        {
            foreach (var profile in bench._batch)
                Advisor.Advise(bench._framework, profile, bench._schedule);
        });
        var parallel = Median(() => bench.AdviseBatchOf100000InParallel());
        var limit = serial / Environment.ProcessorCount;
        var one = Median(() => bench.AdviseOneProfile(), repeat: 10_000) * 1000 / 10_000;
        Console.WriteLine($"Advisor: {BatchSize:N0} profiles in parallel {parallel:N0} ms, on one core {serial:N0} ms ({Environment.ProcessorCount} cores); one profile {one:0.0} µs.");
        return
        [
            new($"advisor, {BatchSize:N0} profiles in parallel", Finding.Ms(parallel), Finding.Ms(limit) + $" one core ÷ {Environment.ProcessorCount}",
                Finding.Times(parallel / limit), "< 1,000 ms", parallel < 1_000),
            new("advisor, one profile", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{one:0.0} µs"), "", "", "< 50 µs", one < 50),
        ];
    }

    private static double Median(Action work, int repeat = 1)
    {
        var times = new double[5];
        for (var run = 0; run < times.Length; run++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < repeat; i++)
                work();
            times[run] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        return times[times.Length / 2];
    }
}
