using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Accounts;

namespace PmoPath.Cli.Commands;

/// <summary>
/// <c>pmopath orgs add NAME</c>, <c>orgs list</c>;
/// <c>pmopath users add --org ORG --email E --role ROLE [--team TEAM] [--manager EMAIL] [--name NAME]</c>,
/// <c>users set-role --email E --role ROLE</c>;
/// <c>pmopath tokens create --email E [--name N] [--days D]</c>, <c>tokens list --email E</c>, <c>tokens revoke ID</c>.
/// </summary>
public static class AccountCommands
{
    private static readonly string RoleNames = string.Join(", ", PmoRoles.All.Select(PmoRoles.Name));

    public static Command BuildOrgs(CliConsole console)
    {
        var name = new Argument<string>("NAME") { Description = "The organisation's name." };
        var add = new Command("add", "Add an organisation (a tenant).") { name };
        add.SetAction((parse, ct) => console.WithServicesAsync(async services =>
        {
            var organisation = await services.GetRequiredService<AccountAdmin>().AddOrganisationAsync(parse.GetValue(name)!, ct);
            await console.Out.WriteLineAsync($"Added organisation '{organisation.Name}' ({organisation.Id}).");
            return PmoPathCli.Ok;
        }, ct));

        var list = new Command("list", "List the organisations.");
        list.SetAction((_, ct) => console.WithServicesAsync(async services =>
        {
            foreach (var organisation in await services.GetRequiredService<AccountAdmin>().ListOrganisationsAsync(ct))
                await console.Out.WriteLineAsync($"{organisation.Id}  {organisation.Name}");
            return PmoPathCli.Ok;
        }, ct));
        return new Command("orgs", "Organisations (tenants).") { add, list };
    }

    public static Command BuildUsers(CliConsole console)
    {
        var org = new Option<string?>("--org") { Description = "The organisation's name (for every role but provider-admin and site-admin)." };
        var provider = new Option<string?>("--provider") { Description = "For a provider-admin: the provider's code in the directory." };
        var email = new Option<string>("--email") { Description = "The account's email address.", Required = true };
        var role = new Option<string>("--role") { Description = $"One of {RoleNames}.", Required = true };
        var team = new Option<string?>("--team") { Description = "The team the person joins (created if new)." };
        var manager = new Option<string?>("--manager") { Description = "Email of the pmo-manager who manages the team." };
        var displayName = new Option<string?>("--name") { Description = "The person's name as shown; default the email's local part." };
        var add = new Command("add", "Add an account and its person; an invitation to choose a password is mailed.") { org, provider, email, role, team, manager, displayName };
        add.SetAction((parse, ct) => console.WithServicesAsync(async services =>
        {
            if (PmoRoles.Parse(parse.GetValue(role)) is not { } parsedRole)
                throw new InvalidInputException("role", $"'{parse.GetValue(role)}' is not a role: use one of {RoleNames}.");
            var added = await services.GetRequiredService<AccountAdmin>().AddUserAsync(new NewUser(
                parse.GetValue(org) ?? "", parse.GetValue(email)!, parsedRole, parse.GetValue(team), parse.GetValue(manager), parse.GetValue(displayName),
                parse.GetValue(provider)), ct: ct);
            await console.Out.WriteLineAsync($"Added {parse.GetValue(email)} as {PmoRoles.Name(parsedRole)}" +
                (added.PersonId is { } person ? $" ({(added.ExistingPerson ? "the existing person" : "person")} {person})" : "") + "; an invitation was mailed.");
            await WriteMailDestinationAsync(console, services);
            return PmoPathCli.Ok;
        }, ct, needsKeyRing: true));

        var roleEmail = new Option<string>("--email") { Description = "The account's email address.", Required = true };
        var newRole = new Option<string>("--role") { Description = $"One of {RoleNames}.", Required = true };
        var setRole = new Command("set-role", "Change an account's role (audited; existing sign-ins are refreshed within a minute).") { roleEmail, newRole };
        setRole.SetAction((parse, ct) => console.WithServicesAsync(async services =>
        {
            if (PmoRoles.Parse(parse.GetValue(newRole)) is not { } parsedRole)
                throw new InvalidInputException("role", $"'{parse.GetValue(newRole)}' is not a role: use one of {RoleNames}.");
            await services.GetRequiredService<AccountAdmin>().SetRoleAsync(parse.GetValue(roleEmail)!, parsedRole, ct);
            await console.Out.WriteLineAsync($"{parse.GetValue(roleEmail)} is now {PmoRoles.Name(parsedRole)}.");
            return PmoPathCli.Ok;
        }, ct));
        return new Command("users", "Accounts and the people they sign in as.") { add, setRole };
    }

