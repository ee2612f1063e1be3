using Microsoft.EntityFrameworkCore;
using PmoPath.Data;

namespace PmoPath.Accounts;

/// <summary>
/// Writes audit entries in a context of its own, so that an entry is kept whether or not the caller's
/// own work is saved (a failed sign-in saves nothing else), and so that an anonymous caller can be
/// audited without a tenant.
/// </summary>
public sealed class AuditLog(IDbContextFactory<AppDbContext> contexts, TimeProvider clock)
{
    public async Task WriteAsync(string action, Caller actor, Guid? subjectPersonId, string detail, Guid? organisationId = null, CancellationToken ct = default)
    {
        await using var db = (await contexts.CreateDbContextAsync(ct)).BindTo(Caller.System);
        db.AuditEntries.Add(Entry(action, actor, subjectPersonId, detail, organisationId));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>An entry to add to a transaction of the caller's own, when the event and its record must be saved together.</summary>
    public AuditEntry Entry(string action, Caller actor, Guid? subjectPersonId, string detail, Guid? organisationId = null) => new()
    {
        AtUtc = clock.GetUtcNow().UtcDateTime,
        Action = action,
        OrganisationId = organisationId ?? actor.OrganisationId,
        ActorUserId = actor.UserId,
        ActorPersonId = actor.PersonId,
        SubjectPersonId = subjectPersonId,
        Detail = detail.Length > 1000 ? detail[..1000] : detail,
    };

    /// <summary>The same, for an event of a known account (sign-in, role change) rather than a signed-in caller.</summary>
    public Task WriteForUserAsync(string action, AppUser user, string detail, Caller? actor = null, CancellationToken ct = default) =>
        WriteAsync(action, actor ?? new Caller(user.Id, user.OrganisationId, user.PersonId, user.Role), user.PersonId, detail, user.OrganisationId, ct);

    public async Task<List<AuditEntry>> ListAsync(Guid? organisationId, int take = 100, CancellationToken ct = default)
    {
        await using var db = (await contexts.CreateDbContextAsync(ct)).BindTo(Caller.System);
        return await db.AuditEntries.AsNoTracking()
            .Where(a => organisationId == null || a.OrganisationId == organisationId)
            .OrderByDescending(a => a.Id).Take(take).ToListAsync(ct);
    }
}
