using Microsoft.Extensions.Options;
using PmoPath.Accounts;

namespace PmoPath.Web.Hosting;

/// <summary>
/// Sends the outbox in the background (docs/adr/0021): at once when this instance wrote mail, otherwise every
/// <see cref="MailOptions.PollInterval"/> or when the next retry is due, whichever is sooner. Every instance runs
/// one; their claims on the shared table keep any message from going out twice.
/// </summary>
internal sealed class MailSenderService(MailSender sender, MailSignal signal, DatabaseReadiness ready, IOptions<MailOptions> options,
    TimeProvider clock, ILogger<MailSenderService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await ready.WaitAsync(stoppingToken))
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = options.Value.PollInterval;
            try
            {
                await sender.FlushAsync(stoppingToken);
                if (await sender.NextDueAsync(stoppingToken) is { } due)
                {
                    var untilDue = due - clock.GetUtcNow().UtcDateTime;
                    if (untilDue < wait)
                        wait = untilDue > TimeSpan.Zero ? untilDue : TimeSpan.FromMilliseconds(50);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database was unreachable for a moment: the mail waits in the outbox; try again at the next round.
                logger.LogWarning(e, "The mail outbox could not be read; trying again in {Wait}.", wait);
            }
            try
            {
                await signal.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
