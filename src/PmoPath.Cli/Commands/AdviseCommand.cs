using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Advice;
using PmoPath.Framework;
using PmoPath.Web.Api;
using Spectre.Console;

namespace PmoPath.Cli.Commands;

/// <summary>
/// <c>pmopath advise --profile FILE [--json]</c>: the advice <c>POST /api/advice</c> gives for the same profile,
/// as tables or as the API's exact JSON. An invalid profile prints each field and message and exits 2.
/// </summary>
public static class AdviseCommand
{
    public static Command Build(CliConsole console)
    {
        var profile = new Option<string>("--profile")
        {
            Description = "A JSON profile, as POST /api/advice takes it; - reads standard input.",
            Required = true,
        };
        var json = new Option<bool>("--json") { Description = "Print the API's JSON instead of tables." };
        var advise = new Command("advise", "Which course next, and why, and a roadmap year by year, for a profile.") { profile, json };
        advise.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(profile)!;
            string text;
            if (file == "-")
                text = await Console.In.ReadToEndAsync(ct);
            else if (File.Exists(file))
                text = await File.ReadAllTextAsync(file, ct);
            else
            {
                await console.Error.WriteLineAsync($"--profile: there is no file '{file}'.");
                return PmoPathCli.BadInput;
            }

            return await console.WithServicesAsync(async services =>
            {
                var framework = await services.GetRequiredService<FrameworkStore>().GetAsync(ct);
                var today = services.GetRequiredService<TimeProvider>().Today();
                var request = AdviceProfileReader.Read(text, framework, today);

                // The schedule of the database the command is pointed at: next sessions, prices and dates.
                var answer = Advisor.Advise(framework, request, await services.GetRequiredService<Sessions.ScheduleStore>().GetAsync(ct));
                if (parse.GetValue(json))
                    await console.Out.WriteLineAsync(JsonSerializer.Serialize(answer, AdviceApi.Json));
                else
                    WriteTables(console.Out, answer, framework);
                return PmoPathCli.Ok;
            }, ct);
        });
        return advise;
    }

    private static void WriteTables(TextWriter writer, AdviceAnswer answer, FrameworkSnapshot framework)
    {
        var ansi = CatalogCommands.Ansi(writer);
        ansi.Profile.Width = 160;
        writer.WriteLine($"Advice as of {AdviceProfileReader.Format(answer.AsOf)}: level {answer.Level}, aiming for level {answer.TargetLevel}.");

        var next = new Table { Title = new TableTitle("Take next") }.AddColumns("#", "Code", "Kind", "Eligible", "Due by", "Next sessions", "Reasons");
        var rank = 0;
        foreach (var r in answer.Recommendations)
            next.AddRow(
                (++rank).ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(r.Code),
                r.Kind.ToString().ToLowerInvariant(), r.Eligible ? "yes" : "no", AdviceProfileReader.Format(r.DueBy),
                Markup.Escape(r.NextSessions.Count == 0 ? r.CostReason ?? "-" : string.Join("\n", r.NextSessions.Select(s =>
                    $"{AdviceProfileReader.Format(s.StartsOn)} {s.Provider}, {Money.Format(s.Price, s.Currency)}, {s.SeatsLeft} left: /sessions/{s.Id}"))),
                Markup.Escape(string.Join("\n", r.Reasons.Select(x => "• " + x))));
        if (answer.Recommendations.Count == 0)
            next.AddRow("-", "nothing due now", "", "", "", "", "see the roadmap");
        ansi.Write(next);

        var roadmap = new Table { Title = new TableTitle("Roadmap") }.AddColumns("Year", "Level", "Courses", "Days", "Cost", "Notes");
        foreach (var year in answer.Roadmap)
            roadmap.AddRow(
                year.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), year.Level.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(year.Codes.Count == 0 ? "-" : string.Join("\n", year.Codes.Select(c => $"{c} ({framework.FindCourse(c)?.Title})"))),
                year.Days.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(year.Cost?.ToString() ?? "-"),
                Markup.Escape(string.Join("\n", year.Notes)));
        ansi.Write(roadmap);

        if (answer.Certificates.Count > 0)
        {
            var held = new Table { Title = new TableTitle("Your certificates") }.AddColumns("Code", "Achieved", "Renew by", "Status");
            foreach (var c in answer.Certificates)
                held.AddRow(Markup.Escape(c.Code), AdviceProfileReader.Format(c.AchievedOn), c.RenewBy is { } r ? AdviceProfileReader.Format(r) : "-", Markup.Escape(c.Summary));
            ansi.Write(held);
        }

        var notNow = new Table { Title = new TableTitle("Considered, and not now") }.AddColumns("Code", "Rule", "Reasons");
        foreach (var h in answer.NotNow)
            notNow.AddRow(Markup.Escape(h.Code), Markup.Escape(h.Rule), Markup.Escape(string.Join("\n", h.Reasons.Select(x => "• " + x))));
        ansi.Write(notNow);

        if (answer.TotalCost is { } total)
            writer.WriteLine($"Total cost of the roadmap at the next sessions' prices: {total}.");
        foreach (var note in answer.Notes)
            writer.WriteLine($"Note: {note}");
    }
}
