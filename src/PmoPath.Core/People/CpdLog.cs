using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Catalog;
using PmoPath.Data;
using PmoPath.Framework;

namespace PmoPath.People;

/// <summary>A CPD entry as the API and pages show it.</summary>
public sealed record CpdEntryView(Guid Id, DateOnly On, string Activity, decimal Points, string Suite, string SuiteName, string? EvidenceUrl);

/// <summary>A CPD activity to log: the day, what was done, the points (1 point = 1 hour), the suite and an optional evidence link.</summary>
public sealed record CpdEntryInput
{
    public DateOnly? On { get; init; }
    public string? Activity { get; init; }
    public decimal? Points { get; init; }
    public string? Suite { get; init; }
    public string? EvidenceUrl { get; init; }
}

/// <summary>A renewal suite CPD can be logged for, with the rule that says how many points keep it current.</summary>
public sealed record CpdSuite(string Code, string Name, int PointsPerYear, int Years, string? Subscription);

/// <summary>
/// The CPD log on a person's record. Whoever may see the record sees the log; whoever may change the record
/// (the person, their org-admin) logs and removes entries. Each change leaves a record-history entry.
/// </summary>
public sealed class CpdLog(AppDbContext db, PeopleAccess access, FrameworkStore store, TimeProvider clock, AuditLog audit)
{
    public const decimal MaxPointsPerEntry = 100;

    /// <summary>The suites whose renewal rule accepts CPD points, by the framework's courses; "AXELOS (PeopleCert)" for <c>axelos</c>.</summary>
    public static IReadOnlyList<CpdSuite> Suites(FrameworkSnapshot framework) =>
    [
        .. framework.Courses
            .Where(c => c.Suite is not null && c.Renewal is { Kind: RenewalKind.RenewWithinYears, CpdPointsPerYear: not null, Years: not null })
            .GroupBy(c => c.Suite!, StringComparer.Ordinal)
            .Select(g => g.First())
            .Select(c => new CpdSuite(c.Suite!, c.Body is { } b && framework.BodyByCode.TryGetValue(b, out var body) ? body.Name : c.Suite!,
                c.Renewal!.CpdPointsPerYear!.Value, c.Renewal.Years!.Value, c.Renewal.CpdSubscription)),
    ];

    public async Task<List<CpdEntryView>> ListAsync(Guid personId, CancellationToken ct = default)
    {
        var person = await access.DemandAsync(personId, PersonAction.View, ct);
        var framework = await store.GetAsync(ct);
        var entries = await db.CpdLog.AsNoTracking().Where(e => e.PersonId == person.Id)
            .OrderByDescending(e => e.On).ThenByDescending(e => e.Id).ToListAsync(ct);
        return [.. entries.Select(e => View(e, framework))];
    }

    /// <summary>Logs an activity; every bad field is named and nothing is saved on any error.</summary>
    public async Task<CpdEntryView> AddAsync(Guid personId, CpdEntryInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var person = await access.DemandAsync(personId, PersonAction.EditRecord, ct);
        var framework = await store.GetAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var suites = Suites(framework);

        var errors = new Errors();
        if (input.On is not { } on)
            errors.Add("on", "the day of the activity is required (yyyy-mm-dd).");
        else if (on > today)
            errors.Add("on", $"{on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} is in the future.");
        else if (on.Year < 2000)
            errors.Add("on", $"{on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} is too long ago.");
        errors.Required("activity", input.Activity?.Trim(), 300);
        if (input.Points is not { } points)
            errors.Add("points", "the points are required (1 point = 1 hour).");
        else if (points <= 0 || points > MaxPointsPerEntry || decimal.Round(points, 1) != points)
            errors.Add("points", $"{points.ToString(CultureInfo.InvariantCulture)} is not a number of CPD points: more than 0, at most {MaxPointsPerEntry}, in tenths at most.");
        var suiteCode = input.Suite?.Trim() ?? "";
        if (suiteCode.Length == 0)
            errors.Add("suite", $"the suite the points count for is required: {string.Join(", ", suites.Select(s => s.Code))}.");
        else if (!suites.Any(s => s.Code == suiteCode))
            errors.Add("suite", $"'{input.Suite}' is not a suite that renews by CPD: use {string.Join(", ", suites.Select(s => s.Code))}.");
        var url = string.IsNullOrWhiteSpace(input.EvidenceUrl) ? null : input.EvidenceUrl.Trim();
        if (url is not null && (url.Length > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
            errors.Add("evidenceUrl", $"'{url}' is not an http or https address of at most 2000 characters.");
        errors.ThrowIfAny();

        var entry = new CpdEntry
        {
            OrganisationId = person.OrganisationId,
            PersonId = person.Id,
            On = input.On!.Value,
            Activity = input.Activity!.Trim(),
            Points = input.Points!.Value,
            Suite = suiteCode,
            EvidenceUrl = url,
            CreatedAtUtc = now,
        };
        db.CpdLog.Add(entry);
        AddChange(person, now, null, Describe(entry));
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditActions.RecordChanged, access.Caller, person.Id, "cpdLog", person.OrganisationId, ct);
        return View(entry, framework);
    }

    /// <summary>Removes an entry of the person's log; an id that is not theirs is a 404.</summary>
    public async Task DeleteAsync(Guid personId, Guid entryId, CancellationToken ct = default)
    {
        var person = await access.DemandAsync(personId, PersonAction.EditRecord, ct);
        var entry = await db.CpdLog.FirstOrDefaultAsync(e => e.Id == entryId && e.PersonId == person.Id, ct)
            ?? throw new NotFoundException("CPD entry", entryId.ToString());
        var now = clock.GetUtcNow().UtcDateTime;
        db.CpdLog.Remove(entry);
        AddChange(person, now, Describe(entry), null);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditActions.RecordChanged, access.Caller, person.Id, "cpdLog", person.OrganisationId, ct);
    }

    private void AddChange(Person person, DateTime now, string? from, string? to) => db.RecordChanges.Add(new RecordChange
    {
        OrganisationId = person.OrganisationId,
        PersonId = person.Id,
        AtUtc = now,
        ChangedById = access.Caller.PersonId,
        Field = "cpdLog",
        OldValue = from,
        NewValue = to,
    });

    private static string Describe(CpdEntry e) =>
        $"{e.On.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} {e.Points.ToString("0.#", CultureInfo.InvariantCulture)} points ({e.Suite}): {(e.Activity.Length > 200 ? e.Activity[..200] : e.Activity)}";

    private static CpdEntryView View(CpdEntry e, FrameworkSnapshot framework) =>
        new(e.Id, e.On, e.Activity, e.Points, e.Suite, Suites(framework).FirstOrDefault(s => s.Code == e.Suite)?.Name ?? e.Suite, e.EvidenceUrl);
}
