using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Framework;
using PmoPath.Jobs;
using PmoPath.Web.Api;
using Spectre.Console;

namespace PmoPath.Cli.Commands;

/// <summary>
/// <c>pmopath jobs list [--level N] [--pmo-type T] [--json]</c> and <c>pmopath jobs add FILE</c>. Posting
/// jobs from the web will be for organisation admins once accounts exist; until then, and for bulk
/// loading, the CLI posts them.
/// </summary>
public static class JobsCommands
{
    private static readonly JsonSerializerOptions Input = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static Command Build(CliConsole console)
    {
        var level = new Option<string?>("--level") { Description = "Only jobs at this career level (1-4)." };
        var pmoType = new Option<string?>("--pmo-type") { Description = "Only jobs in this kind of PMO, e.g. enterprise-pmo." };
        var json = new Option<bool>("--json") { Description = "Print the API's JSON instead of a table." };
        var list = new Command("list", "List the jobs open today.") { level, pmoType, json };
        list.SetAction((parse, ct) => console.WithServicesAsync(async services =>
        {
            var framework = await services.GetRequiredService<FrameworkStore>().GetAsync(ct);
            var filter = JobFilter.Parse(parse.GetValue(level), parse.GetValue(pmoType), framework);
            var jobs = await services.GetRequiredService<JobStore>().ListOpenAsync(filter, ct);
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(jobs.Select(JobView.From), CatalogCommands.Json));
                return PmoPathCli.Ok;
            }
            var table = new Table().AddColumns("Id", "Title", "Organisation", "Level", "PMO type", "Closes");
            foreach (var j in jobs)
                table.AddRow(j.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(j.Title), Markup.Escape(j.Organisation),
                    j.Level.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(j.PmoType), j.ClosesOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            var ansi = CatalogCommands.Ansi(console.Out);
            ansi.Profile.Width = 160;
            ansi.Write(table);
            return PmoPathCli.Ok;
        }, ct));

        var file = new Argument<string>("FILE") { Description = "A JSON file holding one job or an array of jobs (fields as in GET /api/jobs, without id)." };
        var add = new Command("add", "Post jobs from a JSON file; any invalid job means none is posted.") { file };
        add.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                await console.Error.WriteLineAsync($"FILE: there is no file '{path}'.");
                return PmoPathCli.BadInput;
            }
            var text = await File.ReadAllTextAsync(path, ct);
            List<JobInput> inputs = text.TrimStart().StartsWith('[')
                ? JsonSerializer.Deserialize<List<JobInput>>(text, Input) ?? []
                : [JsonSerializer.Deserialize<JobInput>(text, Input)!];
            return await console.WithServicesAsync(async services =>
            {
                var store = services.GetRequiredService<JobStore>();
                var framework = await services.GetRequiredService<FrameworkStore>().GetAsync(ct);
                // Validate every job before posting any, so a bad file posts nothing.
                var errors = new List<string>();
                for (var i = 0; i < inputs.Count; i++)
                {
                    try
                    {
                        JobStore.Validate(inputs[i], framework, store.Today);
                    }
                    catch (InvalidInputException invalid)
                    {
                        var prefix = inputs.Count > 1 ? $"[{i}]." : "";
                        errors.AddRange(invalid.Errors.SelectMany(e => e.Value.Select(m => $"{prefix}{e.Key}: {m}")));
                    }
                }
                if (errors.Count > 0)
                {
                    foreach (var error in errors)
                        await console.Error.WriteLineAsync(error);
                    await console.Error.WriteLineAsync("No job was posted.");
                    return PmoPathCli.BadInput;
                }
                foreach (var input in inputs)
                {
                    var job = await store.AddAsync(input, ct);
                    await console.Out.WriteLineAsync($"Posted job {job.Id}: {job.Title} at {job.Organisation}, open {job.OpensOn:yyyy-MM-dd} to {job.ClosesOn:yyyy-MM-dd}.");
                }
                return PmoPathCli.Ok;
            }, ct);
        });

        return new Command("jobs", "Open positions.") { list, add };
    }
}
