using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Advice;
using PmoPath.Catalog;
using PmoPath.Data;
using PmoPath.Framework;

namespace PmoPath.People;

/// <summary>
/// Reads and changes practitioners' records. Every change is validated as a whole first (errors name
/// the field, nothing is saved on any error) and leaves a <see cref="RecordChange"/> per field changed.
/// </summary>
public sealed class PersonRecords(AppDbContext db, PeopleAccess access, FrameworkStore store, Sessions.ScheduleStore schedules, TimeProvider clock, AuditLog audit)
{
    public const int MaxYearsInPmo = 60;

    public DateOnly Today => clock.Today();

    public async Task<List<PersonSummary>> ListAsync(CancellationToken ct = default) =>
        await access.Visible().AsNoTracking()
            .OrderBy(p => p.DisplayName).ThenBy(p => p.Id)
            .Select(p => new PersonSummary(p.Id, p.DisplayName, p.JobTitle, p.Team == null ? null : p.Team.Name, p.Level, p.TargetLevel, p.PmoType, p.ErasedAtUtc != null))
            .ToListAsync(ct);

    public async Task<PersonView> GetAsync(Guid id, CancellationToken ct = default)
    {
        var person = await access.DemandAsync(id, PersonAction.View, ct);
        return await ViewAsync(person, ct);
    }

    /// <summary>The person with everything the advisor's profile needs, if the caller may see them.</summary>
    public async Task<Person> LoadAsync(Guid id, PersonAction action, CancellationToken ct = default)
    {
        var person = await access.DemandAsync(id, action, ct);
        await LoadRecordAsync(person, ct);
        return person;
    }

    /// <summary>The seam to the advisor: the person's record as the advisor's input profile, or null while their level is not set.</summary>
    /// <remarks>
    /// Beside the record it reads the person's active bookings of sessions not yet over (in progress) and their
    /// open plan items (accepted, not yet booked), which the advice plans around.
    /// </remarks>
    public async Task<PersonProfile?> ProfileAsync(Guid id, CancellationToken ct = default)
    {
        var today = Today;
        var person = await access.DemandAsync(id, PersonAction.View, ct);
        // What the profile reads of the record, and no more (evidence links are not advice's business).
        await LoadRecordAsync(person, ct, evidence: false);
        if (PersonProfile.Of(person, today) is not { } profile)
            return null;
        var bookings = await db.Bookings.AsNoTracking()
            .Where(b => b.PersonId == id && b.Status != Sessions.BookingStatus.Cancelled && b.Session!.EndsOn >= today)
            .OrderBy(b => b.Session!.StartsOn).ThenBy(b => b.Id)
            .Select(b => new ProfileBooking(b.Session!.CourseCode, b.Session.StartsOn, b.SessionId, b.Status == Sessions.BookingStatus.Waitlisted))
            .ToListAsync(ct);
        var planned = await db.PlanItems.AsNoTracking()
            .Where(i => i.PersonId == id && i.Status == PlanStatus.Planned)
            .OrderBy(i => i.TargetDate).ThenBy(i => i.Id)
            .Select(i => new ProfilePlanItem(i.CourseCode, i.TargetDate))
            .ToListAsync(ct);
        return profile with { BookedCourses = bookings, AcceptedCourses = planned };
    }

    /// <summary>
    /// The person's profile and the advisor's answer for it over the public schedule: the one advice My development,
    /// the person's page and the home page's next step show. Null when there is nothing to advise on (no level).
    /// </summary>
    public async Task<(PersonProfile Profile, AdviceAnswer Advice)?> AdviseAsync(Guid id, CancellationToken ct = default)
    {
        if (await ProfileAsync(id, ct) is not { } profile)
            return null;
        return (profile, profile.Advise(await store.GetAsync(ct), await schedules.GetAsync(ct)));
    }

