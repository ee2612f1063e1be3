using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PmoPath.Data;
using PmoPath.People;

namespace PmoPath.Accounts;

/// <summary>Where a person stands with their account.</summary>
public enum AccountState
{
    /// <summary>No account: the person was loaded by HR (or added before accounts) and never invited.</summary>
    None,

    /// <summary>Invited, and the link is still valid.</summary>
    Invited,

    /// <summary>The person chose a password: they can sign in.</summary>
    Accepted,

    /// <summary>Invited, but the link has lapsed unused; a new invitation sends a fresh one.</summary>
    Expired,
}

/// <summary>Who to invite: the listed people, or everyone of the organisation who has no account yet.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record InvitationRequest
{
    public List<Guid>? PersonIds { get; init; }
    public bool WithoutAccount { get; init; }
}

/// <summary>What happened for one person: invited (or invited again), or skipped with the reason.</summary>
public sealed record InvitationOutcome(Guid PersonId, string Name, string? Email, bool Sent, string? Reason);

/// <summary>The outcome of inviting some people; <see cref="PickupFolder"/> says where the mail files are when no SMTP server is set.</summary>
/// <remarks>The folder is a path on the server: the CLI prints it, the API leaves it out.</remarks>
public sealed record InvitationBatch(int Sent, int Skipped, IReadOnlyList<InvitationOutcome> People, [property: JsonIgnore] string? PickupFolder);

/// <summary>
/// Invitations to people already in the organisation (loaded by the staff import): an account for the person's
/// work email, and a mail with a link to choose a password (<see cref="AccountAdmin.InviteAsync"/>). An org-admin
/// invites the people of their own organisation; anyone else's id is not found. Inviting someone already invited
/// sends a fresh link; someone who accepted is skipped.
/// </summary>
public sealed class Invitations(AppDbContext db, PeopleAccess access, UserManager<AppUser> users, AccountAdmin accounts, MailOutbox mail, TimeProvider clock, AuditLog audit)
{
    /// <summary>How long an invitation (or reset) link works; Identity's token lifespan is set from it.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(3);

    /// <summary>At most this many listed people per request (everyone without an account is not limited).</summary>
    public const int MaxListed = 1000;

    /// <summary>The state of an account from what is stored about it.</summary>
    public static AccountState StateOf(bool hasAccount, bool hasPassword, DateTime? invitedAtUtc, DateTime nowUtc) =>
        !hasAccount ? AccountState.None
        : hasPassword ? AccountState.Accepted
        : invitedAtUtc is { } at && at + LinkLifetime > nowUtc ? AccountState.Invited
        : AccountState.Expired;

    /// <summary>The words a page shows for a state: "no account", "invited on 3 Dec 2026", "accepted", "invitation expired".</summary>
    public static string Describe(AccountState state, DateTime? invitedAtUtc) => state switch
    {
        AccountState.Invited => $"invited on {invitedAtUtc?.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}",
        AccountState.Accepted => "accepted",
        AccountState.Expired => "invitation expired",
        _ => "no account",
    };

    /// <summary>Invites one person (or sends a fresh link); 404 for a person the caller may not see, 403 for a caller who is not their org-admin.</summary>
    public async Task<InvitationOutcome> InviteAsync(Guid personId, CancellationToken ct = default)
    {
        var person = await access.FindAsync(personId, ct);
        if (!access.CanAdminister(person.OrganisationId))
            throw new ForbiddenException("Only the organisation's org-admin invites people.");
        return await SendAsync(person.Id, ct);
    }

