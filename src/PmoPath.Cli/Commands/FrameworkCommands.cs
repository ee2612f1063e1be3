using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Exchange;
using PmoPath.Framework;

namespace PmoPath.Cli.Commands;

/// <summary><c>pmopath framework export FILE</c>, <c>import FILE</c> and <c>reset</c>: the framework and catalogue as one file.</summary>
public static class FrameworkCommands
{
    public static Command Build(CliConsole console)
    {
        var exportFile = new Argument<string>("FILE") { Description = "Where to write the framework file; - for standard output." };
        var export = new Command("export", "Write the whole framework and catalogue to a JSON file.") { exportFile };
        export.SetAction((parse, ct) => console.WithServicesAsync(async services =>
        {
            var text = FrameworkJson.Write(await services.GetRequiredService<FrameworkStore>().ExportAsync(ct));
            var file = parse.GetValue(exportFile)!;
            if (file == "-")
                await console.Out.WriteAsync(text);
            else
            {
                await File.WriteAllTextAsync(file, text, ct);
                await console.Out.WriteLineAsync($"Exported the framework to {file}.");
            }
            return PmoPathCli.Ok;
        }, ct));

        var importFile = new Argument<string>("FILE") { Description = "A framework file, as written by export." };
        var import = new Command("import", "Replace the framework and catalogue with a file; a file with any problem changes nothing.") { importFile };
        import.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(importFile)!;
            if (!File.Exists(file))
            {
                await console.Error.WriteLineAsync($"FILE: there is no file '{file}'.");
                return PmoPathCli.BadInput;
            }
            return await ImportAsync(console, await File.ReadAllTextAsync(file, ct), file, ct);
        });

        var reset = new Command("reset", "Replace the framework and catalogue with the default that ships with PmoPath.");
        reset.SetAction((_, ct) => ImportAsync(console, FrameworkJson.ReadDefaultText(), "default framework", ct));

        return new Command("framework", "The career framework and catalogue as data.") { export, import, reset };
    }

    private static async Task<int> ImportAsync(CliConsole console, string text, string source, CancellationToken ct)
    {
        var document = FrameworkJson.Read(text);
        return await console.WithServicesAsync(async services =>
        {
            var revision = await services.GetRequiredService<FrameworkStore>().ImportAsync(document, source, Environment.UserName, ct);
            await console.Out.WriteLineAsync($"Imported {document.Levels.Count} levels and {revision.CourseCount} courses from {source} (revision {revision.Id}).");
            return PmoPathCli.Ok;
        }, ct);
    }
}
