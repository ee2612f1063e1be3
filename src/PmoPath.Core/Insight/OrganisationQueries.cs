using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using PmoPath.Data;
using PmoPath.Framework;
using PmoPath.People;
using PmoPath.Sessions;

namespace PmoPath.Insight;

/// <summary>
/// The organisation view's queries: GROUP BY in the database, each returning a few hundred rows at most (the CPD
/// holders apart), eight round trips in all: the people are read in one pass for their three figures, the
/// certificates in one for coverage and renewals, the ratings in one, the three spend figures in one. Every query names the organisation as well as going through the context's tenant filter,
/// so the organisation's indexes are used and a system context (the CLI, benchmarks) sees one organisation too; the
/// indexes they read are listed in docs/adr/0011. Framework data (course bodies, suites, expected proficiency)
/// comes from the cached <see cref="FrameworkSnapshot"/>, never from the catalogue tables. Dates are put into buckets
/// (quarters) by comparing with the quarters' first days in a CASE expression, which reads the same on SQLite and
/// PostgreSQL.
/// </summary>
public sealed partial class OrganisationQueries(AppDbContext db, Guid organisationId, FrameworkSnapshot framework, DateOnly today)
{
    /// <summary>How many bits of facts one certificate query packs into its 64-bit column (the sign bit left alone).</summary>
    private const int FactBits = 62;

    private readonly HashSet<string> _renewing = RenewalGroup.RenewingCodes(framework);

    /// <summary>
    /// One pass over the people (erased people too: their level and type are kept so counts hold), grouped by level,
    /// PMO type, target level and the trend quarter their record was created in; the three figures are sums of it.
    /// </summary>
    public async Task<PeopleRows> PeopleAsync(CancellationToken ct = default)
    {
        var points = OrganisationInsight.TrendPoints(today);
        var groups = await Expanded(db.People.Where(p => p.OrganisationId == organisationId)
                .GroupBy(p => new { p.Level, p.PmoType, p.TargetLevel, Created = Bucket(p.CreatedAtUtc, points) })
                .Select(g => new { g.Key.Level, g.Key.PmoType, g.Key.TargetLevel, g.Key.Created, People = g.Count() }))
            .ToListAsync(ct);
        return new PeopleRows(
            [.. groups.GroupBy(g => (g.Level, g.PmoType)).Select(g => new HeadcountRow(g.Key.Level, g.Key.PmoType, g.Sum(x => x.People)))],
            [.. groups.Select(g => (Level: CompetencyGaps.MeasuredLevel(g.Level, g.TargetLevel), g.People))
                .Where(g => g.Level is >= CareerLevel.Lowest and <= CareerLevel.Highest)
                .GroupBy(g => g.Level!.Value).Select(g => (g.Key, g.Sum(x => x.People)))],
            [.. groups.GroupBy(g => (g.Level, g.Created)).Select(g => new CreatedRow(g.Key.Level, g.Key.Created, g.Sum(x => x.People)))]);
    }

    /// <summary>
    /// People holding a lapsing certificate with CPD points logged on any of them. For them the renew-by date
    /// is not simply "latest exam + years", so their certificate standing is computed in memory instead.
    /// </summary>
    private IQueryable<Guid> CpdHolderIds()
    {
        var renewing = _renewing.ToList();
        // "The CPD list has a first entry" is Any(), read with a JSON operator (->> 0) rather than Any()'s
        // table-valued function per certificate, which costs each database a function scan for each.
        return db.Certificates.Where(c => c.OrganisationId == organisationId && renewing.Contains(c.CourseCode) && c.Cpd[0] != null)
            .Select(c => c.PersonId);
    }

    /// <summary>Every certificate of every CPD holder, with the holder's level: one query.</summary>
    public async Task<List<CpdHolder>> CpdHoldersAsync(CancellationToken ct = default)
    {
        if (_renewing.Count == 0)
            return [];
        var holders = CpdHolderIds();
        var rows = await (
            from c in db.Certificates.AsNoTracking()
            where c.OrganisationId == organisationId && holders.Contains(c.PersonId)
            join p in db.People on c.PersonId equals p.Id
            where p.OrganisationId == organisationId
            select new { Certificate = c, p.Level })
            .ToListAsync(ct);
        return [.. rows.GroupBy(r => r.Certificate.PersonId).Select(g => new CpdHolder(g.Key, g.First().Level, [.. g.Select(r => r.Certificate)]))];
    }

