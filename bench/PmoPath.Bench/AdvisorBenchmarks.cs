using BenchmarkDotNet.Attributes;
using PmoPath.Advice;
using PmoPath.Core.Tests.Advice;
using PmoPath.Exchange;
using PmoPath.Framework;

namespace PmoPath.Bench;

/// <summary>
/// The advisor for one profile (the public career guide's case) and for 100,000 generated profiles in
/// parallel (an organisation-wide run). Goal: one profile well under a millisecond; 100,000 under a second
/// on two cores. Run: <c>dotnet run -c Release --project bench/PmoPath.Bench -- --filter '*Advis*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class AdvisorBenchmarks
{
    public const int BatchSize = 100_000;

    private FrameworkSnapshot _framework = null!;
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
        _batch = ProfileFaker.Generate(_framework, BatchSize, seed: 42);
        Advisor.Advise(_framework, _one);
    }

    [Benchmark]
    public AdviceAnswer AdviseOneProfile() => Advisor.Advise(_framework, _one);

    [Benchmark]
    public int AdviseBatchOf100000InParallel()
    {
        var recommendations = 0;
        Parallel.For(0, _batch.Count, () => 0,
            (i, _, sum) => sum + Advisor.Advise(_framework, _batch[i]).Recommendations.Count,
            sum => Interlocked.Add(ref recommendations, sum));
        return recommendations;
    }
}
