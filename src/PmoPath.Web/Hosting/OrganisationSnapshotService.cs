using Microsoft.Extensions.Options;
using PmoPath.Insight;

namespace PmoPath.Web.Hosting;

/// <summary>
/// Keeps the organisation view's figures current in the background (docs/adr/0027): every
/// <see cref="OrganisationViewOptions.PollInterval"/> it recomputes the organisations whose figures a write made
/// behind. Every instance runs one; their claims on the shared rows keep two from computing one organisation at once.
/// </summary>
/// <remarks>
/// The pause between rounds is elapsed time, as the mail sender's is; whether a row is due (its figures at least
/// <see cref="OrganisationViewOptions.RefreshInterval"/> old) is read from the app's clock.
/// </remarks>
internal sealed class OrganisationSnapshotService(OrganisationSnapshots snapshots, DatabaseReadiness ready, IOptions<OrganisationViewOptions> options,
    ILogger<OrganisationSnapshotService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await ready.WaitAsync(stoppingToken))
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await snapshots.RefreshDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Refreshing the organisation view's figures failed; trying again shortly.");
            }
            try
            {
                await Task.Delay(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