    /// <summary>
    /// Certificate coverage and renewals in one pass over the certificates, person by person. Per person the
    /// query works out, as small numbers packed into one column, whether each body's coverage counts them (a
    /// certificate of the body that does not lapse, or one of a renewal group whose suite has an exam within its
    /// years: every exam of a suite renews the suite) and, per renewal group, the quarter their renew-by date
    /// (latest exam of the suite + years) falls in, if it falls between today and the end of
    /// <see cref="OrganisationInsight.RenewalQuarters"/> quarters; then it counts the people with each combination
    /// by level. The <paramref name="cpdHolders"/>, whose dates CPD points may move, are taken out again: the same
    /// rules, compiled, say what the query counted for each of them from their certificates, and the caller adds
    /// their exact standing. (Finding them in this query would read every renewing certificate's CPD column a
    /// second time, outside the index.)
    /// </summary>
    public async Task<CertificateRows> CertificatesAsync(IReadOnlyList<CpdHolder> cpdHolders, CancellationToken ct = default)
    {
        var coverage = new Dictionary<(int? Level, string Body), int>();
        var renewals = new Dictionary<(string Group, int Bucket), int>();
        void Count(int? level, CertificateFact fact, int value, int people)
        {
            if (value == 0)
                return;
            if (fact.Body is { } body)
                coverage[(level, body)] = coverage.GetValueOrDefault((level, body)) + people;
            else if (fact.Group is { } group)
                renewals[(group.Key, value - 1)] = renewals.GetValueOrDefault((group.Key, value - 1)) + people;
        }
        var rules = Rules();
        foreach (var facts in rules.Chunks)
        {
            var perPerson =
                from p in db.People
                where p.OrganisationId == organisationId
                join c in db.Certificates on p.Id equals c.PersonId
                where c.OrganisationId == organisationId
                group c by new { p.Id, p.Level } into g
                select new { g.Key.Level, Facts = Packed(g, facts) };
            var rows = await Expanded(perPerson
                    .GroupBy(x => new { x.Level, x.Facts })
                    .Select(g => new { g.Key.Level, g.Key.Facts, People = g.Count() }))
                .ToListAsync(ct);
            foreach (var row in rows)
                foreach (var fact in facts)
                    Count(row.Level, fact, (int)((row.Facts >> fact.Offset) & ((1L << fact.Bits) - 1)), row.People);
            foreach (var holder in cpdHolders)
                foreach (var fact in facts)
                    Count(holder.Level, fact, rules.Compiled(fact)(holder.Certificates), -1);
        }
        return new CertificateRows(
            [.. coverage.Where(c => c.Value != 0).Select(c => new CoverageRow(c.Key.Level, c.Key.Body, c.Value))],
            [.. renewals.Where(r => r.Value != 0).Select(r => new RenewalRow(r.Key.Group, r.Key.Bucket, r.Value))]);
    }

    /// <summary>
    /// Ratings by the level their person's gap is measured against (target, else current), area and the rating that
    /// counts (the manager's, else the person's own), read person by person; levels outside 1–4 are dropped here
    /// rather than in SQL, where a range on COALESCE misleads PostgreSQL's row estimate into a nested loop.
    /// </summary>
    public async Task<List<RatingRow>> RatingsAsync(CancellationToken ct = default)
    {
        var rows = await (
            from p in db.People
            where p.OrganisationId == organisationId
            join r in db.Ratings on p.Id equals r.PersonId
            where r.OrganisationId == organisationId
            group r by new { Level = p.TargetLevel ?? p.Level, r.CompetencyCode, Rating = r.ManagerRating ?? r.SelfRating ?? 0 } into g
            select new { g.Key.Level, g.Key.CompetencyCode, g.Key.Rating, People = g.Count() })
            .ToListAsync(ct);
        return [.. rows.Where(r => r.Level is >= CareerLevel.Lowest and <= CareerLevel.Highest).Select(r => new RatingRow(r.Level!.Value, r.CompetencyCode, r.Rating, r.People))];
    }

