using System.Globalization;
using PmoPath.Testing;

namespace PmoPath.Bench;

/// <summary>
/// <c>-- run [people] [seconds]</c>, what <c>bench/run</c> calls: every figure of the performance issue in one run on
/// this machine, each beside its practical limit measured in the same run — the advisor, the staff import (SQLite, then
/// PostgreSQL by binary COPY), the
/// organisation view's data and bookings on one hot session, then the web app as its own process over a demo organisation of <c>people</c> (default
/// 100,000) on SQLite and, when a server is configured or can be started here, PostgreSQL — ending with one table.
/// </summary>
public static class BenchRun
{
    public static async Task RunAsync(string[] args)
    {
        var people = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        Console.WriteLine($"PmoPath benchmarks: {people:N0} people, {seconds:0.#} s an HTTP cell, {Environment.ProcessorCount} cores, load average {Finding.Load()}.");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var findings = new List<Finding>();
        findings.AddRange(AdvisorBenchmarks.Measure());
        findings.AddRange(await ImportBenchmarks.RunAsync([people.ToString(CultureInfo.InvariantCulture)]));
        findings.AddRange(await OrgViewBenchmarks.RunAsync([people.ToString(CultureInfo.InvariantCulture)]));
        findings.AddRange(await BookingBenchmarks.MeasureAsync());
        findings.AddRange(await SiteBenchmarks.RunOnAsync(TestDatabase.Sqlite, seconds, people));
        findings.AddRange(await SiteBenchmarks.RunOnPostgresIfAnyAsync(seconds, people));
        Finding.Print($"Summary ({started.Elapsed.TotalMinutes:0.0} minutes):", findings);
    }
}
