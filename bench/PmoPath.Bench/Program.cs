using BenchmarkDotNet.Running;
using PmoPath.Bench;

// `dotnet run -c Release --project bench/PmoPath.Bench -- search [count] [runs] [share] [sqlite|postgres]` runs the
// search latency harness, `-- bookings` the booking throughput harness, `-- http` the HTTP load harness, `-- import [rows]` the
// staff import against plain inserts, `-- orgview [people] [sqlite|postgres]` the organisation view's;
// anything else goes to BenchmarkDotNet.
if (args is ["search", ..])
    await SearchBenchmarks.RunAsync(args.Skip(1).ToArray());
else if (args is ["bookings", ..])
    await BookingBenchmarks.RunAsync(args.Skip(1).ToArray());
else if (args is ["http", ..])
    await SiteBenchmarks.RunAsync(args.Skip(1).ToArray());
else if (args is ["import", ..])
    await ImportBenchmarks.RunAsync(args.Skip(1).ToArray());
else if (args is ["orgview", ..])
    await OrgViewBenchmarks.RunAsync(args.Skip(1).ToArray());
else
    BenchmarkSwitcher.FromAssembly(typeof(SearchBenchmarks).Assembly).Run(args);
