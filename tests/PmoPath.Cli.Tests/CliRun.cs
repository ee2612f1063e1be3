using PmoPath.Cli;

namespace PmoPath.Cli.Tests;

/// <summary>What one run of <c>pmopath</c> printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error);

public static class CliRun
{
    /// <summary>Runs the CLI in-process against the given settings (a fresh data folder unless told otherwise).</summary>
    public static async Task<CliResult> RunAsync(IEnumerable<string> settings, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await PmoPathCli.RunAsync([.. args, .. settings], output, error);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}