    public static Command BuildTokens(CliConsole console)
    {
        var email = new Option<string>("--email") { Description = "The account the token acts as.", Required = true };
        var name = new Option<string?>("--name") { Description = "A name to tell tokens apart." };
        var days = new Option<int?>("--days") { Description = "Expire after this many days; default Tokens:DefaultLifetimeDays (90)." };
        var create = new Command("create", "Create an API bearer token and print it; it is shown only this once.") { email, name, days };
        create.SetAction((parse, ct) => console.WithServicesAsync(async services =>
        {
            var lifetime = parse.GetValue(days) is { } d ? (d > 0 ? TimeSpan.FromDays(d) : throw new InvalidInputException("days", "a positive number of days.")) : (TimeSpan?)null;
            var created = await services.GetRequiredService<ApiTokens>().CreateAsync(parse.GetValue(email)!, parse.GetValue(name) ?? "cli", lifetime, ct);
            // The token alone on standard output, so that scripts can capture it; the rest goes to standard error.
            await console.Out.WriteLineAsync(created.Token);
            await console.Error.WriteLineAsync($"Token {created.Id} created; revoke it with 'pmopath tokens revoke {created.Id}'.");
            return PmoPathCli.Ok;
        }, ct));

        var listEmail = new Option<string>("--email") { Description = "The account.", Required = true };
        var list = new Command("list", "List an account's tokens (never the tokens themselves).") { listEmail };
        list.SetAction((parse, ct) => console.WithServicesAsync(async services =>
        {
            foreach (var t in await services.GetRequiredService<ApiTokens>().ListAsync(parse.GetValue(listEmail)!, ct))
                await console.Out.WriteLineAsync($"{t.Id}  {t.Prefix}…  {t.Name}  created {t.CreatedAtUtc:u}" +
                    (t.RevokedAtUtc is { } r ? $"  revoked {r:u}" : t.ExpiresAtUtc is { } e ? $"  expires {e:u}" : ""));
            return PmoPathCli.Ok;
        }, ct));

        var id = new Argument<string>("ID") { Description = "The token's id, as create and list print it." };
        var revoke = new Command("revoke", "Revoke a token; it stops working at once.") { id };
        revoke.SetAction((parse, ct) => console.WithServicesAsync(async services =>
        {
            if (!Guid.TryParse(parse.GetValue(id), out var tokenId) || !await services.GetRequiredService<ApiTokens>().RevokeAsync(tokenId, ct))
                throw new NotFoundException("token", parse.GetValue(id)!);
            await console.Out.WriteLineAsync($"Token {tokenId} revoked.");
            return PmoPathCli.Ok;
        }, ct));
        return new Command("tokens", "API bearer tokens.") { create, list, revoke };
    }

    public static Command BuildReminders(CliConsole console)
    {
        var send = new Command("send", "Mail everyone whose certificates are due for renewal or have lapsed, once per renew-by date.");
        send.SetAction((_, ct) => console.WithServicesAsync(async services =>
        {
            var sent = await services.GetRequiredService<People.RenewalReminders>().SendAsync(ct);
            await console.Out.WriteLineAsync($"Sent {sent} reminder{(sent == 1 ? "" : "s")}.");
            return PmoPathCli.Ok;
        }, ct));
        return new Command("reminders", "Renewal reminders by mail.") { send };
    }

    public static Command BuildMail(CliConsole console)
    {
        var flush = new Command("flush", "Send the mail outbox's due messages now (the web app does this in the background) and show what is left.");
        flush.SetAction((_, ct) => console.WithServicesAsync(async services =>
        {
            // Every command flushes on its way out (CliConsole); this one reports.
            var run = await services.GetRequiredService<MailSender>().FlushAsync(ct);
            var db = services.GetRequiredService<Data.AppDbContext>();
            var pending = await db.MailOutbox.CountAsync(m => m.SentAtUtc == null && m.AbandonedAtUtc == null, ct);
            var abandoned = await db.MailOutbox.CountAsync(m => m.AbandonedAtUtc != null, ct);
            await console.Out.WriteLineAsync($"Sent {run.Sent}, failed {run.Failed} (retried later), abandoned {run.Abandoned}; {pending} waiting, {abandoned} abandoned in all.");
            return PmoPathCli.Ok;
        }, ct));
        return new Command("mail", "The mail outbox.") { flush };
    }

    /// <summary>Says where mail went when no SMTP server is set: the pickup folder, where each message is an <c>.eml</c> file.</summary>
    internal static async Task WriteMailDestinationAsync(CliConsole console, IServiceProvider services)
    {
        if (services.GetRequiredService<Invitations>().PickupFolder is { } folder)
            await console.Out.WriteLineAsync($"No SMTP server is set (Mail:SmtpHost), so mail was written as .eml files to {folder}");
    }
}
