using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Demo;
using PmoPath.Framework;
using PmoPath.Insight;
using PmoPath.People;
using PmoPath.Sessions;
using PmoPath.Staff;
using PmoPath.Testing;
using PmoPath.Testing.Sessions;

namespace PmoPath.Web.Tests.Insight;

/// <summary>
/// The organisation view's kept figures (docs/adr/0027): after any sequence of writes and a refresh they equal a
/// computation from scratch, and two instances over one database never compute one organisation at once.
/// </summary>
public abstract class OrganisationSnapshotTests(TestDatabase database) : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly List<IServiceScope> _scopes = [];
    private TestApp _app = null!;
    private Guid _organisation;
    private Guid _session;

    public async Task InitializeAsync()
    {
        // The background refresher is slowed to an hour: the tests refresh when they choose.
        _app = await TestApp.StartAsync(database, "--OrganisationView:PollInterval=01:00:00", "--OrganisationView:RefreshInterval=00:00:00");
        using var scope = _app.Services.CreateScope();
        _organisation = (await scope.ServiceProvider.GetRequiredService<DemoOrganisation>().CreateAsync(new DemoOptions(60, "Kept"))).OrganisationId;
        // Two seats, so bookings also waitlist and a cancellation promotes.
        _session = await SessionKit.InsertAsync(_app, "harbour-lane-training", "agile-pmo", SessionKit.Today.AddDays(30), seats: 2);
    }

    public async Task DisposeAsync()
    {
        foreach (var scope in _scopes)
            scope.Dispose();
        await _app.DisposeAsync();
    }

    private OrganisationSnapshots Snapshots => _app.Services.GetRequiredService<OrganisationSnapshots>();

    [Fact]
    public async Task After_random_writes_and_a_refresh_the_kept_figures_equal_a_computation_from_scratch()
    {
        await Snapshots.GetAsync(_organisation, Caller.System);
        var random = new Random(27);
        for (var round = 0; round < 10; round++)
        {
            for (var write = 0; write < 5; write++)
                await WriteAsync(random);
            await Snapshots.RefreshDueAsync();
            var kept = await Snapshots.GetAsync(_organisation, Caller.System);
            var scratch = await Snapshots.ComputeAsync(_organisation);
            Assert.Equal(JsonSerializer.Serialize(scratch, Json), JsonSerializer.Serialize(kept.View, Json));
        }
    }

    [Fact]
    public async Task Two_instances_refreshing_one_database_never_compute_one_organisation_at_once()
    {
        await using var other = await TestApp.StartBesideAsync(_app, "--OrganisationView:PollInterval=01:00:00", "--OrganisationView:RefreshInterval=00:00:00");
        var second = other.Services.GetRequiredService<OrganisationSnapshots>();
        await Snapshots.GetAsync(_organisation, Caller.System);
        var refreshes = new List<SnapshotRefresh>();
        var random = new Random(2027);
        for (var round = 0; round < 8; round++)
        {
            await WriteAsync(random);
            var both = await Task.WhenAll(Snapshots.RefreshDueAsync(), second.RefreshDueAsync());
            Assert.Single(both.SelectMany(r => r));
            refreshes.AddRange(both.SelectMany(r => r));
        }
        var ordered = refreshes.OrderBy(r => r.Started).ToList();
        for (var i = 1; i < ordered.Count; i++)
            Assert.True(ordered[i].Started >= ordered[i - 1].Finished, "two computations of one organisation overlapped");
        Assert.Equal(8, refreshes.Count);
    }

    [Fact]
    public async Task A_synchronous_save_of_a_write_the_view_counts_is_refused_and_writes_nothing()
    {
        await using var db = await SessionKit.SystemAsync(_app);
        var before = await db.People.CountAsync(p => p.OrganisationId == _organisation);
        db.People.Add(new Person { OrganisationId = _organisation, DisplayName = "Sync Joiner", Level = 2, CreatedAtUtc = _app.Clock.GetUtcNow().UtcDateTime });

        var refused = Assert.Throws<InvalidOperationException>(() => db.SaveChanges());

        Assert.Contains("SaveChangesAsync", refused.Message, StringComparison.Ordinal);
        await using var fresh = await SessionKit.SystemAsync(_app);
        Assert.Equal(before, await fresh.People.CountAsync(p => p.OrganisationId == _organisation));
    }

    /// <summary>
    /// One random write of a kind the view counts: through a context as the app's services write (people, level
    /// history, certificates and their CPD points, ratings, plan items, the budget), or through the services that
    /// write around the change tracker (a booking and a cancellation with its waitlist promotion, an erasure, a
    /// staff import). A service that refuses the write (a prerequisite, a full waitlist) falls back to a budget change,
    /// so every call writes.
    /// </summary>
    private async Task WriteAsync(Random random)
    {
        await using var db = await SessionKit.SystemAsync(_app);
        var people = await db.People.Where(p => p.OrganisationId == _organisation && p.ErasedAtUtc == null).Select(p => p.Id).ToListAsync();
        var person = people[random.Next(people.Count)];
        var now = _app.Clock.GetUtcNow().UtcDateTime;
        var kind = random.Next(10);
        try
        {
            switch (kind)
            {
                case 0:
                    db.People.Add(new Person { OrganisationId = _organisation, DisplayName = $"Joiner {random.Next()}", Level = random.Next(1, 5), PmoType = "programme-office", CreatedAtUtc = now });
                    break;
                case 1:
                    var changed = await db.People.FirstAsync(p => p.Id == person);
                    var level = random.Next(1, 5);
                    db.RecordChanges.Add(new RecordChange { OrganisationId = _organisation, PersonId = person, AtUtc = now, Field = "level", OldValue = changed.Level?.ToString(CultureInfo.InvariantCulture), NewValue = level.ToString(CultureInfo.InvariantCulture) });
                    changed.Level = level;
                    break;
                case 2:
                    string[] codes = ["axelos-p3o-foundation", "aipmo-ipmo-foundation", "agile-pmo", "axelos-mop-foundation"];
                    db.Certificates.Add(new Certificate { OrganisationId = _organisation, PersonId = person, CourseCode = codes[random.Next(codes.Length)], AchievedOn = SessionKit.Today.AddDays(-random.Next(0, 1500)) });
                    break;
                case 3:
                    if (await db.Certificates.FirstOrDefaultAsync(c => c.OrganisationId == _organisation && c.PersonId == person) is { } certificate)
                        db.Certificates.Remove(certificate);
                    else if (await db.Ratings.FirstOrDefaultAsync(r => r.PersonId == person && r.CompetencyCode == "benefits-management") is { } rating)
                        rating.SelfRating = random.Next(0, 5);
                    else
                        db.Ratings.Add(new CompetencyRating { OrganisationId = _organisation, PersonId = person, CompetencyCode = "benefits-management", SelfRating = random.Next(0, 5) });
                    break;
                case 4:
                    if (await db.PlanItems.FirstOrDefaultAsync(i => i.OrganisationId == _organisation) is { } item)
                        item.Status = item.Status == PlanStatus.Planned ? PlanStatus.Done : PlanStatus.Planned;
                    else
                        await ChangeBudgetAsync(db, random);
                    break;
                case 5:
                    // CPD points live in the certificate's JSON column: only the owned entry changes.
                    var renewing = await db.Certificates.Where(c => c.OrganisationId == _organisation && c.CourseCode.StartsWith("axelos")).OrderBy(c => c.Id)
                        .Skip(random.Next(5)).FirstOrDefaultAsync();
                    if (renewing is { Cpd: [var first, ..] })
                        first.Points += random.Next(5, 40);
                    else if (renewing is not null)
                        renewing.Cpd.Add(new CpdYear { Year = SessionKit.Today.Year - 1, Points = random.Next(5, 40) });
                    else
                        await ChangeBudgetAsync(db, random);
                    break;
                case 6:
                    await Service<SessionBookings>(db).BookAsync(_session, new BookingInput { PersonId = person });
                    return;
                case 7:
                    if (await db.Bookings.Where(b => b.SessionId == _session && b.Status != BookingStatus.Cancelled).OrderBy(b => b.Sequence).Select(b => (Guid?)b.Id).FirstOrDefaultAsync() is { } booking)
                        await Service<SessionBookings>(db).CancelAsync(booking);
                    else
                        await ChangeBudgetAsync(db, random);
                    return;
                case 8:
                    if (random.Next(3) == 0)
                        await Service<PersonalData>(db).EraseAsync(person);
                    else
                        await ChangeBudgetAsync(db, random);
                    return;
                default:
                    var n = random.Next(1_000_000);
                    var csv = $"employee_id,email,name,team,manager_email,job_title,level,pmo_type,certificates\nK{n},k{n}@kept.example,Kept Joiner {n},Imported,,Analyst,{random.Next(1, 5)},,\n";
                    var result = await Service<StaffImport>(db).ImportAsync(_organisation, new MemoryStream(Encoding.UTF8.GetBytes(csv)), new StaffImportOptions());
                    Assert.True(result.Problems.Count == 0, string.Join("; ", result.Problems.Select(p => p.Message)));
                    return;
            }
            await db.SaveChangesAsync();
        }
        catch (Exception e) when (e is InvalidInputException or ConflictException)
        {
            db.ChangeTracker.Clear();
            await ChangeBudgetAsync(db, random);
        }
    }

    private async Task ChangeBudgetAsync(AppDbContext db, Random random)
    {
        var organisation = await db.Organisations.FirstAsync(o => o.Id == _organisation);
        organisation.TrainingBudget = random.Next(10, 500) * 1_000m;
        await db.SaveChangesAsync();
    }

    /// <summary>A Core service as the system, writing through <paramref name="db"/>.</summary>
    private T Service<T>(AppDbContext db) where T : class
    {
        var scope = _app.Services.CreateScope();
        _scopes.Add(scope);
        return ActivatorUtilities.CreateInstance<T>(scope.ServiceProvider, db, new PeopleAccess(db, Caller.System));
    }
}

public sealed class OrganisationSnapshotOnSqliteTests() : OrganisationSnapshotTests(TestDatabase.Sqlite);

public sealed class OrganisationSnapshotOnPostgresTests() : OrganisationSnapshotTests(TestDatabase.Postgres);
