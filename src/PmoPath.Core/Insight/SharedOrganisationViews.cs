using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Framework;

namespace PmoPath.Insight;

/// <summary>
/// Lets the requests that ask for one organisation's view at the same time share one computation of it, so that
/// sixteen HR browsers opening a 100,000-person organisation cost the database one or two computations rather than
/// sixteen. Nothing is kept once a computation's waiters have their answer: every request gets figures computed
/// after it arrived, as it would alone. A request that arrives while a computation runs does not join it (that
/// one may have started before the request's own last write); it joins the next, which starts as soon as the
/// running one ends, so at most one computation per organisation runs and one waits.
/// </summary>
/// <remarks>
/// The shared computation reads through a context of its own, bound to the first waiter's caller (every waiter is
/// an org-admin of that organisation, checked by <see cref="OrganisationInsight.GetAsync"/>), and is not cancelled
/// when one waiter goes away; each waiter stops waiting on its own cancellation.
/// </remarks>
public sealed class SharedOrganisationViews(IDbContextFactory<AppDbContext> contexts, FrameworkStore store, TimeProvider clock, PmoPathMetrics metrics)
{
    private readonly Dictionary<Guid, Slot> _slots = [];

    /// <summary>Per organisation: the computation running, and the one the requests that came during it wait for.</summary>
    private sealed class Slot
    {
        public Task<OrganisationInsightView>? Running;
        public TaskCompletionSource<OrganisationInsightView>? Next;
        public Caller? NextCaller;
    }

    public Task<OrganisationInsightView> GetAsync(Guid organisationId, Caller caller, CancellationToken ct = default)
    {
        Task<OrganisationInsightView> mine;
        var shared = false;
        lock (_slots)
        {
            if (!_slots.TryGetValue(organisationId, out var slot))
                _slots[organisationId] = slot = new Slot();
            if (slot.Running is null)
                mine = slot.Running = RunAsync(organisationId, caller, slot);
            else
            {
                // The first request to wait for the next computation starts it; later ones share it.
                shared = slot.Next is not null;
                if (slot.Next is null)
                {
                    slot.Next = new TaskCompletionSource<OrganisationInsightView>(TaskCreationOptions.RunContinuationsAsynchronously);
                    slot.NextCaller = caller;
                }
                mine = slot.Next.Task;
            }
        }
        metrics.OrganisationViewRequested(shared);
        return mine.WaitAsync(ct);
    }

    private async Task<OrganisationInsightView> RunAsync(Guid organisationId, Caller caller, Slot slot)
    {
        // Off the caller's synchronous path: GetAsync holds the lock while it starts this.
        await Task.Yield();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var ok = false;
        try
        {
            await using var db = (await contexts.CreateDbContextAsync(CancellationToken.None)).BindTo(caller);
            var view = await new OrganisationInsight(db, caller, store, clock).ForOrganisationAsync(organisationId, CancellationToken.None);
            ok = true;
            return view;
        }
        finally
        {
            metrics.OrganisationViewComputed(System.Diagnostics.Stopwatch.GetElapsedTime(started), ok);
            lock (_slots)
            {
                if (slot.Next is { } next)
                {
                    var nextCaller = slot.NextCaller!;
                    (slot.Next, slot.NextCaller) = (null, null);
                    slot.Running = RunAsync(organisationId, nextCaller, slot);
                    _ = Complete(next, slot.Running);
                }
                else
                {
                    slot.Running = null;
                    _slots.Remove(organisationId);
                }
            }
        }
    }

    /// <summary>Hands a computation's outcome (figures, or the exception) to the requests that waited for it.</summary>
    private static async Task Complete(TaskCompletionSource<OrganisationInsightView> waiters, Task<OrganisationInsightView> computation)
    {
        try
        {
            waiters.SetResult(await computation);
        }
        catch (Exception e)
        {
            waiters.SetException(e);
        }
    }
}
