using System.CommandLine;
using PmoPath.Cli.Commands;

namespace PmoPath.Cli;

/// <summary>
/// The <c>pmopath</c> command. Exit codes: 0 success, 1 failure, 2 bad input (a usage error, an invalid
/// file or an unknown code), so scripts can tell a mistake from a fault.
/// </summary>
public static class PmoPathCli
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadInput = 2;

    /// <summary>Runs one command line; the tests call this in-process with their own writers and clock.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TimeProvider? clock = null, CancellationToken ct = default)
    {
        var (settings, rest) = CliHost.SplitSettings(args);
        var console = new CliConsole(output, error, settings, clock);
        var root = new RootCommand("PmoPath: the PMO career path, its catalogue and advice, from the command line.");
        foreach (var command in Build(console))
            root.Subcommands.Add(command);

        var parsed = root.Parse(rest);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
                await error.WriteLineAsync(problem.Message);
            await error.WriteLineAsync("Run 'pmopath --help' for usage.");
            return BadInput;
        }
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, ct);
        }
        catch (Exception failure)
        {
            return await CliFailures.ReportAsync(failure, parsed, error);
        }
    }

    private static IEnumerable<Command> Build(CliConsole console) =>
    [
        AdviseCommand.Build(console),
        CatalogCommands.Build(console),
        JobsCommands.Build(console),
        SessionsCommands.Build(console),
        FrameworkCommands.Build(console),
        ImportCommands.Build(console),
        AccountCommands.BuildOrgs(console),
        AccountCommands.BuildUsers(console),
        AccountCommands.BuildTokens(console),
        AccountCommands.BuildReminders(console),
        AccountCommands.BuildMail(console),
        DemoCommand.Build(console),
        ServeCommand.Build(console),
        BackupCommands.BuildBackup(console),
        BackupCommands.BuildRestore(console),
        DbCommands.Build(console),
        CredentialsCommands.Build(console),
    ];
}