    /// <summary>
    /// Invites the listed people, or everyone without an account. Every listed id must be a person the caller
    /// administers, or nothing is sent (404). <paramref name="organisationId"/> names the organisation for the
    /// system caller (the CLI); an org-admin's is their own.
    /// </summary>
    public async Task<InvitationBatch> InviteManyAsync(InvitationRequest request, Guid? organisationId = null, CancellationToken ct = default)
    {
        var caller = access.Caller;
        var organisation = caller.IsSystem ? organisationId : caller.OrganisationId;
        if (organisation is not { } orgId || !access.CanAdminister(orgId))
            throw new ForbiddenException("Only the organisation's org-admin invites people.");
        var listed = request.PersonIds ?? [];
        if (request.WithoutAccount == listed.Count > 0)
            throw new InvalidInputException(request.WithoutAccount ? "personIds" : "withoutAccount",
                "give either personIds (the people to invite) or withoutAccount: true (everyone who has no account yet), not both.");
        if (listed.Count > MaxListed)
            throw new InvalidInputException("personIds", $"at most {MaxListed} people at once; use withoutAccount: true for everyone without an account.");

        var people = access.Visible().AsNoTracking().Where(p => p.OrganisationId == orgId);
        List<Guid> ids;
        if (request.WithoutAccount)
        {
            ids = await people.Where(p => p.ErasedAtUtc == null && !db.Users.Any(u => u.PersonId == p.Id))
                .OrderBy(p => p.DisplayName).ThenBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);
        }
        else
        {
            var wanted = listed.Distinct().ToList();
            var found = await people.Where(p => wanted.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct);
            if (wanted.FirstOrDefault(id => !found.Contains(id)) is var missing && missing != Guid.Empty)
                throw new NotFoundException("person", missing.ToString());
            ids = wanted;
        }

        var outcomes = new List<InvitationOutcome>(ids.Count);
        foreach (var id in ids)
            outcomes.Add(await SendAsync(id, ct));
        var sent = outcomes.Count(o => o.Sent);
        return new InvitationBatch(sent, outcomes.Count - sent, outcomes, PickupFolder);
    }

    /// <summary>The folder mail files go to, or null when mail goes to an SMTP server.</summary>
    public string? PickupFolder => mail.Options.SmtpHost is { Length: > 0 } ? null : mail.Options.PickupFolder;

    private async Task<InvitationOutcome> SendAsync(Guid personId, CancellationToken ct)
    {
        var person = await db.People.AsNoTracking().FirstAsync(p => p.Id == personId, ct);
        var userId = await db.Users.Where(u => u.PersonId == person.Id).Select(u => u.Id).FirstOrDefaultAsync(ct);
        var user = userId is null ? null : await users.FindByIdAsync(userId);
        InvitationOutcome Skip(string reason) => new(person.Id, person.DisplayName, user?.Email ?? person.WorkEmail, false, reason);

        if (person.ErasedAtUtc is not null)
            return Skip("erased");
        if (user is not null)
        {
            if (user.PasswordHash is not null)
                return Skip("already accepted: the account is in use");
        }
        else
        {
            var email = person.WorkEmail?.Trim();
            if (email is not { Length: > 0 } || !System.Net.Mail.MailAddress.TryCreate(email, out _))
                return Skip("no work email to send the invitation to");
            if (await users.FindByEmailAsync(email) is not null)
                return Skip($"{email} is already the email of another account");
            var managesTeam = await db.Teams.AnyAsync(t => t.ManagerId == person.Id, ct);
            user = new AppUser
            {
                UserName = email,
                Email = email,
                OrganisationId = person.OrganisationId,
                PersonId = person.Id,
                Role = managesTeam ? PmoRole.PmoManager : PmoRole.Practitioner,
                CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            };
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
                return Skip(string.Join(" ", created.Errors.Select(e => e.Description)));
            await audit.WriteForUserAsync(AuditActions.UserAdded, user, $"role {PmoRoles.Name(user.Role)}, invited", access.Caller, ct);
        }
        await accounts.InviteAsync(user, ct);
        await audit.WriteAsync(AuditActions.Invited, access.Caller, person.Id, "invitation mailed", person.OrganisationId, ct);
        return new InvitationOutcome(person.Id, person.DisplayName, user.Email, true, null);
    }
}
