using PmoPath.Cli;
using PmoPath.Testing;

namespace PmoPath.Cli.Tests;

/// <summary>What one run of <c>pmopath</c> printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error);

public static class CliRun
{
    /// <summary>
    /// Runs the CLI in-process against the given settings (a fresh data folder unless told otherwise), its clock
    /// standing at <see cref="TestClock.Start"/> like a test app's, in the Testing environment unless the settings
    /// give <c>--environment=</c>.
    /// </summary>
    public static Task<CliResult> RunAsync(IEnumerable<string> settings, params string[] args) =>
        RunAsync(TestClock.New(), settings, args);

    /// <summary>Runs the CLI on <paramref name="clock"/> (a test app's, when the test has moved it).</summary>
    public static async Task<CliResult> RunAsync(TimeProvider clock, IEnumerable<string> settings, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        // Like a test app, the CLI runs in the Testing environment unless the test names one (the key ring's rules differ).
        string[] given = [.. settings];
        string[] environment = given.Any(s => s.StartsWith("--environment=", StringComparison.Ordinal)) ? [] : ["--environment=Testing"];
        var code = await PmoPathCli.RunAsync([.. args, .. given, .. environment], output, error, clock);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}
