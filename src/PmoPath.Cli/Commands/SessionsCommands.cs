using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Sessions;
using Spectre.Console;

namespace PmoPath.Cli.Commands;

/// <summary>
/// <c>pmopath sessions list [--course C] [--provider P] [--json]</c> and <c>pmopath sessions add FILE</c>: the
/// schedule as the operator sees it (every session, in-house ones too), and publishing for a provider from a
/// file, through the same validation as <c>POST /api/sessions</c>.
/// </summary>
public static class SessionsCommands
{
    private static readonly JsonSerializerOptions Input = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static Command Build(CliConsole console)
    {
        var course = new Option<string?>("--course") { Description = "Only sessions of this course code." };
        var provider = new Option<string?>("--provider") { Description = "Only sessions of this provider code." };
        var json = new Option<bool>("--json") { Description = "Print the API's JSON instead of a table." };
        var list = new Command("list", "List the upcoming sessions with their seats.") { course, provider, json };
        list.SetAction((parse, ct) => console.WithServicesAsync(async services =>
        {
            var sessions = await services.GetRequiredService<SessionSchedule>().ListAsync(new SessionQuery(parse.GetValue(course), parse.GetValue(provider)), ct);
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(sessions, CatalogCommands.Json));
                return PmoPathCli.Ok;
            }
            var table = new Table().AddColumns("Id", "Starts", "Ends", "Course", "Provider", "Delivery", "Seats", "Confirmed", "Waitlisted", "In-house");
            foreach (var s in sessions)
                table.AddRow(s.Id.ToString(), s.StartsOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), s.EndsOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    Markup.Escape(s.CourseCode), Markup.Escape(s.ProviderCode), s.Delivery.ToString().ToLowerInvariant(),
                    s.Seats.ToString(CultureInfo.InvariantCulture), s.Confirmed.ToString(CultureInfo.InvariantCulture), s.Waitlisted.ToString(CultureInfo.InvariantCulture), s.InHouse ? "yes" : "");
            var ansi = CatalogCommands.Ansi(console.Out);
            ansi.Profile.Width = 200;
            ansi.Write(table);
            return PmoPathCli.Ok;
        }, ct));

        var file = new Argument<string>("FILE") { Description = "A JSON file holding one session, as POST /api/sessions takes it, plus \"providerCode\"." };
        var add = new Command("add", "Publish a session for a provider from a JSON file.") { file };
        add.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            var input = JsonSerializer.Deserialize<SessionInput>(await File.ReadAllTextAsync(path, ct), Input);
            return await console.WithServicesAsync(async services =>
            {
                var session = await services.GetRequiredService<SessionSchedule>().CreateAsync(input ?? new SessionInput(), ct);
                await console.Out.WriteLineAsync($"Published session {session.Id}: {session.CourseTitle} by {session.ProviderName}, {session.StartsOn:yyyy-MM-dd} to {session.EndsOn:yyyy-MM-dd}, {session.Seats} seats.");
                return PmoPathCli.Ok;
            }, ct);
        });
        return new Command("sessions", "Course sessions on the schedule.") { list, add };
    }
}
