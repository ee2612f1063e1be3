using System.Net;
using System.Net.Http.Json;
using PmoPath.Accounts;
using PmoPath.Testing;
using PmoPath.Testing.People;
using Xunit.Abstractions;
using static PmoPath.Testing.TestDates;

namespace PmoPath.Web.Tests.Performance;

/// <summary>
/// The signed-in pages' database round trips (docs/adr/0040): how many SQL commands one view of a warm app costs, and
/// that none is sent twice. They hold whatever the machine's load, so a page that starts loading per person, or
/// reading the same rows twice, fails here before a benchmark notices. The sign-in cookie's stamp check is one of them.
/// </summary>
public abstract class RoundTripBudgetTests(PeopleWorld world, ITestOutputHelper output)
{
    /// <summary>The budgets: the most commands each page may send (ADR 40 says what each is spent on).</summary>
    public const int MyDevelopment = 11, TeamPage = 7, PersonPage = 13, CoursePage = 3;

    [Fact]
    public async Task My_development_answers_within_its_budget_and_reads_nothing_twice()
    {
        var (_, members) = await TeamAsync(1);
        using var me = await world.SignInAsync(members[0].Key);
        var commands = await WarmCommandsAsync(me, "/me/development");
        Assert.InRange(commands.Count, 1, MyDevelopment);
        AssertNothingTwice(commands);
    }

    [Fact]
    public async Task The_team_page_sends_as_many_commands_for_eight_people_as_for_two()
    {
        var (manager, members) = await TeamAsync(2);
        using var boss = await world.SignInAsync(manager.Key);
        var two = await WarmCommandsAsync(boss, "/team");
        Assert.Contains(members[1].Key, await boss.GetStringAsync("/team"), StringComparison.Ordinal);

        for (var i = 2; i < 8; i++)
            members.Add(await PersonWithRecordAsync($"{members[0].Key}-{i}", members[0].Organisation, manager.Key, Team(manager)));
        var eight = await WarmCommandsAsync(boss, "/team");
        Assert.Contains(members[7].Key, await boss.GetStringAsync("/team"), StringComparison.Ordinal);

        Assert.Equal(two.Count, eight.Count);
        Assert.InRange(eight.Count, 1, TeamPage);
        AssertNothingTwice(eight);
    }

    [Fact]
    public async Task A_person_s_page_seen_by_their_manager_answers_within_its_budget_and_reads_nothing_twice()
    {
        var (manager, members) = await TeamAsync(1);
        using var boss = await world.SignInAsync(manager.Key);
        var commands = await WarmCommandsAsync(boss, $"/people/{members[0].PersonId}");
        Assert.InRange(commands.Count, 1, PersonPage);
        AssertNothingTwice(commands);
    }

    [Fact]
    public async Task The_course_page_answers_within_its_budget()
    {
        using var anonymous = world.Browser();
        var commands = await WarmCommandsAsync(anonymous, "/courses/aipmo-ipmo-expert");
        Assert.InRange(commands.Count, 1, CoursePage);
        AssertNothingTwice(commands);
    }

    /// <summary>The commands of the second view: the first fills the process's caches (the framework, the schedule), as the first visitor does.</summary>
    private async Task<IReadOnlyList<string>> WarmCommandsAsync(HttpClient client, string url)
    {
        await world.App.RoundTrips.OfGetAsync(client, url);
        var commands = await world.App.RoundTrips.OfGetAsync(client, url);
        output.WriteLine($"{url}: {commands.Count} commands");
        foreach (var command in commands)
            output.WriteLine("  " + command.ReplaceLineEndings(" "));
        return commands;
    }

    private static void AssertNothingTwice(IReadOnlyList<string> commands)
    {
        var twice = commands.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"Sent more than once: {string.Join(" | ", twice)}");
    }

    /// <summary>A new manager and a team of <paramref name="size"/> people with records, certificates, ratings and a plan item each.</summary>
    private async Task<(Member Manager, List<Member> Members)> TeamAsync(int size)
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        var manager = await world.AddAsync("rt-m-" + id, "Acme", PmoRole.PmoManager, name: "Rita Manager " + id);
        var members = new List<Member>();
        for (var i = 0; i < size; i++)
            members.Add(await PersonWithRecordAsync($"rt-{id}-{i}", "Acme", manager.Key, Team(manager)));
        return (manager, members);
    }

    private static string Team(Member manager) => "Team " + manager.Key;

    private async Task<Member> PersonWithRecordAsync(string key, string organisation, string managerKey, string team)
    {
        // The key is the display name too, so the team page shows it.
        var member = await world.AddAsync(key, organisation, PmoRole.Practitioner, team, managerKey, key);
        using var api = world.Api(member.Key);
        using var saved = await api.PatchAsJsonAsync($"/api/people/{member.PersonId}/record", new
        {
            level = 2, targetLevel = 3, pmoType = "portfolio-office", yearsInPmo = 4,
            certificates = new object[]
            {
                new { code = "aipmo-ipmo-foundation", achievedOn = Day(TestClock.Today.AddYears(-5)) },
                new { code = "axelos-p3o-foundation", achievedOn = Day(TestClock.Today.AddYears(-3).AddDays(40)) },
            },
            competencies = new Dictionary<string, int?> { ["benefits-management"] = 1, ["agile-ways-of-working"] = 3 },
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        using var planned = await api.PostAsJsonAsync($"/api/people/{member.PersonId}/plan",
            new { courseCode = "pmo-coaching", targetDate = Day(TestClock.Today.AddMonths(3)), status = "planned" });
        Assert.True(planned.IsSuccessStatusCode, await planned.Content.ReadAsStringAsync());
        return member;
    }
}

public sealed class RoundTripBudgetOnSqliteTests(SqlitePeopleWorld world, ITestOutputHelper output) : RoundTripBudgetTests(world, output), IClassFixture<SqlitePeopleWorld>;

public sealed class RoundTripBudgetOnPostgresTests(PostgresPeopleWorld world, ITestOutputHelper output) : RoundTripBudgetTests(world, output), IClassFixture<PostgresPeopleWorld>;
