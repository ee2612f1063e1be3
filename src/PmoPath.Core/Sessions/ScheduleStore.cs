using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Data;

namespace PmoPath.Sessions;

/// <summary>
/// The public schedule loaded once and kept like the framework snapshot: re-checked every few seconds with one
/// aggregate query (count, newest session, the sum of the seat versions every booking and cancellation bumps),
/// and reloaded only when that changes, so advice never costs a database round trip per profile. A write in
/// this process calls <see cref="Invalidate"/> so its own next answer already sees it (docs/adr/0015).
/// </summary>
public sealed class ScheduleStore(IDbContextFactory<AppDbContext> contexts, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(5);

    /// <summary>Sessions that ended this long ago are not loaded: advice is for today and later.</summary>
    public const int PastDaysKept = 31;

    private readonly Rechecked<ScheduleSnapshot> _snapshot = new(clock, RecheckInterval);

    public Task<ScheduleSnapshot> GetAsync(CancellationToken ct = default) => _snapshot.GetAsync(async (held, ct) =>
    {
        await using var db = (await contexts.CreateDbContextAsync(ct)).BindTo(Caller.System);
        var from = clock.Today().AddDays(-PastDaysKept);
        var fingerprint = await FingerprintAsync(db, from, ct);
        return held is not null && held.Fingerprint == fingerprint ? held : await LoadAsync(db, from, fingerprint, ct);
    }, ct);

    /// <summary>Forces the next <see cref="GetAsync"/> to check the database: a session or a seat changed here.</summary>
    public void Invalidate() => _snapshot.Recheck();

    private static IQueryable<CourseSession> Public(AppDbContext db, DateOnly from) =>
        db.Sessions.AsNoTracking().Where(s => s.OrganisationId == null && s.EndsOn >= from);

    private static async Task<long> FingerprintAsync(AppDbContext db, DateOnly from, CancellationToken ct)
    {
        var sums = await Public(db, from).GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Versions = g.Sum(s => s.Version), Confirmed = g.Sum(s => s.Confirmed), Seats = g.Sum(s => s.Seats) })
            .FirstOrDefaultAsync(ct);
        if (sums is null)
            return 0;
        // Any new, removed or re-seated session or any booking changes one of these; mixed so they do not cancel out.
        return (long)(uint)HashCode.Combine(sums.Count, sums.Versions, sums.Confirmed, sums.Seats, from) | (1L << 40);
    }

    private static async Task<ScheduleSnapshot> LoadAsync(AppDbContext db, DateOnly from, long fingerprint, CancellationToken ct)
    {
        var names = await db.Providers.AsNoTracking().ToDictionaryAsync(p => p.Code, p => p.Name, ct);
        var rows = await Public(db, from)
            .Select(s => new { s.Id, s.CourseCode, s.StartsOn, s.BookingDeadline, s.ProviderCode, s.Price, s.Currency, s.Seats, s.Confirmed, s.Delivery })
            .ToListAsync(ct);
        return new ScheduleSnapshot(rows.Select(s => new ScheduledSession(
            s.Id, s.CourseCode, s.StartsOn, s.BookingDeadline, names.GetValueOrDefault(s.ProviderCode, s.ProviderCode),
            s.Price, s.Currency, Math.Max(0, s.Seats - s.Confirmed), s.Delivery)), fingerprint);
    }

    public void Dispose() => _snapshot.Dispose();
}
