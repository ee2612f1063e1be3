using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Framework;

namespace PmoPath.People;

/// <summary>
/// Mails each person whose certificates are due for renewal (within the advice policy's warning days)
/// or have lapsed, once per renew-by date. Run daily (<c>pmopath reminders send</c>, e.g. from cron);
/// it works across all organisations, so it needs the system caller.
/// </summary>
public sealed class RenewalReminders(IDbContextFactory<AppDbContext> contexts, FrameworkStore store, MailOutbox mail, TimeProvider clock)
{
    public async Task<int> SendAsync(CancellationToken ct = default)
    {
        var framework = await store.GetAsync(ct);
        var today = clock.Today();
        await using var db = (await contexts.CreateDbContextAsync(ct)).BindTo(Caller.System);
        var people = await db.People.Where(p => p.ErasedAtUtc == null && p.Certificates.Any())
            .Include(p => p.Certificates)
            .Join(db.Users.Where(u => u.Email != null), p => p.Id, u => u.PersonId, (p, u) => new { Person = p, u.Email })
            .ToListAsync(ct);

        var sent = 0;
        foreach (var (person, email) in people.Select(x => (x.Person, x.Email!)))
        {
            var due = person.Certificates
                .Select(c => (Certificate: c, Standing: CertificateStanding.Of(c, person.Certificates, framework, today)))
                .Where(x => x.Standing.RenewBy is { } renewBy && x.Standing.Status != CertificateStatus.Current && x.Certificate.RemindedForRenewBy != renewBy)
                .ToList();
            if (due.Count == 0)
                continue;
            var lines = due.Select(x => $"- {framework.FindCourse(x.Certificate.CourseCode)?.Title ?? x.Certificate.CourseCode}: renew by {x.Standing.RenewBy:yyyy-MM-dd}" +
                (x.Standing.Status == CertificateStatus.NotCurrent ? " (lapsed)" : ""));
            await mail.SendAsync(email, "PmoPath: certificates to renew",
                $"Hello {person.DisplayName},\r\n\r\nThese certificates are due for renewal:\r\n{string.Join("\r\n", lines)}\r\n\r\n" +
                $"See your plan at {mail.Options.SiteUrl.TrimEnd('/')}/me/development\r\n", ct);
            foreach (var (certificate, standing) in due)
                certificate.RemindedForRenewBy = standing.RenewBy;
            await db.SaveChangesAsync(ct);
            sent++;
        }
        return sent;
    }
}