    public async Task<PersonView> ViewAsync(Person person, CancellationToken ct = default)
    {
        await LoadRecordAsync(person, ct);
        var framework = await store.GetAsync(ct);
        var today = Today;
        var email = await db.Users.Where(u => u.PersonId == person.Id).Select(u => u.Email).FirstOrDefaultAsync(ct);
        string? manager = person.Team?.ManagerId is { } managerId
            ? await db.People.Where(p => p.Id == managerId).Select(p => p.DisplayName).FirstOrDefaultAsync(ct)
            : null;
        var history = await db.RecordChanges.AsNoTracking().Where(c => c.PersonId == person.Id)
            .OrderByDescending(c => c.AtUtc).ThenByDescending(c => c.Id).Take(200)
            .Select(c => new { c.AtUtc, By = c.ChangedBy == null ? null : c.ChangedBy.DisplayName, c.Field, c.OldValue, c.NewValue })
            .ToListAsync(ct);

        return new PersonView(
            person.Id, person.DisplayName, email, person.JobTitle, person.Team?.Name, manager,
            person.Level, person.TargetLevel, person.PmoType, person.YearsInPmo, person.Avenue, person.ErasedAtUtc is not null,
            [.. person.Certificates.OrderByDescending(c => c.AchievedOn).Select(c =>
            {
                var standing = CertificateStanding.Of(c, person.Certificates, framework, today, person.CpdLog);
                return new CertificateView(c.Id, c.CourseCode, framework.FindCourse(c.CourseCode)?.Title ?? c.CourseCode, c.AchievedOn,
                    c.CertificateNumber, standing.RenewBy, standing.Status, [.. c.Cpd.OrderBy(y => y.Year)]);
            })],
            [.. person.CompletedCourses.OrderByDescending(c => c.CompletedOn).Select(c =>
                new CompletedCourseView(c.CourseCode, framework.FindCourse(c.CourseCode)?.Title ?? c.CourseCode, framework.FindCourse(c.CourseCode)?.Kind, c.CompletedOn))],
            [.. framework.Competencies.Select(area =>
            {
                var rating = person.Ratings.FirstOrDefault(r => r.CompetencyCode == area.Code);
                int? expected = person.Level is { } level && area.Expected.Count >= level ? area.ExpectedAt(level) : null;
                return new RatingView(area.Code, area.Name, expected, rating?.SelfRating, rating?.ManagerRating);
            })],
            [.. person.Evidence.Select(e => new EvidenceView(e.Id, e.Title, e.Url))],
            [.. history.Select(h => new ChangeView(h.AtUtc, h.By ?? "system", h.Field, h.OldValue, h.NewValue))],
            new PersonPermissions(
                access.Can(PersonAction.EditRecord, person), access.Can(PersonAction.RateAsManager, person),
                access.Can(PersonAction.EditPlan, person), access.Can(PersonAction.CommentOnPlan, person),
                access.Can(PersonAction.Export, person), access.Can(PersonAction.Erase, person), access.Can(PersonAction.ProposeToPlan, person)));
    }

    /// <summary>
    /// The stored record as a <see cref="RecordInput"/> (for the person or an org-admin, who may edit it): what a partial
    /// update starts from, so that the fields it leaves out are written back unchanged.
    /// </summary>
    public async Task<RecordInput> InputOfAsync(Guid id, CancellationToken ct = default)
    {
        var person = await LoadAsync(id, PersonAction.EditRecord, ct);
        return new RecordInput
        {
            DisplayName = person.DisplayName,
            JobTitle = person.JobTitle,
            Level = person.Level,
            TargetLevel = person.TargetLevel,
            PmoType = person.PmoType,
            YearsInPmo = person.YearsInPmo,
            Avenue = person.Avenue,
            Certificates = [.. person.Certificates.Select(c => new CertificateInput
            {
                Code = c.CourseCode, AchievedOn = c.AchievedOn, CertificateNumber = c.CertificateNumber,
                Cpd = [.. c.Cpd.Select(y => new CpdYear { Year = y.Year, Points = y.Points })],
            })],
            CompletedCourses = [.. person.CompletedCourses.Select(c => new CompletedCourseInput { Code = c.CourseCode, CompletedOn = c.CompletedOn })],
            Competencies = person.Ratings.Where(r => r.SelfRating is not null).ToDictionary(r => r.CompetencyCode, r => r.SelfRating, StringComparer.Ordinal),
            Evidence = [.. person.Evidence.Select(e => new EvidenceInput { Title = e.Title, Url = e.Url })],
        };
    }

