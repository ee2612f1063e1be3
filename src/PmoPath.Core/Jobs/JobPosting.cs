using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Framework;
using PmoPath.Search;

namespace PmoPath.Jobs;

/// <summary>
/// An organisation's admin (HR / L&amp;D) posts its open positions and closes them when filled. The job is
/// posted under the caller's organisation, taken from the signed-in identity, never from the request; only an
/// org-admin of that organisation closes it. Everyone reads jobs (<see cref="JobStore"/>), so a job of another
/// organisation is seen but not the caller's to close: 403, not 404.
/// </summary>
public sealed class JobPosting(IDbContextFactory<AppDbContext> contexts, JobStore store, FrameworkStore frameworks, Caller caller, AuditLog audit)
{
    /// <summary>Whether the caller posts jobs: an org-admin of an organisation.</summary>
    public bool CanPost => caller.Role == PmoRole.OrgAdmin && caller.OrganisationId is not null;

    /// <summary>Whether the caller may close the job: an org-admin of the organisation that posted it.</summary>
    public bool CanClose(Job job) => CanPost && job.OrganisationId == caller.OrganisationId;

    /// <summary>Validates and posts the job under the caller's organisation; every bad field is named and nothing is saved.</summary>
    public async Task<Job> PostAsync(JobInput input, CancellationToken ct = default)
    {
        if (!CanPost)
            throw new ForbiddenException("Only an organisation's admin posts jobs.");
        if (!string.IsNullOrWhiteSpace(input.Organisation))
            throw new InvalidInputException("organisation", "Leave this out: the job is posted under your organisation's name.");
        string name;
        await using (var db = await contexts.CreateDbContextAsync(ct))
            name = await db.Organisations.AsNoTracking().Where(o => o.Id == caller.OrganisationId).Select(o => o.Name).FirstAsync(ct);
        input.Organisation = name;
        var job = JobStore.Validate(input, await frameworks.GetAsync(ct), store.Today, mustBeOpen: true);
        job.OrganisationId = caller.OrganisationId;
        await store.InsertAsync(job, ct);
        await audit.WriteAsync(AuditActions.JobPosted, caller, null, $"job {job.Id} at level {job.Level}, closing {job.ClosesOn:yyyy-MM-dd}", ct: ct);
        return job;
    }

    /// <summary>Closes the job before its closing date (filled or withdrawn): it leaves the list and search at once.</summary>
    public async Task<Job> CloseAsync(int id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var job = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var found = await db.Jobs.FirstOrDefaultAsync(j => j.Id == id, ct) ?? throw new NotFoundException("job", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!CanClose(found))
                throw new ForbiddenException("Only an admin of the organisation that posted a job closes it.");
            if (found.Closed)
                throw new ConflictException("This job is already closed.");
            found.Closed = true;
            await SearchIndex.PutJobAsync(db, found, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return found;
        });
        await audit.WriteAsync(AuditActions.JobClosed, caller, null, $"job {job.Id}", ct: ct);
        return job;
    }
}
