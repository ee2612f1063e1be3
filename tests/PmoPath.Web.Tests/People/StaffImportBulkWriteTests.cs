using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Data.Postgres;
using PmoPath.Insight;
using PmoPath.People;
using PmoPath.Staff;
using PmoPath.Testing;
using PmoPath.Testing.Sessions;

namespace PmoPath.Web.Tests.People;

/// <summary>
/// How the staff import writes in bulk (docs/adr/0045): on PostgreSQL new rows go by binary COPY inside the import's
/// transaction, elsewhere by prepared INSERTs. Whatever the writer, the rows read back from scratch are the same as
/// the prepared INSERTs write, a file with a bad row in its middle or an import stopped half-way through writing
/// leaves nothing, and the organisation view's kept figures are marked behind and refresh to a computation from scratch.
/// </summary>
public abstract class StaffImportBulkWriteTests(TestDatabase database) : IAsyncLifetime
{
    private const string Header = "employee_id,email,name,team,manager_email,job_title,level,pmo_type,certificates";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly List<IServiceScope> _scopes = [];
    private TestApp _app = null!;

    public async Task InitializeAsync() =>
        // The background refresher is slowed to an hour: the tests refresh when they choose.
        _app = await TestApp.StartAsync(database, "--OrganisationView:PollInterval=01:00:00", "--OrganisationView:RefreshInterval=00:00:00");

