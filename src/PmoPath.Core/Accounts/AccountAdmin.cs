using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PmoPath.Data;
using PmoPath.People;

namespace PmoPath.Accounts;

/// <summary>What <c>pmopath users add</c> asks for.</summary>
/// <remarks>A provider-admin names the <paramref name="Provider"/> (by code) instead of an organisation.</remarks>
public sealed record NewUser(string Organisation, string Email, PmoRole Role, string? Team = null, string? ManagerEmail = null, string? DisplayName = null, string? Provider = null);

/// <param name="ExistingPerson">The account went to a person already in the organisation (matched by work email), not a new one.</param>
public sealed record AddedUser(string UserId, Guid? PersonId, Guid? OrganisationId, bool Invited, bool ExistingPerson = false);

/// <summary>
/// Organisations, teams and accounts, as the site's operator manages them (the CLI, in system mode).
/// New accounts have no password: they get an invitation mail whose link lets them choose one.
/// </summary>
public sealed class AccountAdmin(IDbContextFactory<AppDbContext> contexts, UserManager<AppUser> users, MailOutbox mail, TimeProvider clock, AuditLog audit, ApiTokens tokens)
{
    public async Task<Organisation> AddOrganisationAsync(string name, CancellationToken ct = default)
    {
        name = name.Trim();
        if (name.Length is 0 or > 200)
            throw new InvalidInputException("name", "an organisation name of 1 to 200 characters is required.");
        await using var db = await SystemAsync(ct);
        if (await db.Organisations.AnyAsync(o => o.Name == name, ct))
            throw new InvalidInputException("name", $"there is already an organisation '{name}'.");
        var organisation = new Organisation { Name = name, CreatedAtUtc = clock.GetUtcNow().UtcDateTime };
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync(ct);
        return organisation;
    }

    public async Task<List<Organisation>> ListOrganisationsAsync(CancellationToken ct = default)
    {
        await using var db = await SystemAsync(ct);
        return await db.Organisations.AsNoTracking().OrderBy(o => o.Name).ToListAsync(ct);
    }

    /// <summary>
    /// Adds an account (and, for roles inside an organisation, the person it signs in as). With a team,
    /// the person joins it (the team is created if new); with a manager, that pmo-manager manages the team.
    /// Without <paramref name="password"/> an invitation is mailed; tests and seeding may pass one.
    /// </summary>
    public async Task<AddedUser> AddUserAsync(NewUser input, string? password = null, CancellationToken ct = default)
    {
        var email = input.Email.Trim();
        if (!System.Net.Mail.MailAddress.TryCreate(email, out _))
            throw new InvalidInputException("email", $"'{input.Email}' is not an email address.");
        if (await users.FindByEmailAsync(email) is not null)
            throw new InvalidInputException("email", $"there is already an account for {email}.");
        if (input.ManagerEmail is not null && input.Team is null)
            throw new InvalidInputException("manager", "a manager manages a team: give --team too.");

        await using var db = await SystemAsync(ct);
        var inOrganisation = input.Role is not (PmoRole.ProviderAdmin or PmoRole.SiteAdmin);
        Organisation? organisation = null;
        if (inOrganisation)
            organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Name == input.Organisation.Trim(), ct)
                ?? throw new InvalidInputException("org", $"there is no organisation '{input.Organisation}'.");
        string? provider = null;
        if (input.Role == PmoRole.ProviderAdmin)
        {
            provider = input.Provider?.Trim();
            if (provider is null || !await db.Providers.AnyAsync(p => p.Code == provider, ct))
                throw new InvalidInputException("provider", $"a provider-admin names a provider of the directory; '{input.Provider}' is not one.");
        }
        else if (input.Provider is not null)
            throw new InvalidInputException("provider", "only a provider-admin belongs to a provider.");

        Person? manager = null;
        if (input.ManagerEmail is { } managerEmail)
        {
            var managerUser = await users.FindByEmailAsync(managerEmail.Trim());
            if (organisation is null || managerUser is not { Role: PmoRole.PmoManager or PmoRole.OrgAdmin } || managerUser.OrganisationId != organisation.Id || managerUser.PersonId is null)
                throw new InvalidInputException("manager", $"{managerEmail} is not a pmo-manager or org-admin of {organisation?.Name ?? "an organisation"}.");
            manager = await db.People.FirstAsync(p => p.Id == managerUser.PersonId, ct);
        }

        Person? person = null;
        var createdPerson = false;
        var now = clock.GetUtcNow().UtcDateTime;
        if (organisation is not null)
        {
            // An email that already belongs to a person of the organisation (a work email from the HR file) gets
            // that person the account: the import and the accounts never make two people of one.
            var lowered = email.ToLowerInvariant();
            person = await db.People.FirstOrDefaultAsync(p => p.OrganisationId == organisation.Id && p.ErasedAtUtc == null
                && p.WorkEmail != null && p.WorkEmail.ToLower() == lowered, ct);
            if (person is not null && await db.Users.AnyAsync(u => u.PersonId == person.Id, ct))
                throw new InvalidInputException("email", $"{person.DisplayName}, whose work email is {email}, already has an account.");

            Team? team = null;
            if (input.Team is { } teamName)
            {
                teamName = teamName.Trim();
                if (teamName.Length is 0 or > 200)
                    throw new InvalidInputException("team", "a team name of 1 to 200 characters is required.");
                team = await db.Teams.FirstOrDefaultAsync(t => t.OrganisationId == organisation.Id && t.Name == teamName, ct);
                if (team is null)
                {
                    team = new Team { OrganisationId = organisation.Id, Name = teamName };
                    db.Teams.Add(team);
                }
                if (manager is not null)
                    team.ManagerId = manager.Id;
            }
            if (person is null)
            {
                person = new Person
                {
                    OrganisationId = organisation.Id,
                    Team = team,
                    DisplayName = input.DisplayName?.Trim() is { Length: > 0 } name ? name : email.Split('@')[0],
                    CreatedAtUtc = now,
                };
                db.People.Add(person);
                createdPerson = true;
            }
            else
            {
                if (team is not null)
                    person.Team = team;
                if (input.DisplayName?.Trim() is { Length: > 0 } name)
                    person.DisplayName = name;
            }
            await db.SaveChangesAsync(ct);
        }

