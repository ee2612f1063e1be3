using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Framework;

namespace PmoPath.People;

/// <summary>Certificates to look for: due for renewal soon, or lapsed (not current).</summary>
public enum CertificateFilter
{
    Due,
    NotCurrent,
}

/// <summary>
/// A search of the people the caller may see. Every part is optional: <see cref="Search"/> matches a name, an
/// email (work or account) or an employee id; the others narrow by team, level, PMO type, account state and
/// certificates. <see cref="Page"/> counts from 1.
/// </summary>
public sealed record PeopleQuery(
    string? Search = null, Guid? TeamId = null, string? Team = null, int? Level = null, string? PmoType = null,
    AccountState? Account = null, CertificateFilter? Certificates = null, int Page = 1);

/// <summary>A person in a list, with what finds them again (email, employee id) and where their account stands.</summary>
public sealed record PersonRow(
    Guid Id, string DisplayName, string? Email, string? EmployeeId, string JobTitle, Guid? TeamId, string? Team,
    int? Level, int? TargetLevel, string? PmoType, bool Erased, AccountState Account, DateTime? InvitedAtUtc);

/// <summary>One page of a people search, with the total it is part of.</summary>
public sealed record PeoplePage(IReadOnlyList<PersonRow> People, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// People at the size of a large organisation: searched, filtered and paged in the database (a page of 50 in
/// a stable order: name, then id), never loaded whole. Whom the caller sees is <see cref="PeopleAccess"/>'s
/// decision; this only narrows it.
/// </summary>
public sealed class PeopleDirectory(AppDbContext db, PeopleAccess access, FrameworkStore store, TimeProvider clock)
{
    public const int PageSize = 50;
    public const int MaxSearchLength = 200;

    public async Task<PeoplePage> SearchAsync(PeopleQuery query, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expiredBefore = now - Invitations.LinkLifetime;
        var people = access.Visible().AsNoTracking();

        if (query.Search?.Trim() is { Length: > 0 } search)
        {
            if (search.Length > MaxSearchLength)
                throw new InvalidInputException("q", $"search for at most {MaxSearchLength} characters.");
            var term = search.ToLowerInvariant();
            people = people.Where(p => p.DisplayName.ToLower().Contains(term)
                || (p.WorkEmail != null && p.WorkEmail.ToLower().Contains(term))
                || (p.EmployeeId != null && p.EmployeeId.ToLower() == term)
                || db.Users.Any(u => u.PersonId == p.Id && u.Email != null && u.Email.ToLower().Contains(term)));
        }
        if (query.TeamId is { } teamId)
            people = people.Where(p => p.TeamId == teamId);
        if (query.Team?.Trim() is { Length: > 0 } team)
        {
            var teamTerm = team.ToLowerInvariant();
            people = people.Where(p => p.Team != null && p.Team.Name.ToLower().Contains(teamTerm));
        }
        if (query.Level is { } level)
            people = people.Where(p => p.Level == level);
        if (query.PmoType?.Trim() is { Length: > 0 } pmoType)
            people = people.Where(p => p.PmoType == pmoType);
        people = query.Account switch
        {
            AccountState.None => people.Where(p => !db.Users.Any(u => u.PersonId == p.Id)),
            AccountState.Accepted => people.Where(p => db.Users.Any(u => u.PersonId == p.Id && u.PasswordHash != null)),
            AccountState.Invited => people.Where(p => db.Users.Any(u => u.PersonId == p.Id && u.PasswordHash == null && (u.InvitedAtUtc ?? u.CreatedAtUtc) > expiredBefore)),
            AccountState.Expired => people.Where(p => db.Users.Any(u => u.PersonId == p.Id && u.PasswordHash == null && (u.InvitedAtUtc ?? u.CreatedAtUtc) <= expiredBefore)),
            _ => people,
        };
        if (query.Certificates is { } wanted)
        {
            var ids = await WithCertificatesAsync(people, wanted == CertificateFilter.Due ? CertificateStatus.DueForRenewal : CertificateStatus.NotCurrent, ct);
            people = people.Where(p => ids.Contains(p.Id));
        }

        var total = await people.CountAsync(ct);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = Math.Clamp(query.Page, 1, pages);
        var rows = await people.OrderBy(p => p.DisplayName).ThenBy(p => p.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(p => new
            {
                p.Id, p.DisplayName, p.WorkEmail, p.EmployeeId, p.JobTitle, p.TeamId, Team = p.Team == null ? null : p.Team.Name,
                p.Level, p.TargetLevel, p.PmoType, Erased = p.ErasedAtUtc != null,
                // Scalar subqueries on the account's unique PersonId index: a page is 50 rows.
                HasAccount = db.Users.Any(u => u.PersonId == p.Id),
                HasPassword = db.Users.Any(u => u.PersonId == p.Id && u.PasswordHash != null),
                AccountEmail = db.Users.Where(u => u.PersonId == p.Id).Select(u => u.Email).FirstOrDefault(),
                InvitedAtUtc = db.Users.Where(u => u.PersonId == p.Id).Select(u => (DateTime?)(u.InvitedAtUtc ?? u.CreatedAtUtc)).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return new PeoplePage(
            [.. rows.Select(r => new PersonRow(r.Id, r.DisplayName, r.AccountEmail ?? r.WorkEmail, r.EmployeeId, r.JobTitle, r.TeamId, r.Team,
                r.Level, r.TargetLevel, r.PmoType, r.Erased,
                Invitations.StateOf(r.HasAccount, r.HasPassword, r.InvitedAtUtc, now),
                r.HasAccount ? r.InvitedAtUtc : null))],
            total, page, PageSize);
    }

    /// <summary>
    /// The people among <paramref name="people"/> holding a certificate in <paramref name="status"/>. Renew-by dates
    /// depend on the catalogue's rules, suites and CPD, so they are worked out here from the certificates of
    /// renewable courses only, not in SQL.
    /// </summary>
    private async Task<List<Guid>> WithCertificatesAsync(IQueryable<Person> people, CertificateStatus status, CancellationToken ct)
    {
        var framework = await store.GetAsync(ct);
        var renewable = framework.Courses.Where(c => c.Renewal is { Kind: Catalog.RenewalKind.RenewWithinYears }).Select(c => c.Code).ToList();
        var certificates = await db.Certificates.AsNoTracking()
            .Where(c => renewable.Contains(c.CourseCode) && people.Any(p => p.Id == c.PersonId))
            .ToListAsync(ct);
        var today = clock.Today();
        return [.. certificates.GroupBy(c => c.PersonId)
            .Where(g => g.Any(c => CertificateStanding.Of(c, [.. g], framework, today).Status == status))
            .Select(g => g.Key)];
    }
}
