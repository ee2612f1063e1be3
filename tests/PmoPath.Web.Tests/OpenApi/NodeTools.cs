using System.ComponentModel;
using System.Diagnostics;

namespace PmoPath.Web.Tests.OpenApi;

/// <summary>
/// Runs the independent checkers from npm (Redocly CLI, ajv) that <c>.ci/run</c> installs into tests/tools with
/// <c>npm ci</c>. A missing Node.js or tool fails the test with what to do: these checks are never skipped.
/// </summary>
internal static class NodeTools
{
    /// <summary>The repository's root: the folder above the test's output that holds tests/tools/package.json.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static string ModulesDirectory => Path.Combine(RepositoryRoot, "tests", "tools", "node_modules");

    /// <summary>A file of an installed npm package, such as <c>@redocly/cli/bin/cli.js</c>.</summary>
    public static string Module(string relativePath)
    {
        var path = Path.Combine(ModulesDirectory, relativePath);
        if (!File.Exists(path))
            throw new InvalidOperationException($"{path} is missing: run `npm ci` in tests/tools (bash .ci/run does) to install the pinned checkers.");
        return path;
    }

    /// <summary>A script of this test project's own, read from the source tree.</summary>
    public static string Script(string name) => Path.Combine(RepositoryRoot, "tests", "PmoPath.Web.Tests", "OpenApi", name);

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // Offline and quiet: no usage reports, no update check.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["NO_COLOR"] = "1";

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("Node.js (`node`) is not on the PATH; the OpenAPI checks need it (Debian: apt-get install nodejs npm).", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output, await error);
        }
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "tests", "tools", "package.json")))
                return folder.FullName;
        }
        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds tests/tools/package.json.");
    }
}
