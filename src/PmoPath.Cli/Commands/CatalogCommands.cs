using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Catalog;
using PmoPath.Framework;
using PmoPath.Web;
using PmoPath.Web.Api;
using Spectre.Console;

namespace PmoPath.Cli.Commands;

/// <summary><c>pmopath catalog list [--level N] [--kind K] [--body B] [--json]</c></summary>
public static class CatalogCommands
{
    internal static readonly JsonSerializerOptions Json = CreateJson();

    public static Command Build(CliConsole console)
    {
        var level = new Option<string?>("--level") { Description = "Only courses that serve this career level (1-4)." };
        var kind = new Option<string?>("--kind") { Description = "certification or specialist." };
        var body = new Option<string?>("--body") { Description = "Only courses of this certification body, e.g. axelos." };
        var json = new Option<bool>("--json") { Description = "Print the API's JSON instead of a table." };
        var list = new Command("list", "List the courses in the catalogue.") { level, kind, body, json };
        list.SetAction((parse, ct) => console.WithServicesAsync(async services =>
        {
            var framework = await services.GetRequiredService<FrameworkStore>().GetAsync(ct);
            var filter = CatalogFilter.Parse(parse.GetValue(level), parse.GetValue(kind), parse.GetValue(body), framework);
            if (filter.Error is { } error)
            {
                await console.Error.WriteLineAsync($"--{error.Field}: {error.Message}");
                return PmoPathCli.BadInput;
            }
            var courses = filter.Apply(framework.Courses).ToList();
            if (parse.GetValue(json))
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(courses.Select(c => CourseView.From(c, framework)), Json));
            else
                WriteTable(console.Out, courses, framework);
            return PmoPathCli.Ok;
        }, ct));
        return new Command("catalog", "The course catalogue.") { list };
    }

    internal static IAnsiConsole Ansi(TextWriter writer) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(writer),
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
    });

    private static void WriteTable(TextWriter writer, List<Course> courses, FrameworkSnapshot framework)
    {
        var table = new Table().AddColumns("Code", "Title", "Kind", "Body", "Levels", "Days");
        foreach (var c in courses)
            table.AddRow(
                Markup.Escape(c.Code), Markup.Escape(c.Title), c.Kind.ToString().ToLowerInvariant(),
                Markup.Escape(c.Body is null ? "-" : framework.BodyByCode[c.Body].ShortName),
                string.Join(",", c.Levels), c.DurationDays.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture));
        var console = Ansi(writer);
        console.Profile.Width = 160;
        console.Write(table);
        writer.WriteLine($"{courses.Count} course{(courses.Count == 1 ? "" : "s")}");
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
        PmoPathApp.ConfigureJson(options);
        return options;
    }
}
