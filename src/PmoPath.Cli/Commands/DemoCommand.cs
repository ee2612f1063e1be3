using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Accounts;
using PmoPath.Demo;
using Spectre.Console;

namespace PmoPath.Cli.Commands;

/// <summary>
/// <c>pmopath demo --people N [--org NAME] [--seed S] [--password P]</c>: a realistic organisation to try PmoPath
/// on and to benchmark with (see <see cref="DemoOrganisation"/>). Prints what was made and the demo accounts with
/// their password, which is shown only this once; no mail is sent.
/// </summary>
public static class DemoCommand
{
    public static Command Build(CliConsole console)
    {
        var people = new Option<int>("--people") { Description = $"How many people ({DemoOrganisation.MinPeople:N0} to {DemoOrganisation.MaxPeople:N0}).", Required = true };
        var org = new Option<string>("--org") { Description = "The organisation's name; its accounts are hr@<name>.demo and so on.", DefaultValueFactory = _ => "Demo" };
        var seed = new Option<int>("--seed") { Description = "The random seed: the same seed and day make the same organisation.", DefaultValueFactory = _ => 6 };
        var password = new Option<string?>("--password") { Description = "The demo accounts' password (at least 12 characters); a random one by default." };
        var demo = new Command("demo", "Create a demo organisation: teams, managers, levels, certificates, ratings, plans, bookings and a budget.") { people, org, seed, password };
        demo.SetAction((parse, ct) => console.WithServicesAsync(async services =>
        {
            var total = parse.GetValue(people);
            var clock = Stopwatch.StartNew();
            var generator = services.GetRequiredService<DemoOrganisation>();
            var options = new DemoOptions(total, parse.GetValue(org)!, parse.GetValue(seed), parse.GetValue(password));
            var result = await generator.CreateAsync(options, new Progress(console.Error), ct);

            await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Created '{result.Organisation}' ({result.OrganisationId}) in {clock.Elapsed.TotalSeconds:0.0} s: {result.People:N0} people in {result.Teams:N0} teams, " +
                $"{result.Certificates:N0} certificates, {result.CompletedCourses:N0} completed courses, {result.Ratings:N0} ratings, {result.PlanItems:N0} plan items, " +
                $"{result.LevelChanges:N0} level changes, {result.ConfirmedBookings:N0} confirmed and {result.WaitlistedBookings:N0} waitlisted bookings; " +
                $"training budget {result.Budget:N0} {result.Currency}."));
            var table = new Table().AddColumns("Email", "Role", "Name", "Team or provider");
            foreach (var account in result.Accounts)
                table.AddRow(Markup.Escape(account.Email), PmoRoles.Name(account.Role), Markup.Escape(account.Name), Markup.Escape(account.Team ?? account.Provider ?? ""));
            var ansi = CatalogCommands.Ansi(console.Out);
            ansi.Profile.Width = 160;
            ansi.Write(table);
            await console.Out.WriteLineAsync($"Password for these accounts: {result.Password}");
            await console.Out.WriteLineAsync("Sign in at /account/sign-in; each role lands on its own page (HR on /organisation, the provider on /provider).");
            return PmoPathCli.Ok;
        }, ct));
        return demo;
    }

    /// <summary>Progress on standard error (standard output keeps the result): every tenth of the way, and each stage.</summary>
    private sealed class Progress(TextWriter error) : IProgress<DemoProgress>
    {
        private string _stage = "";
        private int _tenth = -1;

        public void Report(DemoProgress value)
        {
            var tenth = value.Total == 0 ? 10 : value.Done * 10 / value.Total;
            if (value.Stage == _stage && tenth == _tenth)
                return;
            _stage = value.Stage;
            _tenth = tenth;
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{value.Stage}: {value.Done:N0} of {value.Total:N0} people ({tenth * 10}%)"));
        }
    }

}
