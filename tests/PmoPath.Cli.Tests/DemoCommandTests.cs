using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Data.Sqlite;
using PmoPath.Framework;
using PmoPath.Insight;
using PmoPath.Sessions;
using PmoPath.Testing;

namespace PmoPath.Cli.Tests;

/// <summary><c>pmopath demo</c> on a real SQLite file of its own.</summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pmopath-cli-").FullName;
    private string[] Settings => [$"--Database:DataFolder={_folder}"];

    private AppDbContext System() => new AppDbContext(((DbContextOptionsBuilder<AppDbContext>)new DbContextOptionsBuilder<AppDbContext>()
        .UseSqliteProvider($"Data Source={Path.Combine(_folder, "pmopath.db")}")).Options).BindTo(Caller.System);

    [Fact]
    public async Task Demo_builds_a_realistic_organisation_of_200_people_with_accounts_and_a_printed_password()
    {
        var result = await CliRun.RunAsync(Settings, "demo", "--people", "200", "--org", "Demo Co");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("200 people", result.Output, StringComparison.Ordinal);
        foreach (var email in new[] { "hr@demo-co.demo", "manager1@demo-co.demo", "manager3@demo-co.demo", "practitioner1@demo-co.demo", "practitioner3@demo-co.demo" })
            Assert.Contains(email, result.Output, StringComparison.Ordinal);
        var password = result.Output.Split('\n').Single(l => l.StartsWith("Password for these accounts: ", StringComparison.Ordinal))["Password for these accounts: ".Length..].Trim();
        Assert.True(password.Length >= 12, password);

        await using var db = System();
        var organisation = await db.Organisations.SingleAsync(o => o.Name == "Demo Co");
        Assert.NotNull(organisation.TrainingBudget);
        var people = await db.People.Where(p => p.OrganisationId == organisation.Id).ToListAsync();
        Assert.Equal(200, people.Count);
        // Levels skewed to 1 and 2; HR has none.
        Assert.True(people.Count(p => p.Level is 1 or 2) > people.Count(p => p.Level is 3 or 4), "most people work at levels 1 and 2");
        Assert.Single(people, p => p.Level is null);
        // Teams of 6 to 12, each with a manager in the team at level 3 or 4.
        var teams = await db.Teams.Where(t => t.OrganisationId == organisation.Id).ToListAsync();
        Assert.All(teams, t =>
        {
            var members = people.Where(p => p.TeamId == t.Id).ToList();
            Assert.InRange(members.Count, 6, 12);
            Assert.Contains(members, m => m.Id == t.ManagerId && m.Level >= 3);
        });
        Assert.True(await db.Certificates.AnyAsync(c => c.OrganisationId == organisation.Id && c.Cpd.Any()), "some keep certificates current with CPD");
        Assert.True(await db.Ratings.CountAsync(r => r.OrganisationId == organisation.Id && r.ManagerRating != null) > 0);
        Assert.True(await db.PlanItems.CountAsync(i => i.OrganisationId == organisation.Id) > 100);
        Assert.True(await db.RecordChanges.CountAsync(c => c.OrganisationId == organisation.Id && c.Field == "level") > 0);

        // Each account signs in as a person of the organisation, in the right role; the managers manage the first teams.
        var accounts = await db.Users.Where(u => u.OrganisationId == organisation.Id).ToListAsync();
        Assert.Equal(7, accounts.Count);
        Assert.Equal(PmoRole.OrgAdmin, accounts.Single(a => a.Email == "hr@demo-co.demo").Role);
        var manager = accounts.Single(a => a.Email == "manager1@demo-co.demo");
        var practitioner = accounts.Single(a => a.Email == "practitioner1@demo-co.demo");
        Assert.Equal(teams.Single(t => t.Id == people.Single(p => p.Id == practitioner.PersonId).TeamId).ManagerId, manager.PersonId);

        // The provider most of the bookings are with gets an admin account of its own, outside the organisation.
        var providerAdmin = await db.Users.SingleAsync(u => u.Email == "provider@demo-co.demo");
        Assert.Equal(PmoRole.ProviderAdmin, providerAdmin.Role);
        Assert.Null(providerAdmin.OrganisationId);
        Assert.Null(providerAdmin.PersonId);
        var busiest = await db.Bookings.Where(b => b.OrganisationId == organisation.Id).GroupBy(b => b.Session!.ProviderCode)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => g.Key).FirstAsync();
        Assert.Equal(busiest, providerAdmin.ProviderCode);
        Assert.Contains("provider@demo-co.demo", result.Output, StringComparison.Ordinal);

        // Bookings keep every session's seat counter equal to its confirmed bookings.
        var bookings = await db.Bookings.Where(b => b.OrganisationId == organisation.Id).ToListAsync();
        Assert.NotEmpty(bookings);
        foreach (var session in await db.Sessions.ToListAsync())
            Assert.Equal(session.Confirmed, await db.Bookings.CountAsync(b => b.SessionId == session.Id && b.Status == BookingStatus.Confirmed));
        Assert.All(bookings, b => Assert.True(db.PlanItems.Any(i => i.PersonId == b.PersonId && i.Status == PmoPath.People.PlanStatus.Booked)));

        // The organisation view reads it.
        var clock = TestClock.New();
        var store = new FrameworkStore(new Factory(this), clock);
        var view = await new OrganisationInsight(db, Caller.System, store, clock).ForOrganisationAsync(organisation.Id);
        Assert.Equal(200, view.People);
        Assert.Equal(bookings.Count(b => b.Status == BookingStatus.Confirmed), view.Spend.ConfirmedBookings);
    }

    [Fact]
    public async Task The_demo_tells_the_story_within_budget_with_seats_left_and_full_sessions_and_real_team_names()
    {
        var result = await CliRun.RunAsync(Settings, "demo", "--people", "200", "--org", "Story Co");
        Assert.True(result.ExitCode == 0, result.Error);
        await using var db = System();
        var organisation = await db.Organisations.SingleAsync(o => o.Name == "Story Co");

        // Within its budget, as the organisation view counts it, and using most of it.
        var clock = TestClock.New();
        var store = new FrameworkStore(new Factory(this), clock);
        var spend = (await new OrganisationInsight(db, Caller.System, store, clock).ForOrganisationAsync(organisation.Id)).Spend;
        Assert.True(spend.Remaining >= 0, $"planned {spend.Planned} + booked {spend.Booked} is over the budget {spend.Budget}");
        Assert.True(spend.Planned + spend.Booked >= spend.Budget * 0.5m, $"planned {spend.Planned} + booked {spend.Booked} leaves most of {spend.Budget} unused");
        Assert.True(spend.PlannedDays + spend.BookedDays <= spend.DaysBudget, $"{spend.PlannedDays + spend.BookedDays} days over {spend.DaysBudget}");

        // The public schedule has sessions with seats left as well as full ones, each with the organisation's bookings.
        var booked = await db.Sessions.Where(s => s.OrganisationId == null && db.Bookings.Any(b => b.SessionId == s.Id && b.OrganisationId == organisation.Id))
            .Select(s => new { s.Seats, s.Confirmed }).ToListAsync();
        Assert.Contains(booked, s => s.Confirmed == s.Seats);
        Assert.Contains(booked, s => s.Confirmed < s.Seats);

        // Team names as organisations name their PMOs: no numbered department, none twice.
        var teams = await db.Teams.Where(t => t.OrganisationId == organisation.Id).Select(t => t.Name).ToListAsync();
        Assert.Equal(teams.Count, teams.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(teams, t => Assert.Matches(@"(PMO|Office|Centre of Excellence)(\b|$)", t));
        Assert.All(teams, t => Assert.DoesNotMatch(@"PMO \d+$", t));

        // Nobody is booked on more than one certification course, and the first practitioner on nothing: their advice
        // has something to take next.
        var certifications = (await store.GetAsync()).Courses.Where(c => c.IsCertification).Select(c => c.Code).ToList();
        var places = await db.Bookings.Where(b => b.OrganisationId == organisation.Id && b.Status != BookingStatus.Cancelled && certifications.Contains(b.Session!.CourseCode))
            .Select(b => new { b.PersonId, b.Session!.StartsOn }).ToListAsync();
        Assert.NotEmpty(places);
        Assert.All(places.GroupBy(p => p.PersonId), g => Assert.Single(g));
        var first = (await db.Users.SingleAsync(u => u.Email == "practitioner1@story-co.demo")).PersonId;
        Assert.False(await db.Bookings.AnyAsync(b => b.PersonId == first));
    }

    [Fact]
    public async Task The_same_seed_makes_the_same_people_and_a_taken_name_or_bad_size_is_refused()
    {
        Assert.Equal(0, (await CliRun.RunAsync(Settings, "demo", "--people", "20", "--org", "One", "--seed", "7")).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync(Settings, "demo", "--people", "20", "--org", "Two", "--seed", "7")).ExitCode);
        var again = Directory.CreateTempSubdirectory("pmopath-cli-").FullName;
        try
        {
            Assert.Equal(0, (await CliRun.RunAsync([$"--Database:DataFolder={again}"], "demo", "--people", "20", "--org", "One", "--seed", "7")).ExitCode);
            await using var first = System();
            await using var second = new AppDbContext(((DbContextOptionsBuilder<AppDbContext>)new DbContextOptionsBuilder<AppDbContext>()
                .UseSqliteProvider($"Data Source={Path.Combine(again, "pmopath.db")}")).Options).BindTo(Caller.System);
            var names = (AppDbContext db) => db.People.Where(p => db.Organisations.Any(o => o.Id == p.OrganisationId && o.Name == "One"))
                .OrderBy(p => p.EmployeeId).Select(p => p.DisplayName + "|" + p.Level + "|" + p.PmoType).ToListAsync();
            var one = await names(first);
            Assert.Equal(one, await names(second));
            Assert.NotEqual(one, await first.People.Where(p => first.Organisations.Any(o => o.Id == p.OrganisationId && o.Name == "Two"))
                .OrderBy(p => p.EmployeeId).Select(p => p.DisplayName + "|" + p.Level + "|" + p.PmoType).ToListAsync());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(again, recursive: true);
        }

        var taken = await CliRun.RunAsync(Settings, "demo", "--people", "20", "--org", "One");
        Assert.Equal(2, taken.ExitCode);
        Assert.Contains("--org", taken.Error, StringComparison.Ordinal);
        Assert.Equal(2, (await CliRun.RunAsync(Settings, "demo", "--people", "3")).ExitCode);
        Assert.Equal(2, (await CliRun.RunAsync(Settings, "demo", "--people", "50", "--password", "short")).ExitCode);
    }

    private sealed class Factory(DemoCommandTests tests) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => tests.System();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
