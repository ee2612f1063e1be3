using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using PmoPath.Data;

namespace PmoPath.Accounts;

/// <summary>What one <see cref="MailSender.FlushAsync"/> did.</summary>
public sealed record MailRun(int Sent, int Failed, int Abandoned);

/// <summary>
/// Delivers the outbox (docs/adr/0021). A run claims due messages with one atomic
/// <c>UPDATE … SET ClaimToken = @run, ClaimedUntilUtc = @lease WHERE … AND (ClaimedUntilUtc IS NULL OR ClaimedUntilUtc &lt; @now)</c>,
/// so two instances over one database never hold the same message; it sends what it holds and records each
/// result under its own claim token. A failure is retried with exponential backoff; an SMTP 5xx refusal or the
/// last allowed attempt abandons the message. The web app runs this in the background; the CLI calls it after
/// a command that writes mail (and <c>pmopath mail flush</c>).
/// </summary>
public sealed class MailSender(IDbContextFactory<AppDbContext> contexts, IOptions<MailOptions> options, TimeProvider clock, ILogger<MailSender> logger,
    PmoPathMetrics metrics)
{
    private const int BatchSize = 20;

    /// <summary>Sends everything due now, batch after batch, until nothing due is left (or a batch sent nothing).</summary>
    public async Task<MailRun> FlushAsync(CancellationToken ct = default)
    {
        var total = new MailRun(0, 0, 0);
        while (true)
        {
            var batch = await ClaimAsync(ct);
            if (batch.Messages.Count == 0)
                return total;
            var run = await DeliverAsync(batch.Token, batch.Messages, ct);
            metrics.MailDelivered(run.Sent, run.Failed, run.Abandoned);
            total = new MailRun(total.Sent + run.Sent, total.Failed + run.Failed, total.Abandoned + run.Abandoned);
            if (run.Sent == 0)
                return total;
        }
    }

    /// <summary>
    /// When the next pending message is due (null when none is pending). It also counts the pending messages for
    /// the outbox-depth gauge: the background sender calls this after every round, so the gauge is as fresh as the
    /// sending (one indexed count of the undelivered rows).
    /// </summary>
    public async Task<DateTime?> NextDueAsync(CancellationToken ct = default)
    {
        await using var db = await SystemAsync(ct);
        var pending = db.MailOutbox.Where(m => m.SentAtUtc == null && m.AbandonedAtUtc == null);
        metrics.OutboxDepth(await pending.LongCountAsync(ct));
        return await pending.OrderBy(m => m.NextAttemptAtUtc).Select(m => (DateTime?)m.NextAttemptAtUtc).FirstOrDefaultAsync(ct);
    }

    private async Task<(Guid Token, List<OutgoingMail> Messages)> ClaimAsync(CancellationToken ct)
    {
        await using var db = await SystemAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var token = Guid.CreateVersion7();
        var until = now + options.Value.ClaimLease;
        // The conditions stand on the updated rows themselves, not only in the subquery: a second instance whose
        // subquery chose the same rows finds them claimed when its UPDATE re-reads them (PostgreSQL re-checks the
        // WHERE clause of a row another transaction changed; SQLite has one writer), and skips them.
        var due = db.MailOutbox.Where(m => m.SentAtUtc == null && m.AbandonedAtUtc == null && m.NextAttemptAtUtc <= now
            && (m.ClaimedUntilUtc == null || m.ClaimedUntilUtc < now));
        var first = due.OrderBy(m => m.NextAttemptAtUtc).ThenBy(m => m.Id).Take(BatchSize).Select(m => m.Id);
        var claimed = await due.Where(m => first.Contains(m.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimToken, token).SetProperty(m => m.ClaimedUntilUtc, until), ct);
        if (claimed == 0)
            return (token, []);
        return (token, await db.MailOutbox.AsNoTracking().Where(m => m.ClaimToken == token).OrderBy(m => m.CreatedAtUtc).ThenBy(m => m.Id).ToListAsync(ct));
    }

    private async Task<MailRun> DeliverAsync(Guid token, List<OutgoingMail> messages, CancellationToken ct)
    {
        var mail = options.Value;
        int sent = 0, failed = 0, abandoned = 0;
        async Task Record(OutgoingMail message, Exception? error)
        {
            if (error is null)
            {
                await MarkSentAsync(token, message, ct);
                sent++;
            }
            else if (await MarkFailedAsync(token, message, error, ct))
                abandoned++;
            else
                failed++;
        }

        if (mail.SmtpHost is not { Length: > 0 } host)
        {
            var folder = PickupFolderOf(mail);
            foreach (var message in messages)
            {
                Exception? error = null;
                try
                {
                    Directory.CreateDirectory(folder);
                    await WriteFileAsync(folder, message, mail.From, ct);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ParseException)
                {
                    error = e;
                }
                await Record(message, error);
            }
            return new MailRun(sent, failed, abandoned);
        }

        using var smtp = new SmtpClient { Timeout = (int)mail.SmtpTimeout.TotalMilliseconds };
        Exception? connection = null;
        try
        {
            var security = !mail.SmtpSsl ? SecureSocketOptions.None : mail.SmtpPort == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
            await smtp.ConnectAsync(host, mail.SmtpPort, security, ct);
            if (mail.SmtpUser is { Length: > 0 } user)
                await smtp.AuthenticateAsync(user, mail.SmtpPassword ?? "", ct);
        }
        catch (Exception e) when (IsDeliveryFailure(e))
        {
            connection = e;
        }
        foreach (var message in messages)
        {
            var error = connection;
            if (error is null)
            {
                try
                {
                    using var mime = Build(message, mail.From);
                    await smtp.SendAsync(mime, ct);
                }
                catch (Exception e) when (IsDeliveryFailure(e))
                {
                    error = e;
                    // A lost connection fails the rest of the batch; they are retried together.
                    if (!smtp.IsConnected)
                        connection = e;
                }
            }
            await Record(message, error);
        }
        if (smtp.IsConnected)
            await smtp.DisconnectAsync(quit: true, CancellationToken.None);
        return new MailRun(sent, failed, abandoned);
    }

    /// <summary>The message as MIME: plain UTF-8 text, with its attachment (an .ics invitation) as a second part.</summary>
    public static MimeMessage Build(OutgoingMail mail, string from)
    {
        var message = new MimeMessage
        {
            MessageId = $"{mail.Id:N}@pmopath",
            Subject = mail.Subject,
            Date = new DateTimeOffset(DateTime.SpecifyKind(mail.CreatedAtUtc, DateTimeKind.Utc)),
        };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(mail.Recipient));
        var text = new TextPart(MimeKit.Text.TextFormat.Plain);
        text.SetText("utf-8", mail.Body);
        if (mail.Attachment is { } file)
        {
            var type = ContentType.Parse(file.MediaType);
            var attached = new TextPart(type.MediaSubtype)
            {
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = file.FileName },
            };
            foreach (var parameter in type.Parameters)
                attached.ContentType.Parameters[parameter.Name] = parameter.Value;
            attached.SetText("utf-8", file.Content);
            message.Body = new Multipart("mixed") { text, attached };
        }
        else
            message.Body = text;
        return message;
    }

    /// <summary>The folder mail files are written to without an SMTP server.</summary>
    public static string PickupFolderOf(MailOptions mail) => mail.PickupFolder ?? Path.Combine(Path.GetTempPath(), "pmopath-mail");

    private static readonly FormatOptions FileFormat = new() { NewLineFormat = NewLineFormat.Dos };

    /// <summary>
    /// One <c>.eml</c> file per message, named by when it was written and its id, so a file lists in the order
    /// the mail was written and a message delivered twice (a lease that ran out mid-write) overwrites itself.
    /// </summary>
    private static async Task WriteFileAsync(string folder, OutgoingMail message, string from, CancellationToken ct)
    {
        using var mime = Build(message, from);
        var path = Path.Combine(folder, $"{message.CreatedAtUtc:yyyyMMddHHmmssfff}-{message.Id:N}.eml");
        var partial = path + ".partial";
        // Kept readable for the person (or test) opening the file: text as it is, 8-bit only where it is not ASCII.
        foreach (var part in mime.BodyParts.OfType<TextPart>())
            part.ContentTransferEncoding = System.Text.Ascii.IsValid(part.Text) ? ContentEncoding.SevenBit : ContentEncoding.EightBit;
        await using (var file = File.Create(partial))
            await mime.WriteToAsync(FileFormat, file, ct);
        File.Move(partial, path, overwrite: true);
    }

    private async Task MarkSentAsync(Guid token, OutgoingMail message, CancellationToken ct)
    {
        await using var db = await SystemAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        // The body and attachment go: they may hold one-time links, and the record needs only who, what and when.
        await db.MailOutbox.Where(m => m.Id == message.Id && m.ClaimToken == token).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.SentAtUtc, now)
            .SetProperty(m => m.Attempts, m => m.Attempts + 1)
            .SetProperty(m => m.Body, "")
            .SetProperty(m => m.AttachmentContent, (string?)null)
            .SetProperty(m => m.ClaimToken, (Guid?)null)
            .SetProperty(m => m.ClaimedUntilUtc, (DateTime?)null), ct);
        if (logger.IsEnabled(LogLevel.Information))
            logger.LogInformation("Mail sent: {Subject}", message.Subject);
    }

    /// <returns>True when the message is abandoned.</returns>
    private async Task<bool> MarkFailedAsync(Guid token, OutgoingMail message, Exception error, CancellationToken ct)
    {
        var mail = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var attempts = message.Attempts + 1;
        // A refusal (SMTP 5xx) or an address that is not one will not change by trying again.
        var permanent = error is SmtpCommandException { StatusCode: var code } && (int)code >= 500 || error is ParseException;
        var abandon = permanent || attempts >= mail.MaxAttempts;
        var next = now + Backoff(attempts, mail);
        var described = Describe(error);
        await using var db = await SystemAsync(ct);
        await db.MailOutbox.Where(m => m.Id == message.Id && m.ClaimToken == token).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Attempts, attempts)
            .SetProperty(m => m.NextAttemptAtUtc, next)
            .SetProperty(m => m.LastError, described)
            .SetProperty(m => m.AbandonedAtUtc, abandon ? now : null)
            .SetProperty(m => m.ClaimToken, (Guid?)null)
            .SetProperty(m => m.ClaimedUntilUtc, (DateTime?)null), ct);
        if (abandon)
            logger.LogError("Mail {Id} abandoned after {Attempts} attempts: {Error}", message.Id, attempts, described);
        else
            logger.LogWarning("Mail {Id} not sent (attempt {Attempts}): {Error}; next attempt at {Next:O}", message.Id, attempts, described, next);
        return abandon;
    }

    /// <summary>The wait after the <paramref name="attempts"/>th failure: the first delay, doubled each time, capped.</summary>
    public static TimeSpan Backoff(int attempts, MailOptions mail)
    {
        var factor = Math.Pow(2, Math.Min(attempts - 1, 30));
        var delay = mail.RetryFirstDelay.TotalMilliseconds * factor;
        return TimeSpan.FromMilliseconds(Math.Min(delay, mail.RetryMaxDelay.TotalMilliseconds));
    }

    /// <summary>The failure in words that hold no personal data: a server's reply text may quote the address, so only its codes are kept.</summary>
    public static string Describe(Exception error) => error switch
    {
        SmtpCommandException c => $"SMTP {(int)c.StatusCode} ({c.ErrorCode})",
        SmtpProtocolException => "SMTP protocol error",
        SocketException s => $"connection failed ({s.SocketErrorCode})",
        System.Security.Authentication.AuthenticationException or SslHandshakeException => "TLS with the SMTP server failed",
        AuthenticationException => "sign-in to the SMTP server failed",
        ServiceNotConnectedException or IOException => "connection lost",
        TimeoutException or OperationCanceledException => "timed out",
        UnauthorizedAccessException => "pickup folder not writable",
        ParseException => "not a valid address",
        _ => error.GetType().Name,
    };

    private static bool IsDeliveryFailure(Exception e) => e is SmtpCommandException or SmtpProtocolException or SocketException
        or System.Security.Authentication.AuthenticationException or AuthenticationException or ServiceNotConnectedException or IOException
        or TimeoutException or SslHandshakeException or ProtocolException or FormatException or ParseException;

    private async Task<AppDbContext> SystemAsync(CancellationToken ct) => (await contexts.CreateDbContextAsync(ct)).BindTo(Caller.System);
}
