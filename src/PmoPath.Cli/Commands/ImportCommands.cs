using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Staff;
using Spectre.Console;

namespace PmoPath.Cli.Commands;

/// <summary>
/// <c>pmopath import staff FILE --org ORG [--remove-missing] [--dry-run]</c>: an organisation's staff from its HR
/// system's CSV file, through the same <see cref="StaffImport"/> as the upload page. The summary goes to standard
/// output as <c>key: value</c> lines; a refused file lists its problems (<c>line 7, level: …</c>) on standard
/// error and exits 2. A progress bar is drawn on standard error when that is a terminal.
/// </summary>
public static class ImportCommands
{
    public static Command Build(CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "The staff CSV file (columns: see the README's \"Staff import\")." };
        var org = new Option<string>("--org") { Description = "The organisation's name.", Required = true };
        var removeMissing = new Option<bool>("--remove-missing") { Description = "Erase the people of the organisation whose employee id is not in the file (counts in reports are kept)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check the file and report what would change; change nothing." };
        var invite = new Option<bool>("--invite") { Description = "After the import, invite everyone of the organisation who has no account yet (mailed to their work email)." };
        var staff = new Command("staff", "Import an organisation's staff from a CSV file; a file with any problem imports nothing.") { file, org, removeMissing, dryRun, invite };
        staff.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                await console.Error.WriteLineAsync($"FILE: there is no file '{path}'.");
                return PmoPathCli.BadInput;
            }
            return await console.WithServicesAsync(async services =>
            {
                var import = services.GetRequiredService<StaffImport>();
                var organisation = parse.GetValue(org)!;
                var organisationId = await import.FindOrganisationAsync(organisation, ct);
                var options = new StaffImportOptions(parse.GetValue(removeMissing), parse.GetValue(dryRun));
                await using var stream = File.OpenRead(path);
                var result = await WithProgressAsync(console, progress => import.ImportAsync(organisationId, stream, options, progress, ct));
                if (result.Summary is not { } summary)
                {
                    foreach (var problem in result.Problems)
                        await console.Error.WriteLineAsync(problem.ToString());
                    if (result.ProblemCount > result.Problems.Count)
                        await console.Error.WriteLineAsync($"… and {result.ProblemCount - result.Problems.Count} more.");
                    await console.Error.WriteLineAsync($"Nothing was imported: the file has {result.ProblemCount} problem{(result.ProblemCount == 1 ? "" : "s")}.");
                    return PmoPathCli.BadInput;
                }
                await WriteSummaryAsync(console.Out, organisation, summary);
                if (parse.GetValue(invite) && !summary.DryRun)
                {
                    var batch = await services.GetRequiredService<Accounts.Invitations>()
                        .InviteManyAsync(new Accounts.InvitationRequest { WithoutAccount = true }, organisationId, ct);
                    await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"invited: {batch.Sent}"));
                    await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"not invited: {batch.Skipped}"));
                    foreach (var skipped in batch.People.Where(p => !p.Sent))
                        await console.Out.WriteLineAsync($"not invited: {skipped.Name}: {skipped.Reason}");
                    await AccountCommands.WriteMailDestinationAsync(console, services);
                }
                else if (parse.GetValue(invite))
                    await console.Out.WriteLineAsync("Dry run: nobody was invited.");
                return PmoPathCli.Ok;
            }, ct, needsKeyRing: parse.GetValue(invite) && !parse.GetValue(dryRun));
        });
        return new Command("import", "Bring data in from other systems.") { staff };
    }

    private static async Task WriteSummaryAsync(TextWriter output, string organisation, StaffImportSummary s)
    {
        await output.WriteLineAsync(s.DryRun
            ? $"Checked the staff file for {organisation} ({s.Rows} rows); dry run, nothing was changed. It would make these changes:"
            : $"Imported the staff file into {organisation} ({s.Rows} rows).");
        foreach (var (key, value) in new (string, int)[]
        {
            ("created", s.Created), ("updated", s.Updated), ("unchanged", s.Unchanged), ("missing", s.Missing), ("removed", s.Removed),
            ("teams created", s.TeamsCreated), ("teams updated", s.TeamsUpdated), ("certificates added", s.CertificatesAdded),
        })
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{key}: {value}"));
        if (s.IgnoredColumns.Count > 0)
            await output.WriteLineAsync($"columns not read: {string.Join(", ", s.IgnoredColumns)}");
        foreach (var m in s.MissingPeople)
            await output.WriteLineAsync($"missing person: {m.EmployeeId} {m.Name}");
        if (s.Missing > 0 && s.Removed == 0)
            await output.WriteLineAsync("People missing from the file were kept; --remove-missing erases them.");
    }

    /// <summary>Runs the import with a progress bar on standard error when it is a terminal; otherwise quietly, so output stays parseable.</summary>
    private static async Task<StaffImportResult> WithProgressAsync(CliConsole console, Func<IProgress<StaffImportProgress>?, Task<StaffImportResult>> work)
    {
        if (!ReferenceEquals(console.Error, Console.Error) || Console.IsErrorRedirected)
            return await work(null);
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await terminal.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var stages = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var result = await work(new Reporter(p =>
                {
                    if (!stages.TryGetValue(p.Stage, out var task))
                    {
                        foreach (var earlier in stages.Values.Where(t => !t.IsFinished))
                        {
                            earlier.Value = earlier.MaxValue;
                            earlier.StopTask();
                        }
                        stages[p.Stage] = task = context.AddTask(p.Stage);
                    }
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                }));
                foreach (var task in stages.Values.Where(t => !t.IsFinished))
                {
                    task.Value = task.MaxValue;
                    task.StopTask();
                }
                return result;
            });
    }

    /// <summary>Reports at once, on the importing thread (<see cref="Progress{T}"/> would post to the thread pool and fall behind).</summary>
    private sealed class Reporter(Action<StaffImportProgress> report) : IProgress<StaffImportProgress>
    {
        public void Report(StaffImportProgress value) => report(value);
    }
}