    /// <summary>
    /// Open plan items per course, confirmed bookings per course and price (sessions from this calendar year on), and
    /// the upcoming public prices: three small result sets read in one round trip (UNION ALL).
    /// </summary>
    public async Task<SpendRows> SpendAsync(CancellationToken ct = default)
    {
        var yearStart = new DateOnly(today.Year, 1, 1);
        var planned = db.PlanItems.Where(i => i.OrganisationId == organisationId && i.Status == PlanStatus.Planned)
            .GroupBy(i => i.CourseCode)
            .Select(g => new SpendLine { Kind = SpendLine.Planned, Course = g.Key, Currency = null, Price = null, Count = g.Count() });
        var booked =
            from b in db.Bookings
            join s in db.Sessions on b.SessionId equals s.Id
            where b.OrganisationId == organisationId && b.Status == BookingStatus.Confirmed && s.StartsOn >= yearStart
            group b by new { s.CourseCode, s.Currency, s.Price } into g
            select new SpendLine { Kind = SpendLine.Booked, Course = g.Key.CourseCode, Currency = g.Key.Currency, Price = g.Key.Price, Count = g.Count() };
        // A handful of rows per course: the public schedule is small next to the people.
        var prices = db.Sessions.Where(s => s.OrganisationId == null && s.StartsOn >= today)
            .Select(s => new SpendLine { Kind = SpendLine.Offered, Course = s.CourseCode, Currency = s.Currency, Price = s.Price, Count = 1 });
        var lines = await planned.Concat(booked).Concat(prices).ToListAsync(ct);
        return new SpendRows(
            [.. lines.Where(l => l.Kind == SpendLine.Planned).Select(l => new PlannedRow(l.Course, l.Count))],
            [.. lines.Where(l => l.Kind == SpendLine.Booked).Select(l => new BookedRow(l.Course, l.Currency!, l.Price!.Value, l.Count))],
            [.. lines.Where(l => l.Kind == SpendLine.Offered).Select(l => new PriceRow(l.Course, l.Currency!, l.Price!.Value))]);
    }

    /// <summary>One row of <see cref="SpendAsync"/>'s union; EF needs settable members to compose on.</summary>
    private sealed class SpendLine
    {
        public const int Planned = 0, Booked = 1, Offered = 2;

        public int Kind { get; set; }
        public string Course { get; set; } = "";
        public string? Currency { get; set; }
        public decimal? Price { get; set; }
        public int Count { get; set; }
    }

    /// <summary>Certificates achieved per course and quarter over the last <see cref="OrganisationInsight.TrendQuarters"/> quarters.</summary>
    public async Task<List<CourseBucketRow>> CertificatesByQuarterAsync(CancellationToken ct = default)
    {
        var starts = OrganisationInsight.TrendQuarterStarts(today);
        var (from, to) = (starts[0], starts[^1]);
        var boundaries = starts.Skip(1).Take(OrganisationInsight.TrendQuarters - 1).ToList();
        return await Expanded(db.Certificates.Where(c => c.OrganisationId == organisationId && c.AchievedOn >= from && c.AchievedOn < to)
                .GroupBy(c => new { c.CourseCode, Quarter = Bucket(c.AchievedOn, boundaries) })
                .Select(g => new CourseBucketRow(g.Key.CourseCode, g.Key.Quarter, g.Count())))
            .ToListAsync(ct);
    }

    /// <summary>The level changes of the trend's window by (old, new, quarter the person was created, quarter of the change).</summary>
    public async Task<List<LevelChangeRow>> LevelChangesAsync(CancellationToken ct = default)
    {
        var points = OrganisationInsight.TrendPoints(today);
        var windowStart = points[0];
        return await Expanded(
                from c in db.RecordChanges
                where c.OrganisationId == organisationId && c.Field == "level" && c.AtUtc >= windowStart
                join p in db.People on c.PersonId equals p.Id
                where p.OrganisationId == organisationId
                group c by new { c.OldValue, c.NewValue, CreatedBucket = Bucket(p.CreatedAtUtc, points), ChangedBucket = Bucket(c.AtUtc, points) } into g
                select new LevelChangeRow(g.Key.OldValue, g.Key.NewValue, g.Key.CreatedBucket, g.Key.ChangedBucket, g.Count()))
            .ToListAsync(ct);
    }
}
