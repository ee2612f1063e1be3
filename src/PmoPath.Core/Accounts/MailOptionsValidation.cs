using Microsoft.Extensions.Options;
using MimeKit;

namespace PmoPath.Accounts;

/// <summary>
/// Checks the <c>Mail</c> section at start-up, so a mistyped address or a zero delay stops the app with the setting's
/// name instead of surfacing as mail that never goes.
/// </summary>
internal sealed class MailOptionsValidation : IValidateOptions<MailOptions>
{
    public ValidateOptionsResult Validate(string? name, MailOptions options)
    {
        var problems = new List<string>();
        if (!MailboxAddress.TryParse(options.From, out _))
            problems.Add($"Mail:From '{options.From}' is not a mail address.");
        if (options.SmtpPort is < 1 or > 65535)
            problems.Add($"Mail:SmtpPort {options.SmtpPort} is not a port (1 to 65535).");
        if (!Uri.TryCreate(options.SiteUrl, UriKind.Absolute, out var site) || (site.Scheme != Uri.UriSchemeHttp && site.Scheme != Uri.UriSchemeHttps))
            problems.Add($"Mail:SiteUrl '{options.SiteUrl}' is not an http or https address.");
        if (options.MaxAttempts < 1)
            problems.Add("Mail:MaxAttempts must be at least 1.");
        Positive(options.RetryFirstDelay, "RetryFirstDelay");
        Positive(options.PollInterval, "PollInterval");
        Positive(options.ClaimLease, "ClaimLease");
        Positive(options.SmtpTimeout, "SmtpTimeout");
        if (options.RetryMaxDelay < options.RetryFirstDelay)
            problems.Add("Mail:RetryMaxDelay must not be shorter than Mail:RetryFirstDelay.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);

        void Positive(TimeSpan value, string setting)
        {
            if (value <= TimeSpan.Zero)
                problems.Add($"Mail:{setting} must be longer than zero.");
        }
    }
}
