using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Accounts;
using PmoPath.Data;

namespace PmoPath.Testing.Mail;

/// <summary>The mail outbox as the tests see it: delivered on demand, and read back from the database.</summary>
public static class OutboxKit
{
    /// <summary>
    /// Delivers what is due now and waits until nothing due is left unsent — including messages the app's
    /// background sender claimed and is still writing — so a test reads every message its action wrote.
    /// </summary>
    public static async Task DrainAsync(TestApp app, TimeSpan? timeout = null)
    {
        var sender = app.Services.GetRequiredService<MailSender>();
        var deadline = Deadline.In(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            await sender.FlushAsync();
            await using var db = await SystemAsync(app);
            var now = app.Clock.GetUtcNow().UtcDateTime;
            if (!await db.MailOutbox.AnyAsync(m => m.SentAtUtc == null && m.AbandonedAtUtc == null && m.NextAttemptAtUtc <= now))
                return;
            if (deadline.Passed)
                throw new TimeoutException("The mail outbox still holds messages that are due.");
            await Task.Delay(50);
        }
    }

    /// <summary>Every row of the outbox, oldest first.</summary>
    public static async Task<List<OutgoingMail>> RowsAsync(TestApp app)
    {
        await using var db = await SystemAsync(app);
        return await db.MailOutbox.AsNoTracking().OrderBy(m => m.CreatedAtUtc).ThenBy(m => m.Id).ToListAsync();
    }

    public static async Task<AppDbContext> SystemAsync(TestApp app) =>
        (await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync()).BindTo(Caller.System);
}