    /// <summary>Replaces the record's fields (see <see cref="RecordInput"/>), recording each change.</summary>
    public async Task<PersonView> UpdateAsync(Guid id, RecordInput input, CancellationToken ct = default)
    {
        var person = await LoadAsync(id, PersonAction.EditRecord, ct);
        var framework = await store.GetAsync(ct);
        Validate(input, framework, Today);

        var changes = new List<(string Field, string? From, string? To)>();
        void Set<T>(string field, T current, T value, Action<T> assign)
        {
            if (EqualityComparer<T>.Default.Equals(current, value))
                return;
            changes.Add((field, Text(current), Text(value)));
            assign(value);
        }

        Set("displayName", person.DisplayName, input.DisplayName?.Trim() is { Length: > 0 } name ? name : person.DisplayName, v => person.DisplayName = v);
        Set("jobTitle", person.JobTitle, input.JobTitle?.Trim() ?? "", v => person.JobTitle = v);
        Set("level", person.Level, input.Level, v => person.Level = v);
        Set("targetLevel", person.TargetLevel, input.TargetLevel, v => person.TargetLevel = v);
        Set("pmoType", person.PmoType, input.PmoType?.Trim() is { Length: > 0 } type ? type : null, v => person.PmoType = v);
        Set("yearsInPmo", person.YearsInPmo, input.YearsInPmo, v => person.YearsInPmo = v);
        Set("avenue", person.Avenue, input.Avenue, v => person.Avenue = v);

        if (input.Certificates is { } certificates)
        {
            var before = Summary(person.Certificates.Select(c => $"{c.CourseCode} {c.AchievedOn:yyyy-MM-dd} #{c.CertificateNumber} cpd:{string.Join('/', c.Cpd.OrderBy(y => y.Year).Select(y => $"{y.Year}={y.Points}"))}"));
            var after = Summary(certificates.Select(c => $"{c.Code.Trim()} {c.AchievedOn:yyyy-MM-dd} #{c.CertificateNumber?.Trim() ?? ""} cpd:{string.Join('/', (c.Cpd ?? []).OrderBy(y => y.Year).Select(y => $"{y.Year}={y.Points}"))}"));
            if (before != after)
            {
                db.Certificates.RemoveRange(person.Certificates);
                person.Certificates = [.. certificates.Select(c => new Certificate
                {
                    OrganisationId = person.OrganisationId,
                    PersonId = person.Id,
                    CourseCode = c.Code.Trim(),
                    AchievedOn = c.AchievedOn!.Value,
                    CertificateNumber = c.CertificateNumber?.Trim() ?? "",
                    Cpd = [.. (c.Cpd ?? []).Select(y => new CpdYear { Year = y.Year, Points = y.Points })],
                })];
                changes.Add(("certificates", before, after));
            }
        }

        if (input.CompletedCourses is { } courses)
        {
            var before = Summary(person.CompletedCourses.Select(c => $"{c.CourseCode} {c.CompletedOn:yyyy-MM-dd}"));
            var after = Summary(courses.Select(c => $"{c.Code.Trim()} {c.CompletedOn:yyyy-MM-dd}"));
            if (before != after)
            {
                db.CompletedCourses.RemoveRange(person.CompletedCourses);
                person.CompletedCourses = [.. courses.Select(c => new CompletedCourse
                {
                    OrganisationId = person.OrganisationId, PersonId = person.Id, CourseCode = c.Code.Trim(), CompletedOn = c.CompletedOn,
                })];
                changes.Add(("completedCourses", before, after));
            }
        }

        if (input.Competencies is { } ratings)
            foreach (var (code, value) in ratings)
            {
                var rating = RatingFor(person, code);
                Set($"competencies.{code}.self", rating.SelfRating, value, v => rating.SelfRating = v);
            }

        if (input.Evidence is { } evidence)
        {
            var before = Summary(person.Evidence.Select(e => $"{e.Title} <{e.Url}>"));
            var after = Summary(evidence.Select(e => $"{e.Title.Trim()} <{e.Url.Trim()}>"));
            if (before != after)
            {
                db.Evidence.RemoveRange(person.Evidence);
                person.Evidence = [.. evidence.Select(e => new EvidenceLink
                {
                    OrganisationId = person.OrganisationId, PersonId = person.Id, Title = e.Title.Trim(), Url = e.Url.Trim(),
                })];
                changes.Add(("evidence", before, after));
            }
        }

        await SaveChangesAsync(person, changes, ct);
        return await ViewAsync(person, ct);
    }

