namespace PmoPath.Accounts;

/// <summary>
/// One message in the outbox (docs/adr/0021): written in the same transaction as what it is about, sent
/// afterwards by <see cref="MailSender"/>, and kept as the record of what was sent. Once sent, the body and
/// attachment are cleared (they may carry one-time links); the recipient, subject and times remain.
/// </summary>
public sealed class OutgoingMail
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Recipient { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    public string? AttachmentName { get; set; }
    public string? AttachmentType { get; set; }
    public string? AttachmentContent { get; set; }
    public DateTime CreatedAtUtc { get; set; }

    /// <summary>Not before this time: now when written, later after a failed attempt (exponential backoff).</summary>
    public DateTime NextAttemptAtUtc { get; set; }
    public int Attempts { get; set; }

    /// <summary>The sender run that holds the message, until <see cref="ClaimedUntilUtc"/> (its lease).</summary>
    public Guid? ClaimToken { get; set; }
    public DateTime? ClaimedUntilUtc { get; set; }

    public DateTime? SentAtUtc { get; set; }

    /// <summary>Set when the server refused the message for good or the attempts ran out; it is not tried again.</summary>
    public DateTime? AbandonedAtUtc { get; set; }

    /// <summary>What went wrong last, without personal data: the kind of failure and the SMTP status, never the server's text.</summary>
    public string? LastError { get; set; }

    public MailAttachment? Attachment => AttachmentName is { } name && AttachmentType is { } type && AttachmentContent is { } content
        ? new MailAttachment(name, type, content) : null;
}
