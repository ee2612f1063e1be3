using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Catalog;
using PmoPath.Data;
using PmoPath.Framework;
using PmoPath.People;
using PmoPath.Sessions;

namespace PmoPath.Insight;

/// <summary>
/// HR's organisation view: who works at which level and in which PMO type, certificate coverage, renewals
/// coming due, the organisation's training needs, spend against the budget, and how certificates and levels
/// moved over the last three years. Only an org-admin (or the system, for the CLI and benchmarks) may ask,
/// and only for their own organisation.
/// </summary>
/// <remarks>
/// The figures are aggregated by the database (GROUP BY queries written in LINQ, see
/// <see cref="OrganisationQueries"/>): a 100,000-person organisation is never loaded into memory. The one
/// exception is certificate standing where CPD points extend a renew-by date: that rule walks years of points
/// and is computed here, exactly as <see cref="CertificateStanding"/> does, for the few people who log CPD.
/// Requests read the figures kept per organisation (<see cref="OrganisationSnapshots"/>, docs/adr/0027); a first view computes once, shared by the requests that wait for it.
/// </remarks>
public sealed class OrganisationInsight(AppDbContext db, Caller caller, FrameworkStore store, TimeProvider clock,
    OrganisationSnapshots? snapshots = null)
{
    public const int RenewalQuarters = 6;
    public const int TrendQuarters = 12;

    /// <summary>The caller's organisation; <see cref="ForbiddenException"/> for anyone but an org-admin.</summary>
    public async Task<OrganisationInsightView> GetAsync(CancellationToken ct = default) => (await GetKeptAsync(ct)).View;

    /// <summary>
    /// The caller's organisation's figures as kept (docs/adr/0027: a few seconds old at most after a change), with the
    /// time they were computed; <see cref="ForbiddenException"/> for anyone but an org-admin.
    /// </summary>
    public async Task<KeptOrganisationView> GetKeptAsync(CancellationToken ct = default)
    {
        if (caller.IsSystem || caller.Role != PmoRole.OrgAdmin || caller.OrganisationId is not { } organisation)
            throw new ForbiddenException("Only HR (an org-admin) sees the organisation view.");
        // Without the kept snapshots (an instance made by hand, as the CLI's and the benchmarks' are) it computes now.
        return snapshots is not null
            ? await snapshots.GetAsync(organisation, caller, ct)
            : new KeptOrganisationView(await ForOrganisationAsync(organisation, ct), clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>An organisation's figures: for the system (CLI, benchmarks) or that organisation's org-admin.</summary>
    public async Task<OrganisationInsightView> ForOrganisationAsync(Guid organisationId, CancellationToken ct = default)
    {
        if (!caller.IsSystem && !(caller.Role == PmoRole.OrgAdmin && caller.OrganisationId == organisationId))
            throw new ForbiddenException("Only HR (an org-admin) sees the organisation view.");
        var organisation = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organisationId, ct)
            ?? throw new NotFoundException("organisation", organisationId.ToString());
        var framework = await store.GetAsync(ct);
        var today = clock.Today();
        var queries = new OrganisationQueries(db, organisationId, framework, today);

        var people = await queries.PeopleAsync(ct);
        var cpd = await queries.CpdHoldersAsync(ct);
        var certificates = await queries.CertificatesAsync(cpd, ct);
        var ratings = await queries.RatingsAsync(ct);
        var spend = await queries.SpendAsync(ct);
        var byQuarter = await queries.CertificatesByQuarterAsync(ct);
        var changes = await queries.LevelChangesAsync(ct);

        var build = new Assembler(framework, today);
        build.AddCpdHolders(cpd, certificates.Coverage, certificates.Renewals);
        var headcounts = people.Headcounts;
        return new OrganisationInsightView(
            organisation.Id, organisation.Name, today, headcounts.Sum(h => h.People),
            build.PeopleByLevel(headcounts), build.PeopleByPmoType(headcounts),
            build.Coverage(certificates.Coverage), build.Renewals(certificates.Renewals),
            build.TrainingNeeds(new GapRows(people.PeopleByMeasuredLevel, ratings)), build.Spend(spend, organisation),
            build.CertificatesByQuarter(byQuarter), build.LevelsOverTime(headcounts, new LevelHistory(people.Created, changes)));
    }

    /// <summary>The first day of the quarter <paramref name="day"/> falls in.</summary>
    public static DateOnly QuarterStart(DateOnly day) => new(day.Year, (day.Month - 1) / 3 * 3 + 1, 1);

    public static string QuarterName(DateOnly start) => $"{start.Year} Q{(start.Month - 1) / 3 + 1}";

    /// <summary>The earliest exam date whose renew-by date (<c>exam + years</c>) is on or after <paramref name="day"/>: from then on a certificate is not lapsed.</summary>
    public static DateOnly EarliestStartCurrentOn(DateOnly day, int years)
    {
        var cutoff = day.AddYears(-years);
        return cutoff.AddYears(years) < day ? cutoff.AddDays(1) : cutoff;
    }

    /// <summary>Turns the grouped rows into the view, in the framework's order.</summary>
    private sealed class Assembler(FrameworkSnapshot framework, DateOnly today)
    {
        private readonly Dictionary<(int? Level, string Body), int> _extraCoverage = [];
        private readonly Dictionary<(string Group, int Bucket), int> _extraRenewals = [];

        /// <summary>Adds the people whose standing depends on CPD points, computed exactly in memory.</summary>
        public void AddCpdHolders(IReadOnlyList<CpdHolder> holders, List<CoverageRow> coverage, List<RenewalRow> renewals)
        {
            var groups = RenewalGroup.Of(framework);
            var quarterStarts = RenewalQuarterStarts(today);
            foreach (var holder in holders)
            {
                var standings = holder.Certificates.Select(c => (Certificate: c, Course: framework.FindCourse(c.CourseCode), Standing: CertificateStanding.Of(c, holder.Certificates, framework, today))).ToList();
                foreach (var body in standings.Where(s => s.Course?.Body is not null && s.Standing.Status != CertificateStatus.NotCurrent).Select(s => s.Course!.Body!).Distinct())
                    _extraCoverage[(holder.Level, body)] = _extraCoverage.GetValueOrDefault((holder.Level, body)) + 1;
                foreach (var group in groups)
                {
                    var held = standings.Where(s => group.Codes.Contains(s.Certificate.CourseCode)).ToList();
                    if (held.Count == 0 || held[0].Standing.RenewBy is not { } renewBy || renewBy < today)
                        continue;
                    var bucket = quarterStarts.Count(start => start <= renewBy) - 1;
                    if (bucket < RenewalQuarters)
                        _extraRenewals[(group.Key, bucket)] = _extraRenewals.GetValueOrDefault((group.Key, bucket)) + 1;
                }
            }
            foreach (var ((level, body), people) in _extraCoverage)
                coverage.Add(new CoverageRow(level, body, people));
            foreach (var ((group, bucket), count) in _extraRenewals)
                renewals.Add(new RenewalRow(group, bucket, count));
        }

        public List<LevelHeadcount> PeopleByLevel(List<HeadcountRow> rows) =>
        [
            .. LevelKeys().Select(level => new LevelHeadcount(level, LevelName(level),
                rows.Where(r => r.Level == level).Sum(r => r.People),
                TypeKeys(rows).ToDictionary(t => t ?? OrganisationInsightView.NotSet, t => rows.Where(r => r.Level == level && r.PmoType == t).Sum(r => r.People)))),
        ];

        public List<TypeHeadcount> PeopleByPmoType(List<HeadcountRow> rows) =>
            [.. TypeKeys(rows).Select(t => new TypeHeadcount(t, TypeName(t), rows.Where(r => r.PmoType == t).Sum(r => r.People)))];

        public List<BodyCoverage> Coverage(List<CoverageRow> rows) =>
        [
            .. framework.Bodies.Select(b => new BodyCoverage(b.Code, b.ShortName is { Length: > 0 } s ? s : b.Name,
                rows.Where(r => r.Body == b.Code).Sum(r => r.People),
                LevelKeys().ToDictionary(OrganisationInsightView.LevelKey, l => rows.Where(r => r.Body == b.Code && r.Level == l).Sum(r => r.People)))),
        ];

        public List<RenewalQuarter> Renewals(List<RenewalRow> rows)
        {
            var groups = RenewalGroup.Of(framework);
            var bodies = groups.Select(g => g.Body).Distinct().ToList();
            var starts = RenewalQuarterStarts(today);
            return [.. Enumerable.Range(0, RenewalQuarters).Select(q =>
            {
                var byBody = bodies.ToDictionary(b => b, b => rows.Where(r => r.Bucket == q && groups.Any(g => g.Key == r.Group && g.Body == b)).Sum(r => r.Count));
                return new RenewalQuarter(QuarterName(QuarterStart(starts[q])), starts[q], starts[q + 1].AddDays(-1), byBody.Values.Sum(), byBody);
            })];
        }

        public List<TrainingNeed> TrainingNeeds(GapRows gaps)
        {
            var needs = new List<TrainingNeed>();
            foreach (var area in framework.Competencies)
            {
                int total = 0, short_ = 0, measured = 0;
                foreach (var (level, people) in gaps.PeopleByMeasuredLevel)
                {
                    var expected = area.ExpectedAt(level);
                    var ratedRows = gaps.Ratings.Where(r => r.Level == level && r.Competency == area.Code).ToList();
                    var unrated = people - ratedRows.Sum(r => r.People);
                    total += unrated * expected;
                    short_ += expected > 0 ? unrated : 0;
                    foreach (var r in ratedRows)
                    {
                        var gap = Math.Max(0, expected - r.Rating);
                        total += gap * r.People;
                        short_ += gap > 0 ? r.People : 0;
                    }
                    measured += people;
                }
                var courses = framework.Courses.Where(c => !c.Retired && c.Competencies.Contains(area.Code)).Select(c => new CourseLink(c.Code, c.Title)).ToList();
                needs.Add(new TrainingNeed(area.Code, area.Name, total, short_, measured, courses));
            }
            return [.. needs.OrderByDescending(n => n.TotalGap).ThenBy(n => framework.CompetencyByCode[n.Area].Position)];
        }

        public SpendView Spend(SpendRows rows, Organisation organisation)
        {
            var currency = organisation.BudgetCurrency;
            // The cheapest upcoming public seat of each course, in the budget's currency where there is one.
            var cheapest = rows.Prices.GroupBy(p => p.Course).ToDictionary(g => g.Key,
                g => g.OrderBy(p => p.Currency == currency ? 0 : 1).ThenBy(p => p.Price).First());
            var lines = new Dictionary<(string Course, string? Currency), SpendLine>();
            SpendLine Line(string course, string? cur) => lines.TryGetValue((course, cur), out var line) ? line
                : new SpendLine(course, framework.FindCourse(course)?.Title ?? course, cur, 0, null, null, 0, 0);
            foreach (var (course, items) in rows.PlannedItems)
            {
                var price = cheapest.GetValueOrDefault(course);
                var line = Line(course, price?.Currency);
                lines[(course, price?.Currency)] = line with
                {
                    PlannedItems = line.PlannedItems + items,
                    CheapestPrice = price?.Price,
                    PlannedSpend = price is null ? null : (line.PlannedSpend ?? 0) + items * price.Price,
                };
            }
            foreach (var seats in rows.Booked)
            {
                var line = Line(seats.Course, seats.Currency);
                lines[(seats.Course, seats.Currency)] = line with
                {
                    ConfirmedBookings = line.ConfirmedBookings + seats.Bookings,
                    BookedSpend = line.BookedSpend + seats.Bookings * seats.Price,
                    CheapestPrice = line.CheapestPrice ?? (cheapest.GetValueOrDefault(seats.Course) is { } p && p.Currency == seats.Currency ? p.Price : null),
                };
            }
            var ordered = lines.Values
                .OrderByDescending(l => (l.PlannedSpend ?? 0) + l.BookedSpend).ThenByDescending(l => l.PlannedItems)
                .ThenBy(l => framework.FindCourse(l.Course)?.Position ?? int.MaxValue).ThenBy(l => l.Currency, StringComparer.Ordinal).ToList();
            var inBudgetCurrency = ordered.Where(l => l.Currency == currency).ToList();
            var planned = inBudgetCurrency.Sum(l => l.PlannedSpend ?? 0);
            var booked = inBudgetCurrency.Sum(l => l.BookedSpend);
            decimal Days(string course) => framework.FindCourse(course)?.DurationDays ?? 0;
            var others = ordered.Where(l => l.Currency is not null && l.Currency != currency).GroupBy(l => l.Currency!)
                .Select(g => new CurrencySpend(g.Key, g.Sum(l => l.PlannedSpend ?? 0), g.Sum(l => l.BookedSpend))).OrderBy(c => c.Currency, StringComparer.Ordinal).ToList();
            return new SpendView(currency, organisation.TrainingBudget, planned, booked,
                organisation.TrainingBudget is { } budget ? budget - planned - booked : null,
                organisation.TrainingDaysBudget,
                rows.PlannedItems.Sum(p => p.Items * Days(p.Course)), rows.Booked.Sum(b => b.Bookings * Days(b.Course)),
                rows.PlannedItems.Sum(p => p.Items), ordered.Where(l => l.CheapestPrice is null).Sum(l => l.PlannedItems),
                rows.Booked.Sum(b => b.Bookings), ordered, others);
        }

        public List<QuarterCertificates> CertificatesByQuarter(List<CourseBucketRow> rows)
        {
            var starts = TrendQuarterStarts(today);
            return [.. Enumerable.Range(0, TrendQuarters).Select(q =>
            {
                var byBody = framework.Bodies.ToDictionary(b => b.Code, b => rows.Where(r => r.Bucket == q && framework.FindCourse(r.Course)?.Body == b.Code).Sum(r => r.Count));
                return new QuarterCertificates(QuarterName(starts[q]), starts[q], rows.Where(r => r.Bucket == q).Sum(r => r.Count), byBody);
            })];
        }

        /// <summary>
        /// The level count at each quarter's end, rebuilt backwards from today: a person counts from the quarter
        /// their record was created, and every level change after a point moves them, at that point, from the
        /// change's new value back to its old one (a chain of changes telescopes to the first old value).
        /// </summary>
        public List<QuarterLevels> LevelsOverTime(List<HeadcountRow> now, LevelHistory history)
        {
            var points = TrendPoints(today);
            var result = new List<QuarterLevels>();
            for (var j = 0; j < points.Count; j++)
            {
                var counts = LevelKeys().ToDictionary(OrganisationInsightView.LevelKey, _ => 0);
                foreach (var row in history.Created.Where(r => r.Bucket <= j))
                    counts[OrganisationInsightView.LevelKey(row.Level)] = counts.GetValueOrDefault(OrganisationInsightView.LevelKey(row.Level)) + row.People;
                foreach (var change in history.Changes.Where(c => c.CreatedBucket <= j && c.ChangedBucket > j))
                {
                    var from = LevelOf(change.OldValue);
                    var to = LevelOf(change.NewValue);
                    counts[from] = counts.GetValueOrDefault(from) + change.Count;
                    counts[to] = counts.GetValueOrDefault(to) - change.Count;
                }
                var at = j == points.Count - 1 ? today : DateOnly.FromDateTime(points[j]).AddDays(-1);
                result.Add(new QuarterLevels(j == points.Count - 1 ? "now" : QuarterName(QuarterStart(at)), at, counts.Values.Sum(), counts));
            }
            return result;
        }

        private static string LevelOf(string? value) =>
            int.TryParse(value, CultureInfo.InvariantCulture, out var level) && level is >= CareerLevel.Lowest and <= CareerLevel.Highest
                ? OrganisationInsightView.LevelKey(level) : OrganisationInsightView.NotSet;

        private IEnumerable<int?> LevelKeys() => [.. framework.Levels.Select(l => (int?)l.Number), null];

        private static string LevelName(int? level) => level is { } l ? $"Level {l}" : "Not set";

        private IEnumerable<string?> TypeKeys(List<HeadcountRow> rows) =>
        [
            .. framework.PmoTypes.Select(t => (string?)t.Code),
            .. rows.Select(r => r.PmoType).Where(t => t is not null && !framework.PmoTypeByCode.ContainsKey(t)).Distinct().Order(StringComparer.Ordinal),
            null,
        ];

        private string TypeName(string? code) => code is null ? "Not set" : framework.PmoTypeByCode.TryGetValue(code, out var type) ? type.Name : code;
    }

    /// <summary>The start of the current quarter's remainder (today) and of the following quarters; one more than <see cref="RenewalQuarters"/>.</summary>
    public static List<DateOnly> RenewalQuarterStarts(DateOnly today)
    {
        var first = QuarterStart(today);
        return [today, .. Enumerable.Range(1, RenewalQuarters).Select(q => first.AddMonths(3 * q))];
    }

    /// <summary>The first days of the last <see cref="TrendQuarters"/> quarters, oldest first, ending with the current one; plus the next quarter's start.</summary>
    public static List<DateOnly> TrendQuarterStarts(DateOnly today)
    {
        var current = QuarterStart(today);
        return [.. Enumerable.Range(0, TrendQuarters + 1).Select(q => current.AddMonths(3 * (q - TrendQuarters + 1)))];
    }

    /// <summary>The instants the level trend is counted at: the end of each of the last quarters (as the next quarter's first midnight), and now.</summary>
    public static List<DateTime> TrendPoints(DateOnly today)
    {
        var starts = TrendQuarterStarts(today);
        return [.. starts.Skip(1).Take(TrendQuarters - 1).Select(d => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)), today.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)];
    }
}