    public async Task DisposeAsync()
    {
        foreach (var scope in _scopes)
            scope.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task The_provider_writer_leaves_exactly_the_rows_prepared_inserts_leave_on_first_import_and_on_changes()
    {
        var expected = database == TestDatabase.Sqlite ? typeof(BulkWriter) : typeof(PostgresBulkWriter);
        Assert.Equal(expected, _app.Services.GetRequiredService<BulkWriter>().GetType());
        var byProvider = await OrganisationAsync("By provider");
        var byInserts = await OrganisationAsync("By inserts");
        var first = Staff(1_500, changed: false);
        var second = Staff(1_800, changed: true);

        foreach (var file in new[] { first, second })
        {
            var a = await ImportAsync(byProvider, file, writer: null);
            var b = await ImportAsync(byInserts, file, new BulkWriter());
            Assert.Empty(a.Problems);
            Assert.Equal(JsonSerializer.Serialize(b.Summary, Json), JsonSerializer.Serialize(a.Summary, Json));
        }

        var rows = await ReadAsync(byProvider);
        Assert.Equal(await ReadAsync(byInserts), rows);
        // And they are the file's: every person, with the awkward values intact.
        await using var db = await SessionKit.SystemAsync(_app);
        Assert.Equal(1_800, await db.People.CountAsync(p => p.OrganisationId == byProvider));
        var zoe = await db.People.AsNoTracking().SingleAsync(p => p.OrganisationId == byProvider && p.EmployeeId == "E0000007");
        Assert.Equal(("Zoë \"Quote\" O'Brien, 7", "PMO analyst", (int?)4, "programme-office", DateTimeKind.Utc),
            (zoe.DisplayName, zoe.JobTitle, zoe.Level, zoe.PmoType, zoe.CreatedAtUtc.Kind));
        Assert.True(await db.RecordChanges.CountAsync(c => c.OrganisationId == byProvider) > 300);
        Assert.True(await db.Certificates.CountAsync(c => c.OrganisationId == byProvider) > 500);
    }

    [Fact]
    public async Task A_bad_row_in_the_middle_of_a_large_file_is_named_by_its_line_and_nothing_is_saved()
    {
        var organisation = await OrganisationAsync("Bad middle");
        var lines = Staff(3_000, changed: false).Split('\n');
        // Line 1 is the header, so the person at index 1500 is on line 1501.
        var cells = lines[1500].Split(',');
        cells[6] = "9";
        lines[1500] = string.Join(',', cells);

        var result = await ImportAsync(organisation, string.Join('\n', lines), writer: null);

        var problem = Assert.Single(result.Problems);
        Assert.Equal((1501, "level"), (problem.Line, problem.Column));
        await AssertNothingSavedAsync(organisation);
    }

    [Fact]
    public async Task An_import_stopped_half_way_through_writing_leaves_nothing_and_the_same_file_then_imports_whole()
    {
        var organisation = await OrganisationAsync("Stopped");
        await Snapshots.GetAsync(organisation, Caller.System);
        var version = await VersionAsync(organisation);
        var file = Staff(3_000, changed: false);
        using var stop = new CancellationTokenSource();
        var written = 0L;
        var progress = new Reporter(p =>
        {
            // Teams are written first (250 of them), then people: stop among the people.
            if (p.Stage == "writing" && (written = p.Done) >= 1_000)
                stop.Cancel();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ImportAsync(organisation, file, writer: null, progress, stop.Token));

        Assert.InRange(written, 1_000, 2_000);
        await AssertNothingSavedAsync(organisation);
        Assert.Equal(version, await VersionAsync(organisation));
        var again = await ImportAsync(organisation, file, writer: null);
        Assert.Equal((3_000, 250), (again.Summary!.Created, again.Summary.TeamsCreated));
    }

    [Fact]
    public async Task After_an_import_the_kept_figures_are_marked_behind_and_refresh_to_a_computation_from_scratch()
    {
        var organisation = await OrganisationAsync("Kept figures");
        var before = await Snapshots.GetAsync(organisation, Caller.System);
        Assert.Equal(0, before.View.People);
        var version = await VersionAsync(organisation);

        var result = await ImportAsync(organisation, Staff(1_200, changed: false), writer: null);

        Assert.Equal(1_200, result.Summary!.Created);
        Assert.True(await VersionAsync(organisation) > version, "the import marked the kept figures behind");
        Assert.Contains(await Snapshots.RefreshDueAsync(), r => r.OrganisationId == organisation);
        var kept = await Snapshots.GetAsync(organisation, Caller.System);
        var scratch = await Snapshots.ComputeAsync(organisation);
        Assert.Equal(JsonSerializer.Serialize(scratch, Json), JsonSerializer.Serialize(kept.View, Json));
        Assert.Equal(1_200, kept.View.People);
        Assert.Contains(kept.View.CertificateCoverage, c => c.People > 0);
    }

    private OrganisationSnapshots Snapshots => _app.Services.GetRequiredService<OrganisationSnapshots>();

    private async Task<Guid> OrganisationAsync(string name)
    {
        using var scope = _app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<AccountAdmin>().AddOrganisationAsync(name)).Id;
    }

    private async Task<long> VersionAsync(Guid organisation)
    {
        await using var db = await SessionKit.SystemAsync(_app);
        return await db.OrganisationSnapshots.Where(s => s.OrganisationId == organisation).Select(s => s.Version).SingleAsync();
    }

    /// <summary>The import as the system, through the app's own writer or <paramref name="writer"/>.</summary>
    private async Task<StaffImportResult> ImportAsync(Guid organisation, string csv, BulkWriter? writer, IProgress<StaffImportProgress>? progress = null,
        CancellationToken ct = default)
    {
        var db = await SessionKit.SystemAsync(_app);
        var scope = _app.Services.CreateScope();
        _scopes.Add(scope);
        var import = writer is null
            ? ActivatorUtilities.CreateInstance<StaffImport>(scope.ServiceProvider, db, new PeopleAccess(db, Caller.System))
            : ActivatorUtilities.CreateInstance<StaffImport>(scope.ServiceProvider, db, new PeopleAccess(db, Caller.System), writer);
        await using (db)
            return await import.ImportAsync(organisation, new MemoryStream(Encoding.UTF8.GetBytes(csv)), new StaffImportOptions(), progress, ct);
    }

    private async Task AssertNothingSavedAsync(Guid organisation)
    {
        await using var db = await SessionKit.SystemAsync(_app);
        Assert.Equal((0, 0, 0, 0), (
            await db.People.CountAsync(p => p.OrganisationId == organisation),
            await db.Teams.CountAsync(t => t.OrganisationId == organisation),
            await db.Certificates.CountAsync(c => c.OrganisationId == organisation),
            await db.RecordChanges.CountAsync(c => c.OrganisationId == organisation)));
    }

    /// <summary>
    /// Everything the import wrote for the organisation, read from scratch and told by employee ids and names rather
    /// than the ids each import generated: people, teams and their managers, certificates, the record's history.
    /// </summary>
    private async Task<string> ReadAsync(Guid organisation)
    {
        await using var db = await SessionKit.SystemAsync(_app);
        var people = await db.People.AsNoTracking().Where(p => p.OrganisationId == organisation).ToListAsync();
        var teams = await db.Teams.AsNoTracking().Where(t => t.OrganisationId == organisation).ToListAsync();
        var certificates = await db.Certificates.AsNoTracking().Where(c => c.OrganisationId == organisation).ToListAsync();
        var changes = await db.RecordChanges.AsNoTracking().Where(c => c.OrganisationId == organisation).ToListAsync();
        var who = people.ToDictionary(p => p.Id, p => p.EmployeeId ?? "?");
        var team = teams.ToDictionary(t => t.Id, t => t.Name);
        return string.Join('\n',
            JsonSerializer.Serialize(people.OrderBy(p => p.EmployeeId, StringComparer.Ordinal).Select(p => new
            {
                p.EmployeeId, p.WorkEmail, p.DisplayName, p.JobTitle, Team = p.TeamId is { } t ? team[t] : null, p.Level, p.PmoType,
                p.CreatedAtUtc, Kind = p.CreatedAtUtc.Kind.ToString(), p.ErasedAtUtc, p.Avenue, p.TargetLevel, p.YearsInPmo,
            }), Json),
            JsonSerializer.Serialize(teams.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => new { t.Name, Manager = t.ManagerId is { } m ? who[m] : null }), Json),
            JsonSerializer.Serialize(certificates.Select(c => new { Person = who[c.PersonId], c.CourseCode, c.AchievedOn, c.CertificateNumber, Cpd = c.Cpd.Count, c.RemindedForRenewBy })
                .OrderBy(c => c.Person, StringComparer.Ordinal).ThenBy(c => c.CourseCode, StringComparer.Ordinal), Json),
            JsonSerializer.Serialize(changes.Select(c => new { Person = who[c.PersonId], c.Field, c.OldValue, c.NewValue, c.AtUtc, c.ChangedById })
                .OrderBy(c => c.Person, StringComparer.Ordinal).ThenBy(c => c.Field, StringComparer.Ordinal), Json));
    }

