using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.People;

namespace PmoPath.Sessions;

/// <summary>A person's private calendar feed: only the SHA-256 hash of its secret is kept (docs/adr/0028).</summary>
public sealed class CalendarFeed : IOrganisationOwned
{
    /// <summary>The person whose bookings the feed shows; one feed each, so a new one replaces the old.</summary>
    public Guid PersonId { get; set; }

    /// <summary>The person's organisation.</summary>
    public Guid OrganisationId { get; set; }

    /// <summary>Lower-case hex SHA-256 of the secret, as <see cref="ApiTokens.Hash"/> makes it.</summary>
    public string Hash { get; set; } = "";

    public DateTime CreatedAtUtc { get; set; }
}

/// <summary>A feed just made: the secret is shown this once and never stored.</summary>
/// <param name="Secret">32 random bytes, URL-safe base64 (43 characters); the last part of the feed's address.</param>
/// <param name="CreatedAtUtc">When it was made.</param>
public sealed record CalendarFeedCreated(string Secret, DateTime CreatedAtUtc);

/// <summary>
/// Private calendar feeds a calendar app subscribes to without signing in: the secret in the address is the only key,
/// so it has full entropy (256 bits) and only its hash is stored, like an API token's. The feed holds the person's
/// confirmed and waitlisted sessions through the same iCalendar writer as every other feed; a cancelled booking
/// leaves the feed.
/// </summary>
public sealed class CalendarFeeds(IDbContextFactory<AppDbContext> contexts, Caller caller, SessionSchedule schedule, TimeProvider clock, AuditLog audit)
{
    /// <summary>The longest secret looked up; anything longer is unknown without touching the database.</summary>
    private const int MaxSecretLength = 100;

    /// <summary>When the caller has a feed, when it was made; null when they have none.</summary>
    public async Task<DateTime?> CreatedAtAsync(CancellationToken ct = default)
    {
        var me = Me();
        await using var db = await SystemAsync(ct);
        return await db.CalendarFeeds.AsNoTracking().Where(f => f.PersonId == me).Select(f => (DateTime?)f.CreatedAtUtc).FirstOrDefaultAsync(ct);
    }

    /// <summary>Makes the caller a new feed secret, replacing (and so revoking) any earlier one.</summary>
    public async Task<CalendarFeedCreated> CreateAsync(CancellationToken ct = default)
    {
        var me = Me();
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await SystemAsync(ct);
        var organisation = await db.People.Where(p => p.Id == me).Select(p => p.OrganisationId).FirstAsync(ct);
        var feed = await db.CalendarFeeds.FirstOrDefaultAsync(f => f.PersonId == me, ct);
        if (feed is null)
            db.CalendarFeeds.Add(feed = new CalendarFeed { PersonId = me, OrganisationId = organisation });
        feed.Hash = ApiTokens.Hash(secret);
        feed.CreatedAtUtc = now;
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditActions.CalendarFeedCreated, caller, me, "calendar feed", caller.OrganisationId, ct);
        return new CalendarFeedCreated(secret, now);
    }

    /// <summary>Revokes the caller's feed; its address then answers as unknown. Returns false when there was none.</summary>
    public async Task<bool> RevokeAsync(CancellationToken ct = default)
    {
        var me = Me();
        await using var db = await SystemAsync(ct);
        if (await db.CalendarFeeds.Where(f => f.PersonId == me).ExecuteDeleteAsync(ct) == 0)
            return false;
        await audit.WriteAsync(AuditActions.CalendarFeedRevoked, caller, me, "calendar feed", caller.OrganisationId, ct);
        return true;
    }

    /// <summary>The feed whose secret this is, as iCalendar text; null for a secret that is unknown or revoked.</summary>
    public async Task<string?> FeedAsync(string secret, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > MaxSecretLength)
            return null;
        var hash = ApiTokens.Hash(secret);
        await using var db = await SystemAsync(ct);
        var personId = await db.CalendarFeeds.AsNoTracking().Where(f => f.Hash == hash).Select(f => (Guid?)f.PersonId).FirstOrDefaultAsync(ct);
        // An erased person's record stays (anonymised), so their feed must stop here rather than by cascade.
        if (personId is not { } id || await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) is not { ErasedAtUtc: null } person)
            return null;
        var booked = await db.Bookings.AsNoTracking()
            .Where(b => b.PersonId == id && (b.Status == BookingStatus.Confirmed || b.Status == BookingStatus.Waitlisted))
            .Include(b => b.Session).OrderBy(b => b.Session!.StartsOn).Take(500).ToListAsync(ct);
        var bookingOf = booked.ToDictionary(b => b.SessionId);
        return await schedule.CalendarAsync($"PmoPath: {person.DisplayName}'s courses", [.. booked.Select(b => b.Session!)], ct,
            s => $"booking-{bookingOf[s.Id].Id}@pmopath",
            (s, e) => bookingOf[s.Id].Status == BookingStatus.Waitlisted ? e with { Summary = "Waitlisted: " + e.Summary } : e);
    }

    private Guid Me() => caller.PersonId
        ?? throw new InvalidInputException("person", "Your account has no practitioner record, so it has no bookings to put in a calendar.");

    private async Task<AppDbContext> SystemAsync(CancellationToken ct) => (await contexts.CreateDbContextAsync(ct)).BindTo(Caller.System);
}