    /// <summary>The manager's ratings beside the person's own; by the person's team manager or an org-admin.</summary>
    public async Task<PersonView> RateAsync(Guid id, ManagerRatingsInput input, CancellationToken ct = default)
    {
        var person = await LoadAsync(id, PersonAction.RateAsManager, ct);
        var framework = await store.GetAsync(ct);
        var errors = new Errors();
        ValidateRatings(input.Competencies, framework, errors);
        errors.ThrowIfAny();

        var changes = new List<(string Field, string? From, string? To)>();
        foreach (var (code, value) in input.Competencies)
        {
            var rating = RatingFor(person, code);
            if (rating.ManagerRating == value)
                continue;
            changes.Add(($"competencies.{code}.manager", Text(rating.ManagerRating), Text(value)));
            rating.ManagerRating = value;
        }
        await SaveChangesAsync(person, changes, ct);
        return await ViewAsync(person, ct);
    }

    private async Task SaveChangesAsync(Person person, List<(string Field, string? From, string? To)> changes, CancellationToken ct)
    {
        if (changes.Count == 0)
            return;
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (field, from, to) in changes)
            db.RecordChanges.Add(new RecordChange
            {
                OrganisationId = person.OrganisationId,
                PersonId = person.Id,
                AtUtc = now,
                ChangedById = access.Caller.PersonId,
                Field = field,
                OldValue = Truncate(from),
                NewValue = Truncate(to),
            });
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditActions.RecordChanged, access.Caller, person.Id, string.Join(", ", changes.Select(c => c.Field).Distinct()), person.OrganisationId, ct);
    }

    private static CompetencyRating RatingFor(Person person, string code)
    {
        var rating = person.Ratings.FirstOrDefault(r => r.CompetencyCode == code);
        if (rating is null)
        {
            rating = new CompetencyRating { OrganisationId = person.OrganisationId, PersonId = person.Id, CompetencyCode = code };
            person.Ratings.Add(rating);
        }
        return rating;
    }

    private async Task LoadRecordAsync(Person person, CancellationToken ct, bool evidence = true)
    {
        var entry = db.Entry(person);
        if (!entry.Collection(p => p.Certificates).IsLoaded)
            await entry.Collection(p => p.Certificates).LoadAsync(ct);
        if (!entry.Collection(p => p.CompletedCourses).IsLoaded)
            await entry.Collection(p => p.CompletedCourses).LoadAsync(ct);
        if (!entry.Collection(p => p.Ratings).IsLoaded)
            await entry.Collection(p => p.Ratings).LoadAsync(ct);
        if (evidence && !entry.Collection(p => p.Evidence).IsLoaded)
            await entry.Collection(p => p.Evidence).LoadAsync(ct);
        if (!entry.Collection(p => p.CpdLog).IsLoaded)
            await entry.Collection(p => p.CpdLog).LoadAsync(ct);
    }

    /// <summary>Every problem of the input, each naming its field; throws <see cref="InvalidInputException"/> if there is one.</summary>
    public static void Validate(RecordInput input, FrameworkSnapshot framework, DateOnly today)
    {
        var errors = new Errors();
        if (input.DisplayName is { Length: > 200 })
            errors.Add("displayName", "at most 200 characters.");
        if (input.JobTitle is { Length: > 200 })
            errors.Add("jobTitle", "at most 200 characters.");
        if (input.Level is { } level && !CareerLevel.IsValid(level))
            errors.Add("level", $"{level} is not a career level: use {CareerLevel.Lowest} to {CareerLevel.Highest}.");
        if (input.TargetLevel is { } target)
        {
            if (!CareerLevel.IsValid(target))
                errors.Add("targetLevel", $"{target} is not a career level: use {CareerLevel.Lowest} to {CareerLevel.Highest}.");
            else if (input.Level is { } current && CareerLevel.IsValid(current) && target < current)
                errors.Add("targetLevel", $"the target level {target} is below the current level {current}.");
        }
        if (input.PmoType is { Length: > 0 } type && !framework.PmoTypeByCode.ContainsKey(type.Trim()))
            errors.Add("pmoType", $"'{type}' is not a PMO type: use one of {string.Join(", ", framework.PmoTypes.Select(t => t.Code))}.");
        if (input.Avenue is { } avenue && !Enum.IsDefined(avenue))
            errors.Add("avenue", "use hands-on-specialist, managing-a-pmo, enterprise-pmo or project-or-programme-management.");
        if (input.YearsInPmo is { } years && years is < 0 or > MaxYearsInPmo)
            errors.Add("yearsInPmo", $"{years} is not a number of years from 0 to {MaxYearsInPmo}.");

        for (var i = 0; i < (input.Certificates?.Count ?? 0); i++)
        {
            var c = input.Certificates![i];
            var field = $"certificates[{i}]";
            if (framework.FindCourse(c.Code?.Trim() ?? "") is not { } course)
                errors.Add($"{field}.code", $"'{c.Code}' is not a course in the catalogue.");
            else if (!course.IsRecordable)
                errors.Add($"{field}.code", $"'{c.Code}' is a specialist course, not a certification: record it under completedCourses.");
            if (c.AchievedOn is not { } achieved)
                errors.Add($"{field}.achievedOn", "the date the certificate was achieved is required.");
            else if (!DateBounds.Contains(achieved))
                errors.Add($"{field}.achievedOn", DateBounds.Problem(achieved));
            else if (achieved > today)
                errors.Add($"{field}.achievedOn", $"{achieved:yyyy-MM-dd} is in the future.");
            if (c.CertificateNumber is { Length: > 100 })
                errors.Add($"{field}.certificateNumber", "at most 100 characters.");
            for (var j = 0; j < (c.Cpd?.Count ?? 0); j++)
            {
                var y = c.Cpd![j];
                if (y.Year < 1950 || y.Year > today.Year)
                    errors.Add($"{field}.cpd[{j}].year", $"{y.Year} is not a year up to {today.Year}.");
                if (y.Points is < 0 or > 2000)
                    errors.Add($"{field}.cpd[{j}].points", $"{y.Points} is not a number of CPD points from 0 to 2000.");
            }
            if (c.Cpd is { } cpd && cpd.GroupBy(y => y.Year).Any(g => g.Count() > 1))
                errors.Add($"{field}.cpd", "a year is listed twice.");
        }

        for (var i = 0; i < (input.CompletedCourses?.Count ?? 0); i++)
        {
            var c = input.CompletedCourses![i];
            if (framework.FindCourse(c.Code?.Trim() ?? "") is null)
                errors.Add($"completedCourses[{i}].code", $"'{c.Code}' is not a course in the catalogue.");
            if (c.CompletedOn is { } outside && !DateBounds.Contains(outside))
                errors.Add($"completedCourses[{i}].completedOn", DateBounds.Problem(outside));
            else if (c.CompletedOn is { } on && on > today)
                errors.Add($"completedCourses[{i}].completedOn", $"{on:yyyy-MM-dd} is in the future.");
        }

        if (input.Competencies is { } ratings)
            ValidateRatings(ratings, framework, errors);

        for (var i = 0; i < (input.Evidence?.Count ?? 0); i++)
        {
            var e = input.Evidence![i];
            if (string.IsNullOrWhiteSpace(e.Title) || e.Title.Length > 200)
                errors.Add($"evidence[{i}].title", "a title of 1 to 200 characters is required.");
            if (!Uri.TryCreate(e.Url?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || e.Url!.Length > 2000)
                errors.Add($"evidence[{i}].url", "an absolute http or https address is required.");
        }
        errors.ThrowIfAny();
    }

    private static void ValidateRatings(Dictionary<string, int?> ratings, FrameworkSnapshot framework, Errors errors)
    {
        foreach (var (code, value) in ratings)
        {
            if (!framework.CompetencyByCode.ContainsKey(code))
                errors.Add($"competencies.{code}", $"'{code}' is not a competency area.");
            else if (value is { } v && v is < CompetencyArea.MinProficiency or > CompetencyArea.MaxProficiency)
                errors.Add($"competencies.{code}", $"{v} is not a rating: use {CompetencyArea.MinProficiency} (none) to {CompetencyArea.MaxProficiency} (expert).");
        }
    }

    private static string Summary(IEnumerable<string> items) => string.Join("; ", items.Order(StringComparer.Ordinal));

    private static string? Text<T>(T value) => value switch
    {
        null => null,
        CareerAvenue avenue => avenue.ToString(),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string? Truncate(string? value) => value is { Length: > 2000 } ? value[..2000] : value;
}
