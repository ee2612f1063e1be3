using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Data;

namespace PmoPath.People;

/// <summary>
/// The personal-data rights: a person downloads everything held about them; an org-admin erases a
/// person. Both walk the same list of <see cref="Parts"/>, one per entity that refers to a person or
/// their account, and a test fails when the model gains such an entity that the list does not name.
/// </summary>
/// <remarks>
/// Erasure keeps the person's row and the facts that reports count (level, PMO type, team, which
/// certificates and courses, ratings as numbers, plan statuses), and removes or blanks what identifies
/// or describes them: name, job title, email and account, certificate numbers, notes, comments,
/// article feedback, evidence links, the history of their record.
/// </remarks>
public sealed class PersonalData(AppDbContext db, PeopleAccess access, PersonRecords records, DevelopmentPlans plans, TimeProvider clock, AuditLog audit,
    ErasureScrub scrub)
{
    public const string ErasedName = "Erased person";

    private sealed record Context(AppDbContext Db, Guid PersonId, DateTime Now);

    /// <summary>One entity that refers to a person: how it is exported and how it is erased.</summary>
    private sealed record Part(Type EntityType, string Name, Func<Context, CancellationToken, Task<object?>> Export, Func<Context, CancellationToken, Task> Erase);

    private static IQueryable<OutgoingMail> MailTo(Context c) => c.Db.MailOutbox.Where(m =>
        c.Db.Users.Any(u => u.PersonId == c.PersonId && u.Email == m.Recipient) || c.Db.People.Any(p => p.Id == c.PersonId && p.WorkEmail == m.Recipient));

    /// <summary>The entity types export and erasure cover; the coverage test compares it with the model.</summary>
    public static IReadOnlyList<Type> CoveredTypes => [.. Parts.Select(p => p.EntityType)];

    private static readonly Part[] Parts =
    [
        new(typeof(Person), "person",
            async (c, ct) => await c.Db.People.AsNoTracking().Where(p => p.Id == c.PersonId)
                .Select(p => new { p.Id, p.DisplayName, p.JobTitle, p.EmployeeId, p.WorkEmail, Team = p.Team == null ? null : p.Team.Name, p.Level, p.TargetLevel, p.PmoType, p.YearsInPmo, p.Avenue, p.CreatedAtUtc, p.ErasedAtUtc })
                .FirstAsync(ct),
            (c, ct) => c.Db.People.Where(p => p.Id == c.PersonId).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.DisplayName, ErasedName).SetProperty(p => p.JobTitle, "")
                .SetProperty(p => p.EmployeeId, (string?)null).SetProperty(p => p.WorkEmail, (string?)null)
                .SetProperty(p => p.YearsInPmo, (int?)null).SetProperty(p => p.Avenue, (CareerAvenue?)null)
                .SetProperty(p => p.ErasedAtUtc, c.Now), ct)),
        new(typeof(Team), "teamsManaged",
            async (c, ct) => await c.Db.Teams.AsNoTracking().Where(t => t.ManagerId == c.PersonId).Select(t => t.Name).ToListAsync(ct),
            (c, ct) => c.Db.Teams.Where(t => t.ManagerId == c.PersonId).ExecuteUpdateAsync(s => s.SetProperty(t => t.ManagerId, (Guid?)null), ct)),
        new(typeof(Certificate), "certificates",
            async (c, ct) => await c.Db.Certificates.AsNoTracking().Where(x => x.PersonId == c.PersonId)
                .Select(x => new { x.CourseCode, x.AchievedOn, x.CertificateNumber, x.Cpd }).ToListAsync(ct),
            (c, ct) => c.Db.Certificates.Where(x => x.PersonId == c.PersonId).ExecuteUpdateAsync(s => s.SetProperty(x => x.CertificateNumber, ""), ct)),
        // Which courses were completed is kept for the counts; there is nothing else in the row.
        new(typeof(CompletedCourse), "completedCourses",
            async (c, ct) => await c.Db.CompletedCourses.AsNoTracking().Where(x => x.PersonId == c.PersonId).Select(x => new { x.CourseCode, x.CompletedOn }).ToListAsync(ct),
            (_, _) => Task.CompletedTask),
        // Ratings are kept as numbers for the competency picture of the organisation.
        new(typeof(CompetencyRating), "competencies",
            async (c, ct) => await c.Db.Ratings.AsNoTracking().Where(x => x.PersonId == c.PersonId).Select(x => new { x.CompetencyCode, x.SelfRating, x.ManagerRating }).ToListAsync(ct),
            (_, _) => Task.CompletedTask),
        new(typeof(EvidenceLink), "evidence",
            async (c, ct) => await c.Db.Evidence.AsNoTracking().Where(x => x.PersonId == c.PersonId).Select(x => new { x.Title, x.Url }).ToListAsync(ct),
            (c, ct) => c.Db.Evidence.Where(x => x.PersonId == c.PersonId).ExecuteDeleteAsync(ct)),
        // The CPD log describes what the person did; erasure removes it with the evidence links.
        new(typeof(CpdEntry), "cpdLog",
            async (c, ct) => await c.Db.CpdLog.AsNoTracking().Where(x => x.PersonId == c.PersonId).OrderBy(x => x.On)
                .Select(x => new { x.On, x.Activity, x.Points, x.Suite, x.EvidenceUrl, x.CreatedAtUtc }).ToListAsync(ct),
            (c, ct) => c.Db.CpdLog.Where(x => x.PersonId == c.PersonId).ExecuteDeleteAsync(ct)),
        new(typeof(RecordChange), "recordHistory",
            async (c, ct) => await c.Db.RecordChanges.AsNoTracking().Where(x => x.PersonId == c.PersonId || x.ChangedById == c.PersonId)
                .OrderBy(x => x.Id).Select(x => new { x.AtUtc, About = x.PersonId, x.ChangedById, x.Field, x.OldValue, x.NewValue }).ToListAsync(ct),
            async (c, ct) =>
            {
                await c.Db.RecordChanges.Where(x => x.PersonId == c.PersonId).ExecuteDeleteAsync(ct);
                await c.Db.RecordChanges.Where(x => x.ChangedById == c.PersonId).ExecuteUpdateAsync(s => s.SetProperty(x => x.ChangedById, (Guid?)null), ct);
            }),
        new(typeof(PlanItem), "plan",
            async (c, ct) => await c.Db.PlanItems.AsNoTracking().Where(x => x.PersonId == c.PersonId)
                .Select(x => new { x.CourseCode, x.TargetDate, x.Status, x.Notes, x.CreatedAtUtc, x.UpdatedAtUtc }).ToListAsync(ct),
            (c, ct) => c.Db.PlanItems.Where(x => x.PersonId == c.PersonId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Notes, ""), ct)),
        new(typeof(PlanComment), "planComments",
            async (c, ct) => await c.Db.PlanComments.AsNoTracking().Where(x => x.PersonId == c.PersonId || x.AuthorId == c.PersonId)
                .Select(x => new { OnPlanOf = x.PersonId, x.AuthorId, x.Text, x.AtUtc }).ToListAsync(ct),
            async (c, ct) =>
            {
                await c.Db.PlanComments.Where(x => x.PersonId == c.PersonId).ExecuteDeleteAsync(ct);
                await c.Db.PlanComments.Where(x => x.AuthorId == c.PersonId).ExecuteUpdateAsync(s => s.SetProperty(x => x.AuthorId, (Guid?)null).SetProperty(x => x.Text, "(comment by an erased person)"), ct);
            }),
        // Star ratings are kept as numbers for the articles' summaries; nothing in them describes the person.
        new(typeof(Knowledge.ArticleRating), "articleRatings",
            async (c, ct) => await c.Db.ArticleRatings.AsNoTracking().Where(x => x.PersonId == c.PersonId)
                .Join(c.Db.Articles, r => r.ArticleId, a => a.Id, (r, a) => new { Article = a.Slug, r.Stars, r.UpdatedAtUtc }).ToListAsync(ct),
            (_, _) => Task.CompletedTask),
        // Feedback is what the person wrote: it goes.
        new(typeof(Knowledge.ArticleFeedback), "articleFeedback",
            async (c, ct) => await c.Db.ArticleFeedback.AsNoTracking().Where(x => x.PersonId == c.PersonId)
                .Join(c.Db.Articles, f => f.ArticleId, a => a.Id, (f, a) => new { Article = a.Slug, f.Text, f.AtUtc }).ToListAsync(ct),
            (c, ct) => c.Db.ArticleFeedback.Where(x => x.PersonId == c.PersonId).ExecuteDeleteAsync(ct)),
        // Bookings are kept as facts of attendance and spend; nothing in them describes the person.
        new(typeof(Sessions.Booking), "bookings",
            async (c, ct) => await c.Db.Bookings.AsNoTracking().Where(x => x.PersonId == c.PersonId)
                .Select(x => new { x.Session!.CourseCode, x.Session.ProviderCode, x.Session.StartsOn, x.Session.EndsOn, x.Status, x.BookedAtUtc, x.CancelledAtUtc, x.Attended, x.ExamPassed })
                .ToListAsync(ct),
            (c, ct) => c.Db.Bookings.Where(x => x.BookedById == c.PersonId && x.PersonId != c.PersonId).ExecuteUpdateAsync(s => s.SetProperty(x => x.BookedById, (Guid?)null), ct)),
        // The private calendar feed: only when it was made is personal (the secret is a hash); erasure ends it.
        new(typeof(Sessions.CalendarFeed), "calendarFeed",
            async (c, ct) => await c.Db.CalendarFeeds.AsNoTracking().Where(x => x.PersonId == c.PersonId).Select(x => new { x.CreatedAtUtc }).ToListAsync(ct),
            (c, ct) => c.Db.CalendarFeeds.Where(x => x.PersonId == c.PersonId).ExecuteDeleteAsync(ct)),
        // Issued credentials stay on the issuer's revocation list, revoked; the signed copy and the hashed email go.
        new(typeof(Credentials.IssuedCredential), "credentials",
            async (c, ct) => await c.Db.IssuedCredentials.AsNoTracking().Where(x => x.PersonId == c.PersonId)
                .Select(x => new { x.Id, x.CourseCode, x.ProviderCode, x.AchievedOn, x.ValidFromUtc, x.ValidUntilUtc, x.RevokedAtUtc, x.Jwt }).ToListAsync(ct),
            async (c, ct) =>
            {
                foreach (var credential in await c.Db.IssuedCredentials.Where(x => x.PersonId == c.PersonId).ToListAsync(ct))
                {
                    credential.RevokedAtUtc ??= c.Now;
                    credential.RevocationReason = "The holder's record was erased.";
                    credential.Jwt = "";
                    var json = System.Text.Json.Nodes.JsonNode.Parse(credential.Json)!.AsObject();
                    json["credentialSubject"]!.AsObject().Remove("identifier");
                    credential.Json = json.ToJsonString();
                }
                await c.Db.SaveChangesAsync(ct);
            }),
        // Credentials the person uploaded are what they brought: they go.
        new(typeof(Credentials.ExternalCredential), "uploadedCredentials",
            async (c, ct) => await c.Db.ExternalCredentials.AsNoTracking().Where(x => x.PersonId == c.PersonId)
                .Select(x => new { x.IssuerName, x.AchievementName, x.SignatureVerified, x.Findings, x.UploadedAtUtc, x.Content }).ToListAsync(ct),
            (c, ct) => c.Db.ExternalCredentials.Where(x => x.PersonId == c.PersonId).ExecuteDeleteAsync(ct)),
        new(typeof(AppUser), "account",
            async (c, ct) => await c.Db.Users.AsNoTracking().Where(u => u.PersonId == c.PersonId)
                .Select(u => new { u.Email, u.UserName, Role = PmoRoles.Name(u.Role), u.CreatedAtUtc, u.EmailConfirmed, u.LockoutEnd }).FirstOrDefaultAsync(ct),
            (c, ct) => c.Db.Users.Where(u => u.PersonId == c.PersonId).ExecuteDeleteAsync(ct)),
        // Mail to the person's addresses (account and work email): what was sent (or waits) and when. Listed after the
        // account so that, erased in reverse order, it goes while the account and the person still name the addresses.
        new(typeof(OutgoingMail), "mail",
            async (c, ct) => await MailTo(c).AsNoTracking()
                .OrderBy(m => m.CreatedAtUtc).Select(m => new { m.Subject, m.CreatedAtUtc, m.SentAtUtc, m.Attempts }).ToListAsync(ct),
            (c, ct) => MailTo(c).ExecuteDeleteAsync(ct)),
        // Token rows hold a hash, never the token; they go with the account.
        new(typeof(ApiToken), "apiTokens",
            async (c, ct) => await c.Db.ApiTokens.AsNoTracking().Where(t => t.User!.PersonId == c.PersonId)
                .Select(t => new { t.Name, t.Prefix, t.CreatedAtUtc, t.RevokedAtUtc, t.LastUsedAtUtc }).ToListAsync(ct),
            (c, ct) => c.Db.ApiTokens.Where(t => t.User!.PersonId == c.PersonId).ExecuteDeleteAsync(ct)),
        new(typeof(IdentityUserClaim<string>), "accountClaims",
            async (c, ct) => await c.Db.UserClaims.AsNoTracking().Where(x => c.Db.Users.Any(u => u.Id == x.UserId && u.PersonId == c.PersonId)).Select(x => new { x.ClaimType, x.ClaimValue }).ToListAsync(ct),
            (c, ct) => c.Db.UserClaims.Where(x => c.Db.Users.Any(u => u.Id == x.UserId && u.PersonId == c.PersonId)).ExecuteDeleteAsync(ct)),
        new(typeof(IdentityUserLogin<string>), "accountLogins",
            async (c, ct) => await c.Db.UserLogins.AsNoTracking().Where(x => c.Db.Users.Any(u => u.Id == x.UserId && u.PersonId == c.PersonId)).Select(x => new { x.LoginProvider, x.ProviderDisplayName }).ToListAsync(ct),
            (c, ct) => c.Db.UserLogins.Where(x => c.Db.Users.Any(u => u.Id == x.UserId && u.PersonId == c.PersonId)).ExecuteDeleteAsync(ct)),
        // Identity's own tokens (such as authenticator keys) are secrets: their names are exported, never their values.
        new(typeof(IdentityUserToken<string>), "accountTokens",
            async (c, ct) => await c.Db.UserTokens.AsNoTracking().Where(x => c.Db.Users.Any(u => u.Id == x.UserId && u.PersonId == c.PersonId)).Select(x => new { x.LoginProvider, x.Name }).ToListAsync(ct),
            (c, ct) => c.Db.UserTokens.Where(x => c.Db.Users.Any(u => u.Id == x.UserId && u.PersonId == c.PersonId)).ExecuteDeleteAsync(ct)),
        // The audit log is kept after erasure: it holds ids and PmoPath's own words, nothing the person typed.
        new(typeof(AuditEntry), "audit",
            async (c, ct) => await c.Db.AuditEntries.AsNoTracking().Where(a => a.SubjectPersonId == c.PersonId || a.ActorPersonId == c.PersonId)
                .OrderBy(a => a.Id).Select(a => new { a.AtUtc, a.Action, a.Detail }).ToListAsync(ct),
            (_, _) => Task.CompletedTask),
    ];

    /// <summary>Everything held about the person, as one JSON-ready document; by the person or an org-admin.</summary>
    public async Task<Dictionary<string, object?>> ExportAsync(Guid personId, CancellationToken ct = default)
    {
        var person = await access.DemandAsync(personId, PersonAction.Export, ct);
        var context = new Context(db, person.Id, clock.GetUtcNow().UtcDateTime);
        var document = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["exportedAtUtc"] = context.Now,
            ["personId"] = person.Id,
        };
        foreach (var part in Parts)
            document[part.Name] = await part.Export(context, ct);
        document["record"] = await records.ViewAsync(person, ct);
        document["developmentPlan"] = await plans.GetAsync(person.Id, ct);
        await audit.WriteAsync(AuditActions.Exported, access.Caller, person.Id, "personal data exported", person.OrganisationId, ct);
        return document;
    }

    /// <summary>
    /// Erases the people inside the transaction the caller has open on <paramref name="db"/> (a staff import
    /// removing leavers does so with the rest of its changes). The caller has checked that it may, and audits
    /// each erasure once the transaction has committed.
    /// </summary>
    internal static async Task EraseWithinTransactionAsync(AppDbContext db, IEnumerable<Guid> personIds, DateTime now, CancellationToken ct)
    {
        // The organisation view counts the level history erasure deletes: its kept figures are behind from now.
        var ids = personIds.ToList();
        var organisations = await db.People.IgnoreQueryFilters().Where(p => ids.Contains(p.Id)).Select(p => p.OrganisationId).Distinct().ToListAsync(ct);
        await OrganisationViewMarks.MarkBehindAsync(db, organisations, ct: ct);
        foreach (var personId in ids)
        {
            var context = new Context(db, personId, now);
            // Dependents first, the account and the person last.
            foreach (var part in Parts.Reverse())
                await part.Erase(context, ct);
        }
    }

    /// <summary>Erases the person's personal data everywhere, in one transaction; by an org-admin.</summary>
    public async Task EraseAsync(Guid personId, CancellationToken ct = default)
    {
        var person = await access.DemandAsync(personId, PersonAction.Erase, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var addresses = await ErasureScrub.AddressesAsync(db, [person.Id], ct);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await EraseWithinTransactionAsync(db, [person.Id], now, ct);
            await tx.CommitAsync(ct);
        });
        db.ChangeTracker.Clear();
        await audit.WriteAsync(AuditActions.Erased, access.Caller, person.Id, "personal data erased", person.OrganisationId, ct);
        await scrub.AfterErasureAsync(db, addresses, ct);
    }
}
