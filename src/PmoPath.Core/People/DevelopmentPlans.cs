using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Framework;

namespace PmoPath.People;

public sealed record PlanView(IReadOnlyList<PlanItemView> Items, IReadOnlyList<RoadmapYear> Roadmap, IReadOnlyList<RenewalReminder> Reminders);

public sealed record PlanItemView(
    Guid Id, string Code, string Title, DateOnly? TargetDate, PlanStatus Status, string Notes,
    DateTime CreatedAtUtc, DateTime UpdatedAtUtc, IReadOnlyList<PlanCommentView> Comments);

public sealed record PlanCommentView(Guid Id, string Author, string Text, DateTime AtUtc);

/// <summary>The open items of the plan by the year they are aimed at.</summary>
public sealed record RoadmapYear(int Year, IReadOnlyList<string> Codes);

/// <summary>A certificate whose renew-by date is near or past.</summary>
public sealed record RenewalReminder(string Code, string Title, DateOnly RenewBy, CertificateStatus Status, int DaysLeft);

/// <summary>A course accepted into the plan. The person comes from the route, never from the body.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PlanItemInput
{
    public string CourseCode { get; init; } = "";
    public DateOnly? TargetDate { get; init; }
    public PlanStatus? Status { get; init; }
    public string? Notes { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PlanItemUpdate
{
    public DateOnly? TargetDate { get; init; }
    public PlanStatus? Status { get; init; }
    public string? Notes { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PlanCommentInput
{
    public string Text { get; init; } = "";
}

/// <summary>
/// A person's development plan: courses they accepted (from the advisor's answer or the catalogue),
/// with target dates and statuses; the roadmap of open items; reminders before renew-by dates.
/// The person owns it; their manager and HR read and comment.
/// </summary>
public sealed class DevelopmentPlans(AppDbContext db, PeopleAccess access, FrameworkStore store, TimeProvider clock, AuditLog audit)
{
    public const int MaxNotes = 4000;

    private DateOnly Today => clock.Today();

    public async Task<PlanView> GetAsync(Guid personId, CancellationToken ct = default)
    {
        var person = await access.DemandAsync(personId, PersonAction.View, ct);
        var framework = await store.GetAsync(ct);
        var items = await db.PlanItems.AsNoTracking().Where(i => i.PersonId == person.Id)
            .OrderBy(i => i.TargetDate == null).ThenBy(i => i.TargetDate).ThenBy(i => i.CreatedAtUtc)
            .Include(i => i.Comments.OrderBy(c => c.AtUtc)).ThenInclude(c => c.Author)
            .ToListAsync(ct);
        // Through the tracked person, so that a page showing the record as well reads the certificates once.
        var certificates = db.Entry(person).Collection(p => p.Certificates);
        if (!certificates.IsLoaded)
            await certificates.LoadAsync(ct);
        var today = Today;

        var reminders = person.Certificates
            .Select(c => (Certificate: c, Standing: CertificateStanding.Of(c, person.Certificates, framework, today)))
            .Where(x => x.Standing is { RenewBy: not null, Status: CertificateStatus.DueForRenewal or CertificateStatus.NotCurrent })
            .Select(x => new RenewalReminder(x.Certificate.CourseCode, Title(framework, x.Certificate.CourseCode), x.Standing.RenewBy!.Value,
                x.Standing.Status, x.Standing.RenewBy.Value.DayNumber - today.DayNumber))
            .OrderBy(r => r.RenewBy).ToList();

        var roadmap = items.Where(i => i.TargetDate is not null && i.Status is PlanStatus.Planned or PlanStatus.Booked)
            .GroupBy(i => i.TargetDate!.Value.Year).OrderBy(g => g.Key)
            .Select(g => new RoadmapYear(g.Key, [.. g.Select(i => i.CourseCode)])).ToList();

        return new PlanView(
            [.. items.Select(i => new PlanItemView(i.Id, i.CourseCode, Title(framework, i.CourseCode), i.TargetDate, i.Status, i.Notes,
                i.CreatedAtUtc, i.UpdatedAtUtc, [.. i.Comments.Select(c => new PlanCommentView(c.Id, c.Author?.DisplayName ?? "someone", c.Text, c.AtUtc))]))],
            roadmap, reminders);
    }

    public async Task<PlanItemView> AddAsync(Guid personId, PlanItemInput input, CancellationToken ct = default) =>
        await AddAsync(await access.DemandAsync(personId, PersonAction.EditPlan, ct), input, ct);

    /// <summary>
    /// Puts a course into the plan as the person does themselves, or — for their manager or HR, who may propose
    /// but not edit the plan — as a proposal the person then owns like any other item.
    /// </summary>
    public async Task<PlanItemView> ProposeAsync(Guid personId, PlanItemInput input, CancellationToken ct = default)
    {
        var person = await access.FindAsync(personId, ct);
        if (!access.Can(PersonAction.EditPlan, person))
            person = await access.DemandAsync(personId, PersonAction.ProposeToPlan, ct);
        return await AddAsync(person, input, ct);
    }

    private async Task<PlanItemView> AddAsync(Person person, PlanItemInput input, CancellationToken ct)
    {
        var framework = await store.GetAsync(ct);
        var errors = new Errors();
        var course = framework.FindCourse(input.CourseCode?.Trim() ?? "");
        if (course is null)
            errors.Add("courseCode", $"'{input.CourseCode}' is not a course in the catalogue.");
        else if (course.Retired)
            errors.Add("courseCode", $"'{course.Code}' is retired{(course.Successor is { } s ? $": plan '{s}' instead" : "")}.");
        ValidateDetails(input.TargetDate, input.Notes, errors);
        ValidateStatus(input.Status, errors);
        errors.ThrowIfAny();

        var now = clock.GetUtcNow().UtcDateTime;
        var item = new PlanItem
        {
            OrganisationId = person.OrganisationId,
            PersonId = person.Id,
            CourseCode = course!.Code,
            TargetDate = input.TargetDate,
            Status = input.Status ?? PlanStatus.Planned,
            Notes = input.Notes?.Trim() ?? "",
            CreatedAtUtc = now,
            UpdatedAtUtc = now,
        };
        db.PlanItems.Add(item);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditActions.PlanChanged, access.Caller, person.Id, $"added {item.CourseCode}", person.OrganisationId, ct);
        return new PlanItemView(item.Id, item.CourseCode, Title(framework, item.CourseCode), item.TargetDate, item.Status, item.Notes, now, now, []);
    }

    public async Task<PlanItemView> UpdateAsync(Guid personId, Guid itemId, PlanItemUpdate input, CancellationToken ct = default)
    {
        var person = await access.DemandAsync(personId, PersonAction.EditPlan, ct);
        var item = await FindItemAsync(person, itemId, ct);
        var errors = new Errors();
        // A target date already passed may stay; a new one must not be in the past.
        if (input.TargetDate != item.TargetDate)
            ValidateDetails(input.TargetDate, input.Notes, errors);
        else
            ValidateDetails(null, input.Notes, errors);
        ValidateStatus(input.Status, errors);
        errors.ThrowIfAny();

        item.TargetDate = input.TargetDate;
        item.Status = input.Status ?? item.Status;
        item.Notes = input.Notes?.Trim() ?? item.Notes;
        item.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditActions.PlanChanged, access.Caller, person.Id, $"updated {item.CourseCode}: {item.Status}", person.OrganisationId, ct);
        var framework = await store.GetAsync(ct);
        return new PlanItemView(item.Id, item.CourseCode, Title(framework, item.CourseCode), item.TargetDate, item.Status, item.Notes,
            item.CreatedAtUtc, item.UpdatedAtUtc, []);
    }

    public async Task<PlanCommentView> CommentAsync(Guid personId, Guid itemId, PlanCommentInput input, CancellationToken ct = default)
    {
        var person = await access.DemandAsync(personId, PersonAction.CommentOnPlan, ct);
        var item = await FindItemAsync(person, itemId, ct);
        var text = input.Text?.Trim() ?? "";
        if (text.Length is 0 or > MaxNotes)
            throw new InvalidInputException("text", $"a comment of 1 to {MaxNotes} characters is required.");
        var comment = new PlanComment
        {
            OrganisationId = person.OrganisationId,
            PlanItemId = item.Id,
            PersonId = person.Id,
            AuthorId = access.Caller.PersonId,
            Text = text,
            AtUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.PlanComments.Add(comment);
        await db.SaveChangesAsync(ct);
        var author = access.Caller.PersonId is { } me ? await db.People.Where(p => p.Id == me).Select(p => p.DisplayName).FirstOrDefaultAsync(ct) : null;
        return new PlanCommentView(comment.Id, author ?? "someone", comment.Text, comment.AtUtc);
    }

    /// <summary>An item of this person's plan; an item of anyone else's is not found, whatever the caller may see.</summary>
    private async Task<PlanItem> FindItemAsync(Person person, Guid itemId, CancellationToken ct) =>
        await db.PlanItems.FirstOrDefaultAsync(i => i.Id == itemId && i.PersonId == person.Id, ct)
        ?? throw new NotFoundException("plan item", itemId.ToString());

    private void ValidateDetails(DateOnly? targetDate, string? notes, Errors errors)
    {
        if (targetDate is { } date && date < Today)
            errors.Add("targetDate", $"{date:yyyy-MM-dd} is in the past.");
        if (targetDate is { } far && far > Today.AddYears(10))
            errors.Add("targetDate", $"{far:yyyy-MM-dd} is more than 10 years away.");
        if (notes is { Length: > MaxNotes })
            errors.Add("notes", $"at most {MaxNotes} characters.");
    }

    private static void ValidateStatus(PlanStatus? status, Errors errors)
    {
        if (status is { } s && !Enum.IsDefined(s))
            errors.Add("status", "use planned, booked, done or dropped.");
    }

    private static string Title(FrameworkSnapshot framework, string code) => framework.FindCourse(code)?.Title ?? code;
}