/// <summary>
/// Certificates that renew together: a suite (AXELOS's P3O and MoP share one renew-by date), or a single
/// course with its own renewal rule; with the years after the latest exam that they stay current.
/// </summary>
public sealed record RenewalGroup(string Key, string Body, IReadOnlyList<string> Codes, IReadOnlyList<string> SuiteCodes, int Years)
{
    /// <summary>
    /// The framework's groups. Courses of a suite with different renewal years form one group per number of
    /// years, each looking at the exams of the whole suite (as <see cref="CertificateStanding"/> does).
    /// </summary>
    public static List<RenewalGroup> Of(FrameworkSnapshot framework) =>
    [
        .. framework.Courses
            .Where(c => c.Renewal is { Kind: RenewalKind.RenewWithinYears, Years: > 0 })
            .GroupBy(c => (Suite: c.Suite ?? c.Code, Years: c.Renewal!.Years!.Value))
            .Select(g =>
            {
                var suite = g.First().Suite is { } s ? framework.Courses.Where(c => c.Suite == s).Select(c => c.Code).ToList() : [g.Key.Suite];
                return new RenewalGroup($"{g.Key.Suite}/{g.Key.Years}", g.First().Body ?? "", [.. g.Select(c => c.Code)], suite, g.Key.Years);
            }),
    ];

    /// <summary>Every code of a course whose certificates lapse.</summary>
    public static HashSet<string> RenewingCodes(FrameworkSnapshot framework) =>
        [.. framework.Courses.Where(c => c.Renewal is { Kind: RenewalKind.RenewWithinYears, Years: > 0 }).Select(c => c.Code)];
}
