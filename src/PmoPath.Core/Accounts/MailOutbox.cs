using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PmoPath.Data;

namespace PmoPath.Accounts;

/// <summary>The <c>Mail</c> configuration section.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>The sender address.</summary>
    public string From { get; set; } = "pmopath@localhost";

    /// <summary>An SMTP server; when empty, mail is written as files into <see cref="PickupFolder"/>.</summary>
    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;

    /// <summary>TLS: implicit TLS on port 465, otherwise STARTTLS, required. False only for a relay on a trusted network or loopback.</summary>
    public bool SmtpSsl { get; set; } = true;
    public string? SmtpUser { get; set; }
    public string? SmtpPassword { get; set; }

    /// <summary>Where mail goes without SMTP: one <c>.eml</c> file per message. Default: <c>mail</c> beside the data.</summary>
    public string? PickupFolder { get; set; }

    /// <summary>The address of the site as users reach it, for links in mail (invitations, password resets).</summary>
    public string SiteUrl { get; set; } = "http://localhost:5080";

    /// <summary>The wait after the first failed attempt; it doubles with each further failure up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryFirstDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Attempts before a message is abandoned (with the defaults, about a day and a half of trying).</summary>
    public int MaxAttempts { get; set; } = 40;

    /// <summary>How often the background sender looks for mail written by other instances or due for a retry.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a sender holds the messages it claimed; past it, another instance may take them over.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The SMTP client's timeout for each command.</summary>
    public TimeSpan SmtpTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Where PmoPath's mail goes in: the <c>MailOutbox</c> table (docs/adr/0021). A message is written in the same
/// transaction as what it is about — <see cref="Enqueue"/> adds it to the caller's context — or, for mail about
/// nothing else, in a transaction of its own (<see cref="SendAsync(string, string, string, CancellationToken)"/>).
/// <see cref="MailSender"/> delivers it afterwards, by SMTP or into the pickup folder, retrying until it goes.
/// Mail bodies carry one-time links; they are never logged.
/// </summary>
public sealed class MailOutbox(IDbContextFactory<AppDbContext> contexts, IOptions<MailOptions> options, TimeProvider clock, MailSignal signal)
{
    public MailOptions Options => options.Value;

    /// <summary>
    /// Adds a message to <paramref name="db"/>: it is stored by the caller's next <c>SaveChanges</c>, inside the
    /// caller's transaction, so it exists exactly when what it tells of was committed. Call <see cref="Wake"/> after
    /// the commit to have it sent at once rather than at the sender's next round.
    /// </summary>
    public OutgoingMail Enqueue(AppDbContext db, string to, string subject, string body, MailAttachment? attachment = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var mail = new OutgoingMail
        {
            Recipient = to,
            Subject = subject,
            Body = body,
            AttachmentName = attachment?.FileName,
            AttachmentType = attachment?.MediaType,
            AttachmentContent = attachment?.Content,
            CreatedAtUtc = now,
            NextAttemptAtUtc = now,
        };
        db.MailOutbox.Add(mail);
        return mail;
    }

    public Task SendAsync(string to, string subject, string body, CancellationToken ct = default) => SendAsync(to, subject, body, null, ct);

    /// <summary>Stores one message in a transaction of its own and wakes the sender.</summary>
    public async Task SendAsync(string to, string subject, string body, MailAttachment? attachment, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.BindTo(Caller.System);
        Enqueue(db, to, subject, body, attachment);
        await db.SaveChangesAsync(ct);
        Wake();
    }

    /// <summary>Tells this process's sender that new mail is waiting (other instances find it at their next poll).</summary>
    public void Wake() => signal.Ring();
}

/// <summary>A file sent with a message, such as a calendar invitation.</summary>
/// <param name="MediaType">The content type with its parameters, e.g. <c>text/calendar; method=REQUEST</c>.</param>
public sealed record MailAttachment(string FileName, string MediaType, string Content);

/// <summary>Wakes the background sender of this process when mail was written.</summary>
public sealed class MailSignal : IDisposable
{
    private readonly SemaphoreSlim _ring = new(0, 1);

    public void Ring()
    {
        try
        {
            _ring.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already rung: the sender will look once for everything written so far.
        }
    }

    /// <summary>Waits for a ring or the timeout, whichever comes first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _ring.WaitAsync(timeout, ct);

    public void Dispose() => _ring.Dispose();
}