        var user = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = password is not null,
            OrganisationId = organisation?.Id,
            ProviderCode = provider,
            Role = input.Role,
            PersonId = person?.Id,
            CreatedAtUtc = now,
        };
        var result = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            if (person is not null && createdPerson)
            {
                db.People.Remove(person);
                await db.SaveChangesAsync(ct);
            }
            throw IdentityErrors(result, password is null ? "email" : "password");
        }
        await audit.WriteForUserAsync(AuditActions.UserAdded, user, $"role {PmoRoles.Name(user.Role)}", Caller.System, ct);
        if (password is null)
            await InviteAsync(user, ct);
        return new AddedUser(user.Id, person?.Id, user.OrganisationId, password is null, person is not null && !createdPerson);
    }

    public async Task SetRoleAsync(string email, PmoRole role, CancellationToken ct = default)
    {
        var user = await users.FindByEmailAsync(email.Trim()) ?? throw new NotFoundException("account", email);
        if (user.Role == role)
            return;
        if (user.PersonId is null && role is not (PmoRole.ProviderAdmin or PmoRole.SiteAdmin))
            throw new InvalidInputException("role", $"{email} has no record in an organisation, so cannot be a {PmoRoles.Name(role)}.");
        var before = user.Role;
        user.Role = role;
        await users.UpdateAsync(user);
        // A new security stamp signs the account out of existing cookies at their next check.
        await users.UpdateSecurityStampAsync(user);
        await audit.WriteForUserAsync(AuditActions.RoleChanged, user, $"{PmoRoles.Name(before)} -> {PmoRoles.Name(role)}", Caller.System, ct);
    }

    /// <summary>Mails a link to choose a password; the link's code is Identity's password-reset token.</summary>
    public async Task InviteAsync(AppUser user, CancellationToken ct = default)
    {
        var code = await users.GeneratePasswordResetTokenAsync(user);
        var link = $"{mail.Options.SiteUrl.TrimEnd('/')}/account/accept-invitation?email={WebUtility.UrlEncode(user.Email)}&code={WebUtility.UrlEncode(code)}";
        await mail.SendAsync(user.Email!, "Your PmoPath invitation",
            $"You have been invited to PmoPath.\r\n\r\nChoose your password here (the link works once and for {Invitations.LinkLifetime.TotalDays:0} days):\r\n{link}\r\n", ct);
        // The invitation's date, so that HR sees "invited on …" and when the link has expired.
        user.InvitedAtUtc = clock.GetUtcNow().UtcDateTime;
        await users.UpdateAsync(user);
    }

    /// <summary>Mails a password-reset link if the account exists; says nothing either way, so addresses cannot be probed.</summary>
    public async Task SendPasswordResetAsync(string email, CancellationToken ct = default)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
            return;
        var code = await users.GeneratePasswordResetTokenAsync(user);
        var link = $"{mail.Options.SiteUrl.TrimEnd('/')}/account/reset-password?email={WebUtility.UrlEncode(user.Email)}&code={WebUtility.UrlEncode(code)}";
        await mail.SendAsync(user.Email!, "Reset your PmoPath password",
            $"Someone asked to reset the password of this PmoPath account. If it was you, choose a new one here:\r\n{link}\r\n\r\nIf it was not you, ignore this message.\r\n", ct);
    }

    /// <summary>
    /// Sets the password from an invitation or reset link; the email is confirmed by the link. Identity gives the
    /// account a new security stamp, which ends every signed-in session at its next request, and every API token
    /// of the account is revoked: whoever knew the old password may have made one.
    /// </summary>
    public async Task<AppUser> SetPasswordAsync(string email, string code, string password, CancellationToken ct = default)
    {
        var user = await users.FindByEmailAsync(email.Trim()) ?? throw new InvalidInputException("code", "this link is not valid; ask for a new one.");
        var result = await users.ResetPasswordAsync(user, code, password);
        if (!result.Succeeded)
            throw IdentityErrors(result, "password");
        if (!user.EmailConfirmed)
        {
            user.EmailConfirmed = true;
            await users.UpdateAsync(user);
        }
        await users.ResetAccessFailedCountAsync(user);
        var revoked = await tokens.RevokeAllAsync(user.Id, ct);
        await audit.WriteForUserAsync(AuditActions.PasswordReset, user,
            revoked == 0 ? "password set from a mailed link" : $"password set from a mailed link; {revoked} API token(s) revoked", null, ct);
        return user;
    }

    private static InvalidInputException IdentityErrors(IdentityResult result, string defaultField) =>
        new(result.Errors.GroupBy(e => e.Code switch
            {
                "InvalidToken" => "code",
                var c when c.StartsWith("Password", StringComparison.Ordinal) => "password",
                var c when c.Contains("Email", StringComparison.Ordinal) || c.Contains("UserName", StringComparison.Ordinal) => "email",
                _ => defaultField,
            })
            .ToDictionary(g => g.Key, g => g.Select(e => e.Code == "InvalidToken" ? "this link is not valid or has expired; ask for a new one." : e.Description).ToArray()));

    private async Task<AppDbContext> SystemAsync(CancellationToken ct) => (await contexts.CreateDbContextAsync(ct)).BindTo(Caller.System);
}
