using System.CommandLine;
using System.Text;
using System.Text.Json;
using PmoPath.Data.Sqlite;
using PmoPath.Exchange;
using PmoPath.Web.Hosting;

namespace PmoPath.Cli;

/// <summary>
/// The one place a command's failure becomes words on standard error and an exit code (docs/adr/0037): a mistake
/// in what the operator gave — a field, a code, a file — exits with <see cref="PmoPathCli.BadInput"/>, naming it;
/// a fault exits with <see cref="PmoPathCli.Failed"/>.
/// </summary>
internal static class CliFailures
{
    public static async Task<int> ReportAsync(Exception failure, ParseResult parsed, TextWriter error)
    {
        switch (failure)
        {
            case InvalidInputException invalid:
                foreach (var (field, messages) in invalid.Errors)
                    foreach (var message in messages)
                        await error.WriteLineAsync($"{Spell(field, parsed)}: {message}");
                return PmoPathCli.BadInput;
            case FrameworkImportException refused:
                await error.WriteLineAsync(refused.Message);
                await error.WriteLineAsync("Nothing was changed.");
                return PmoPathCli.BadInput;
            case JsonException json:
                await error.WriteLineAsync($"The file is not valid JSON: {json.Message}");
                return PmoPathCli.BadInput;
            case FileNotFoundException or DirectoryNotFoundException:
                await error.WriteLineAsync(failure.Message);
                return PmoPathCli.BadInput;
            case NotFoundException or ConflictException:
                await error.WriteLineAsync(failure.Message);
                return PmoPathCli.BadInput;
            case SqliteMaintenanceException maintenance:
                await error.WriteLineAsync(maintenance.Message);
                return maintenance.BadInput ? PmoPathCli.BadInput : PmoPathCli.Failed;
            case KeyRingUnprotectedException unprotected:
                await error.WriteLineAsync(unprotected.Message);
                await error.WriteLineAsync("Nothing was changed.");
                return PmoPathCli.Failed;
            case PendingMigrationsException:
                // The host has logged why: one critical line naming the migrations and 'pmopath db migrate'.
                return PmoPathCli.Failed;
            case OperationCanceledException:
                await error.WriteLineAsync("Stopped before the command finished.");
                return PmoPathCli.Failed;
            default:
                await error.WriteLineAsync($"pmopath {parsed.CommandResult.Command.Name} failed: {failure}");
                return PmoPathCli.Failed;
        }
    }

    /// <summary>A field the command takes as an option is spelled as the option (<c>pmoType</c> as <c>--pmo-type</c>).</summary>
    private static string Spell(string field, ParseResult parsed)
    {
        var option = "--" + Kebab(field);
        return parsed.CommandResult.Command.Options.Any(o => o.Name == option) ? option : field;
    }

    private static string Kebab(string field)
    {
        var kebab = new StringBuilder(field.Length + 4);
        foreach (var c in field)
        {
            if (char.IsUpper(c))
                kebab.Append('-').Append(char.ToLowerInvariant(c));
            else
                kebab.Append(c);
        }
        return kebab.ToString();
    }
}