    /// <summary>
    /// An HR file of <paramref name="rows"/> people in teams of twelve led by their first member, with the values that
    /// trip writers up: quotes, commas, apostrophes and accents in names, empty levels and PMO types, one or two
    /// certificates. <paramref name="changed"/> is the same staff later: every fifth person with a new title, level and
    /// certificate, and new joiners after them.
    /// </summary>
    private static string Staff(int rows, bool changed)
    {
        var csv = new StringBuilder(Header).Append('\n');
        string[] codes = ["axelos-p3o-foundation", "aipmo-ipmo-foundation", "bcs-ppso-essentials"];
        for (var i = 0; i < rows; i++)
        {
            var lead = i / 12 * 12;
            var moved = changed && i % 5 == 0;
            var name = i % 7 == 0 ? $"\"Zoë \"\"Quote\"\" O'Brien, {i}\"" : $"Person {i}";
            var level = i % 9 == 0 ? "" : ((i % 4) + (moved ? 0 : 1)).ToString(CultureInfo.InvariantCulture).Replace("0", "4", StringComparison.Ordinal);
            var type = i % 6 == 0 ? "" : "programme-office";
            var held = new List<string>();
            if (i % 2 == 0)
                held.Add($"{codes[i % 3]}:2024-0{1 + i % 9}-1{i % 10}");
            if (moved)
                held.Add("aipmo-ipmo-practitioner:2026-06-01");
            csv.Append(CultureInfo.InvariantCulture, $"E{i:D7},p{i}@bulk.example,{name},Team {lead / 12},")
                .Append(i == lead ? "" : $"p{lead}@bulk.example").Append(',')
                .Append(moved ? "PMO lead" : "PMO analyst").Append(',').Append(level).Append(',').Append(type).Append(',')
                .Append(string.Join(';', held)).Append('\n');
        }
        return csv.ToString();
    }

    private sealed class Reporter(Action<StaffImportProgress> report) : IProgress<StaffImportProgress>
    {
        public void Report(StaffImportProgress value) => report(value);
    }
}

public sealed class StaffImportBulkWriteOnSqliteTests() : StaffImportBulkWriteTests(TestDatabase.Sqlite);

public sealed class StaffImportBulkWriteOnPostgresTests() : StaffImportBulkWriteTests(TestDatabase.Postgres);

public sealed class StaffImportBulkWriteThroughPgBouncerTests() : StaffImportBulkWriteTests(TestDatabase.PostgresThroughPgBouncer);
