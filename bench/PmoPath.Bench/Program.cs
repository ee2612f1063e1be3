using BenchmarkDotNet.Running;
using PmoPath.Bench;

// `dotnet run -c Release --project bench/PmoPath.Bench -- search` runs the search latency harness;
// anything else goes to BenchmarkDotNet.
if (args is ["search", ..])
    await SearchBenchmarks.RunAsync(args.Skip(1).ToArray());
else
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
