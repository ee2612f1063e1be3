using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Exchange;
using PmoPath.Exchange.Case;
using PmoPath.Framework;

namespace PmoPath.Cli.Commands;

/// <summary>
/// <c>pmopath framework export FILE</c>, <c>import FILE</c> and <c>reset</c>: the framework and catalogue as one file,
/// in PmoPath's own JSON form or (<c>--format case</c>) as a CASE 1.1 package of the competency framework.
/// </summary>
public static class FrameworkCommands
{
    public static Command Build(CliConsole console)
    {
        var exportFile = new Argument<string>("FILE") { Description = "Where to write the framework file; - for standard output." };
        var exportFormat = FormatOption();
        var baseUrl = new Option<string>("--base-url")
        {
            Description = "With --format case: the web app's address, under which the package's uri fields point.",
            DefaultValueFactory = _ => "http://localhost:5080",
        };
        baseUrl.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
                result.AddError($"--base-url: '{value}' is not an absolute http or https address.");
        });
        var export = new Command("export", "Write the whole framework and catalogue to a JSON file, or the competency framework as a CASE 1.1 package.")
            { exportFile, exportFormat, baseUrl };
        export.SetAction((parse, ct) => console.WithServicesAsync(async services =>
        {
            var document = await services.GetRequiredService<FrameworkStore>().ExportAsync(ct);
            var text = parse.GetValue(exportFormat) == Case ? CaseExport.Write(document, parse.GetValue(baseUrl)!) : FrameworkJson.Write(document);
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
        var importFormat = FormatOption();
        var import = new Command("import", "Replace the framework and catalogue with a file, or the competency framework with a CASE 1.1 package; " +
            "a file with any problem changes nothing.") { importFile, importFormat };
        import.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(importFile)!;
            if (!File.Exists(file))
            {
                await console.Error.WriteLineAsync($"FILE: there is no file '{file}'.");
                return PmoPathCli.BadInput;
            }
            if (parse.GetValue(importFormat) == Case)
            {
                // A huge file is refused before it is read.
                if (new FileInfo(file).Length > CaseImport.MaxBytes)
                {
                    await console.Error.WriteLineAsync($"FILE: '{file}' is {new FileInfo(file).Length:N0} bytes; a CASE package may have at most {CaseImport.MaxBytes:N0}.");
                    await console.Error.WriteLineAsync("Nothing was changed.");
                    return PmoPathCli.BadInput;
                }
                return await ImportCaseAsync(console, await File.ReadAllTextAsync(file, ct), file, ct);
            }
            return await ImportAsync(console, await File.ReadAllTextAsync(file, ct), file, ct);
        });

        var reset = new Command("reset", "Replace the framework and catalogue with the default that ships with PmoPath.");
        reset.SetAction((_, ct) => ImportAsync(console, FrameworkJson.ReadDefaultText(), "default framework", ct));

        return new Command("framework", "The career framework and catalogue as data.") { export, import, reset };
    }

    private const string Case = "case";

    private static Option<string> FormatOption()
    {
        var format = new Option<string>("--format")
        {
            Description = "json (the whole framework and catalogue, PmoPath's own form) or case (the competency framework as a CASE 1.1 CFPackage).",
            DefaultValueFactory = _ => "json",
        };
        format.AcceptOnlyFromAmong("json", Case);
        return format;
    }

    private static async Task<int> ImportCaseAsync(CliConsole console, string text, string source, CancellationToken ct)
    {
        return await console.WithServicesAsync(async services =>
        {
            var store = services.GetRequiredService<FrameworkStore>();
            var revision = await store.ImportCaseAsync(text, source, Environment.UserName, ct);
            var framework = await store.ExportAsync(ct);
            await console.Out.WriteLineAsync($"Imported the CASE package {source}: {framework.Competencies.Count} competency areas; " +
                $"{framework.Courses.Count(c => c.Competencies.Count > 0)} of {revision.CourseCount} courses develop them (revision {revision.Id}).");
            return PmoPathCli.Ok;
        }, ct);
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
