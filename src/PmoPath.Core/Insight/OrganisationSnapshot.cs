using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Framework;

namespace PmoPath.Insight;

/// <summary>
/// One organisation's organisation-view figures, kept ahead of the request (docs/adr/0027). Every write that changes
/// the figures adds one to <see cref="Version"/> in its own transaction; <see cref="OrganisationSnapshots"/> recomputes
/// a row whose <see cref="ComputedVersion"/> is behind, in the background, under a lease (<see cref="LeaseToken"/>
/// until <see cref="LeaseUntilUtc"/>) so that two instances never compute one organisation at once.
/// </summary>
public sealed class OrganisationSnapshot
{
    public Guid OrganisationId { get; set; }
    /// <summary>The <see cref="OrganisationInsightView"/> as JSON.</summary>
    public string Figures { get; set; } = "";
    /// <summary>The day the figures are for (quarters and renewals count from it).</summary>
    public DateOnly Day { get; set; }
    public DateTime ComputedAtUtc { get; set; }
    /// <summary>Raised by every write that changes the figures.</summary>
    public long Version { get; set; }
    /// <summary>The <see cref="Version"/> read before the figures were computed: they include every write up to it.</summary>
    public long ComputedVersion { get; set; }
    public Guid? LeaseToken { get; set; }
    public DateTime? LeaseUntilUtc { get; set; }
}

/// <summary>Configuration section <c>OrganisationView</c>.</summary>
public sealed class OrganisationViewOptions
{
    public const string Section = "OrganisationView";

    /// <summary>At most one recomputation of an organisation's figures in this time (so figures are this old at most, plus the computation).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often each instance looks for organisations whose figures are behind.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a claim on an organisation lasts: another instance takes it over after this if the first died.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>The view's figures, and when they were computed.</summary>
public sealed record KeptOrganisationView(OrganisationInsightView View, DateTime ComputedAtUtc);

/// <summary>
/// One background computation of an organisation's figures: which, the version it includes, and when it started and
/// finished as <see cref="System.Diagnostics.Stopwatch"/> timestamps (elapsed time, whatever the app's clock says).
/// </summary>
public sealed record SnapshotRefresh(Guid OrganisationId, long Version, long Started, long Finished);

/// <summary>
/// Reads and keeps the per-organisation snapshots of the organisation view. A request reads one small row; the first
/// view of an organisation (or the first of a day) computes inline and stores it. <see cref="RefreshDueAsync"/> (run
/// by every web instance in the background) recomputes the organisations whose figures are behind, at most once per
/// <see cref="OrganisationViewOptions.RefreshInterval"/> each, claiming each row with a conditional UPDATE as the mail
/// outbox does, so two instances never compute one organisation at once.
/// </summary>
public sealed class OrganisationSnapshots(IDbContextFactory<AppDbContext> contexts, FrameworkStore store, TimeProvider clock,
    IOptions<OrganisationViewOptions> options, PmoPathMetrics metrics, SharedOrganisationViews shared)
{
    private const int BatchSize = 8;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The organisation's kept figures; computed here when there are none for today.</summary>
    public async Task<KeptOrganisationView> GetAsync(Guid organisationId, Caller caller, CancellationToken ct = default)
    {
        var today = clock.Today();
        await using (var db = await SystemAsync(ct))
        {
            var kept = await db.OrganisationSnapshots.AsNoTracking().Where(s => s.OrganisationId == organisationId && s.Day == today)
                .Select(s => new { s.Figures, s.ComputedAtUtc }).FirstOrDefaultAsync(ct);
            if (kept is not null)
                return new KeptOrganisationView(JsonSerializer.Deserialize<OrganisationInsightView>(kept.Figures, Json)!, kept.ComputedAtUtc);
        }
        var computedAt = clock.GetUtcNow().UtcDateTime;
        var view = await shared.GetAsync(organisationId, caller, ct);
        await StoreFirstAsync(organisationId, view, computedAt, ct);
        return new KeptOrganisationView(view, computedAt);
    }

    /// <summary>
    /// Stores figures computed inline. A write made while they were computed may be missing from them, and found
    /// no row to mark, so the row is stored as behind by one: the background recomputes it once.
    /// </summary>
    private async Task StoreFirstAsync(Guid organisationId, OrganisationInsightView view, DateTime computedAt, CancellationToken ct)
    {
        var figures = JsonSerializer.Serialize(view, Json);
        await using var db = await SystemAsync(ct);
        var updated = await db.OrganisationSnapshots.Where(s => s.OrganisationId == organisationId && s.Day < view.AsOf)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Figures, figures).SetProperty(x => x.Day, view.AsOf)
                .SetProperty(x => x.ComputedAtUtc, computedAt).SetProperty(x => x.Version, x => x.Version + 1), ct);
        if (updated > 0 || await db.OrganisationSnapshots.AnyAsync(s => s.OrganisationId == organisationId, ct))
            return;
        db.OrganisationSnapshots.Add(new OrganisationSnapshot
        {
            OrganisationId = organisationId, Figures = figures, Day = view.AsOf, ComputedAtUtc = computedAt, Version = 1, ComputedVersion = 0,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another request or instance stored this organisation's first figures at the same moment: theirs stand.
        }
    }

