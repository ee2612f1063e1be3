using System.Net;
using System.Net.Mail;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
    public bool SmtpSsl { get; set; } = true;
    public string? SmtpUser { get; set; }
    public string? SmtpPassword { get; set; }

    /// <summary>Where mail goes without SMTP: one <c>.eml</c> file per message. Default: <c>mail</c> beside the data.</summary>
    public string? PickupFolder { get; set; }

    /// <summary>The address of the site as users reach it, for links in mail (invitations, password resets).</summary>
    public string SiteUrl { get; set; } = "http://localhost:5080";
}

/// <summary>
/// Where PmoPath's mail goes out: an SMTP server when one is configured, otherwise a folder of
/// <c>.eml</c> files that a developer (or a test) reads. Mail bodies carry one-time links; they are never
/// logged — the log says only that a message of a kind was sent.
/// </summary>
public sealed class MailOutbox(IOptions<MailOptions> options, TimeProvider clock, ILogger<MailOutbox> logger)
{
    private const string Boundary = "pmopath-part";

    public MailOptions Options => options.Value;

    public Task SendAsync(string to, string subject, string body, CancellationToken ct = default) => SendAsync(to, subject, body, null, ct);

    public async Task SendAsync(string to, string subject, string body, MailAttachment? attachment, CancellationToken ct = default)
    {
        var mail = options.Value;
        if (mail.SmtpHost is { Length: > 0 } host)
        {
            using var message = new MailMessage(mail.From, to, subject, body) { BodyEncoding = Encoding.UTF8, SubjectEncoding = Encoding.UTF8 };
            if (attachment is not null)
                message.Attachments.Add(Attachment.CreateAttachmentFromString(attachment.Content,
                    new System.Net.Mime.ContentType(attachment.MediaType) { CharSet = "utf-8", Name = attachment.FileName }));
            using var smtp = new SmtpClient(host, mail.SmtpPort) { EnableSsl = mail.SmtpSsl };
            if (mail.SmtpUser is { Length: > 0 } user)
                smtp.Credentials = new NetworkCredential(user, mail.SmtpPassword);
            await smtp.SendMailAsync(message, ct);
        }
        else
        {
            var folder = mail.PickupFolder ?? Path.Combine(Path.GetTempPath(), "pmopath-mail");
            Directory.CreateDirectory(folder);
            var name = $"{clock.GetUtcNow():yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml";
            var headers = $"From: {mail.From}\r\nTo: {to}\r\nSubject: {subject}\r\nDate: {clock.GetUtcNow():R}\r\n";
            var text = attachment is null
                ? $"{headers}Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
                : $"{headers}MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"{Boundary}\"\r\n\r\n" +
                  $"--{Boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n" +
                  $"--{Boundary}\r\nContent-Type: {attachment.MediaType}; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n" +
                  $"Content-Disposition: attachment; filename=\"{attachment.FileName}\"\r\n\r\n{attachment.Content}\r\n--{Boundary}--\r\n";
            await File.WriteAllTextAsync(Path.Combine(folder, name), text, ct);
        }
        if (logger.IsEnabled(LogLevel.Information))
            logger.LogInformation("Mail sent: {Subject}", subject);
    }
}

/// <summary>A file sent with a message, such as a calendar invitation.</summary>
/// <param name="MediaType">The content type with its parameters, e.g. <c>text/calendar; method=REQUEST</c>.</param>
public sealed record MailAttachment(string FileName, string MediaType, string Content);
