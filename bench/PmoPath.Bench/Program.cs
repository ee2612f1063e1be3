using BenchmarkDotNet.Running;
using PmoPath.Bench;

// `-- run` is what bench/run calls: every figure beside its limit and one summary table.
// `dotnet run -c Release --project bench/PmoPath.Bench -- search [count] [runs] [share] [sqlite|postgres]` runs the
// search latency harness, `-- bookings` the booking throughput harness, `-- http [seconds] [people] [sqlite|postgres] [target]` the HTTP load harness (target: the start of a row's name, such as organisation, or several separated by commas), `-- import [rows]` the
// staff import against plain inserts (SQLite, then PostgreSQL), `-- advisor` the advisor's two figures alone, `-- orgview [people] [sqlite|postgres]` the organisation view's;
// anything else goes to BenchmarkDotNet.
if (args is ["run", ..])
    await BenchRun.RunAsync(args.Skip(1).ToArray());
else if (args is ["search", ..])
    await SearchBenchmarks.RunAsync(args.Skip(1).ToArray());
else if (args is ["bookings", ..])
    await BookingBenchmarks.RunAsync(args.Skip(1).ToArray());
else if (args is ["http", ..])
    await SiteBenchmarks.RunAsync(args.Skip(1).ToArray());
else if (args is ["import", ..])
    Finding.Print("Import goals", await ImportBenchmarks.RunAsync(args.Skip(1).ToArray()));
else if (args is ["advisor", ..])
    Finding.Print("Advisor goals", AdvisorBenchmarks.Measure());
else if (args is ["orgview", ..])
    Finding.Print("Organisation view goals", await OrgViewBenchmarks.RunAsync(args.Skip(1).ToArray()));
else
    BenchmarkSwitcher.FromAssembly(typeof(SearchBenchmarks).Assembly).Run(args);