    /// <summary>
    /// Recomputes every organisation whose figures are behind and were last computed at least
    /// <see cref="OrganisationViewOptions.RefreshInterval"/> ago, one at a time, each under a claim; returns what it computed.
    /// </summary>
    public async Task<IReadOnlyList<SnapshotRefresh>> RefreshDueAsync(CancellationToken ct = default)
    {
        var done = new List<SnapshotRefresh>();
        List<Guid> due;
        await using (var db = await SystemAsync(ct))
            due = await Due(db, clock.GetUtcNow().UtcDateTime).OrderBy(s => s.ComputedAtUtc).Take(BatchSize).Select(s => s.OrganisationId).ToListAsync(ct);
        foreach (var organisationId in due)
            if (await RefreshAsync(organisationId, ct) is { } refresh)
                done.Add(refresh);
        return done;
    }

    private IQueryable<OrganisationSnapshot> Due(AppDbContext db, DateTime now)
    {
        var before = now - options.Value.RefreshInterval;
        return db.OrganisationSnapshots.Where(s => s.Version != s.ComputedVersion && s.ComputedAtUtc <= before
            && (s.LeaseUntilUtc == null || s.LeaseUntilUtc < now));
    }

    /// <summary>Claims the organisation's row (null when it is not due or another instance holds it), computes, stores, releases.</summary>
    private async Task<SnapshotRefresh?> RefreshAsync(Guid organisationId, CancellationToken ct)
    {
        await using var db = await SystemAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var token = Guid.CreateVersion7();
        var until = now + options.Value.Lease;
        // The conditions stand in the UPDATE itself: a second instance that chose the same row finds it claimed when
        // its UPDATE re-reads it (PostgreSQL re-checks the WHERE clause of a row another transaction changed; SQLite
        // has one writer), and skips it.
        if (await Due(db, now).Where(s => s.OrganisationId == organisationId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeaseToken, token).SetProperty(x => x.LeaseUntilUtc, until), ct) != 1)
            return null;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            // Read after the claim and before the computation: every write committed since raises the version above it.
            var version = await db.OrganisationSnapshots.Where(s => s.OrganisationId == organisationId).Select(s => s.Version).FirstAsync(ct);
            var view = await ComputeAsync(organisationId, ct);
            var figures = JsonSerializer.Serialize(view, Json);
            await db.OrganisationSnapshots.Where(s => s.OrganisationId == organisationId && s.LeaseToken == token)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Figures, figures).SetProperty(x => x.Day, view.AsOf)
                    .SetProperty(x => x.ComputedAtUtc, now).SetProperty(x => x.ComputedVersion, version)
                    .SetProperty(x => x.LeaseToken, (Guid?)null).SetProperty(x => x.LeaseUntilUtc, (DateTime?)null), ct);
            metrics.OrganisationViewComputed(System.Diagnostics.Stopwatch.GetElapsedTime(started), ok: true);
            return new SnapshotRefresh(organisationId, version, started, System.Diagnostics.Stopwatch.GetTimestamp());
        }
        catch
        {
            metrics.OrganisationViewComputed(System.Diagnostics.Stopwatch.GetElapsedTime(started), ok: false);
            await db.OrganisationSnapshots.Where(s => s.OrganisationId == organisationId && s.LeaseToken == token)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeaseToken, (Guid?)null).SetProperty(x => x.LeaseUntilUtc, (DateTime?)null), CancellationToken.None);
            throw;
        }
    }

    /// <summary>The organisation's figures from scratch, as the system.</summary>
    public async Task<OrganisationInsightView> ComputeAsync(Guid organisationId, CancellationToken ct = default)
    {
        await using var db = await SystemAsync(ct);
        return await new OrganisationInsight(db, Caller.System, store, clock).ForOrganisationAsync(organisationId, ct);
    }

    private async Task<AppDbContext> SystemAsync(CancellationToken ct) => (await contexts.CreateDbContextAsync(ct)).BindTo(Caller.System);
}
