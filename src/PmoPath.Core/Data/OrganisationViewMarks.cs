using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using PmoPath.Catalog;
using PmoPath.Framework;
using PmoPath.People;
using PmoPath.Sessions;

namespace PmoPath.Data;

/// <summary>
/// Marks the organisation view's kept figures (Insight/OrganisationSnapshots, docs/adr/0027) as behind: one UPDATE
/// raising <c>Version</c>, in the writer's transaction. It lives beside the context every feature shares, so a
/// feature that writes what the view counts (people, staff import, bookings) marks it without depending on Insight.
/// </summary>
public static class OrganisationViewMarks
{
    /// <summary>
    /// Marks the organisations' figures as behind. <paramref name="all"/> marks every organisation (a change of the
    /// catalogue, the framework or the public schedule, which every view reads).
    /// </summary>
    public static Task<int> MarkBehindAsync(AppDbContext db, IReadOnlyCollection<Guid> organisations, bool all = false, CancellationToken ct = default)
    {
        if (!all && organisations.Count == 0)
            return Task.FromResult(0);
        var rows = all ? db.OrganisationSnapshots : db.OrganisationSnapshots.Where(s => organisations.Contains(s.OrganisationId));
        return rows.ExecuteUpdateAsync(s => s.SetProperty(x => x.Version, x => x.Version + 1), ct);
    }

    /// <summary>Marks the figures of the booking's organisation as behind (its spend counts confirmed bookings).</summary>
    public static Task<int> MarkBookingBehindAsync(AppDbContext db, Guid bookingId, CancellationToken ct = default) =>
        db.OrganisationSnapshots.Where(o => db.Bookings.IgnoreQueryFilters().Any(b => b.Id == bookingId && b.OrganisationId == o.OrganisationId))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Version, x => x.Version + 1), ct);

    /// <summary>
    /// What a context's pending changes make stale: the organisations whose people, certificates (with their CPD
    /// points), ratings, plan items, bookings, level history or budget change; every organisation when the
    /// catalogue, the framework or a session changes.
    /// </summary>
    public static (HashSet<Guid> Organisations, bool All) Touched(ChangeTracker changes)
    {
        var organisations = new HashSet<Guid>();
        var all = false;
        var cpd = false;
        foreach (var entry in changes.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
                continue;
            switch (entry.Entity)
            {
                case Person or Certificate or CompetencyRating or PlanItem or Booking or RecordChange:
                    organisations.Add(((IOrganisationOwned)entry.Entity).OrganisationId);
                    break;
                case CpdYear:
                    // Owned by a certificate, stored in its JSON column: the owner's entry may stay unchanged.
                    cpd = true;
                    break;
                case Organisation organisation:
                    organisations.Add(organisation.Id);
                    break;
                case CourseSession or Course or CertificationBody or CompetencyArea or CareerLevel or PmoType or FrameworkRevision:
                    all = true;
                    break;
            }
        }
        if (cpd)
            foreach (var certificate in changes.Entries<Certificate>())
                organisations.Add(certificate.Entity.OrganisationId);
        return (organisations, all);
    }
}
