using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using PmoPath.Data;
using PmoPath.Framework;
using PmoPath.People;
using PmoPath.Sessions;

namespace PmoPath.Insight;

public sealed record HeadcountRow(int? Level, string? PmoType, int People);

public sealed record CoverageRow(int? Level, string Body, int People);

public sealed record RenewalRow(string Group, int Bucket, int Count);

public sealed record RatingRow(int Level, string Competency, int Rating, int People);

public sealed record GapRows(IReadOnlyList<(int Level, int People)> PeopleByMeasuredLevel, IReadOnlyList<RatingRow> Ratings);

public sealed record PlannedRow(string Course, int Items);

public sealed record BookedRow(string Course, string Currency, decimal Price, int Bookings);

public sealed record PriceRow(string Course, string Currency, decimal Price);

public sealed record SpendRows(IReadOnlyList<PlannedRow> PlannedItems, IReadOnlyList<BookedRow> Booked, IReadOnlyList<PriceRow> Prices);

public sealed record CourseBucketRow(string Course, int Bucket, int Count);

public sealed record CreatedRow(int? Level, int Bucket, int People);

public sealed record LevelChangeRow(string? OldValue, string? NewValue, int CreatedBucket, int ChangedBucket, int Count);

public sealed record LevelHistory(IReadOnlyList<CreatedRow> Created, IReadOnlyList<LevelChangeRow> Changes);

/// <summary>A person whose certificate standing depends on CPD points, with every certificate they hold.</summary>
public sealed record CpdHolder(Guid PersonId, int? Level, IReadOnlyCollection<Certificate> Certificates);

/// <summary>
/// The organisation view's queries, each one GROUP BY in the database returning a few hundred rows at most
/// (the CPD holders apart). Every query names the organisation as well as going through the context's tenant
/// filter, so the organisation's indexes are used and a system context (the CLI, benchmarks) sees one
/// organisation too. Dates are put into buckets (quarters) by comparing with the quarters' first days in a
/// CASE expression, which reads the same on SQLite and PostgreSQL.
/// </summary>
public sealed class OrganisationQueries(AppDbContext db, Guid organisationId, FrameworkSnapshot framework, DateOnly today)
{
    private readonly HashSet<string> _renewing = RenewalGroup.RenewingCodes(framework);

    /// <summary>People by level and PMO type (erased people too: their level and type are kept so counts hold).</summary>
    public async Task<List<HeadcountRow>> HeadcountsAsync(CancellationToken ct = default) =>
        await db.People.Where(p => p.OrganisationId == organisationId)
            .GroupBy(p => new { p.Level, p.PmoType })
            .Select(g => new HeadcountRow(g.Key.Level, g.Key.PmoType, g.Count()))
            .ToListAsync(ct);

    /// <summary>
    /// People holding a lapsing certificate with CPD points logged on any of them. For them the renew-by date
    /// is not simply "latest exam + years", so they are left out of the grouped queries and computed in memory.
    /// </summary>
    private IQueryable<Guid> CpdHolderIds()
    {
        var renewing = _renewing.ToList();
        return db.Certificates.Where(c => c.OrganisationId == organisationId && renewing.Contains(c.CourseCode) && c.Cpd.Any()).Select(c => c.PersonId);
    }

    public async Task<List<CpdHolder>> CpdHoldersAsync(CancellationToken ct = default)
    {
        if (_renewing.Count == 0)
            return [];
        var holders = CpdHolderIds();
        var people = await db.People.Where(p => p.OrganisationId == organisationId && holders.Contains(p.Id))
            .Select(p => new { p.Id, p.Level }).ToDictionaryAsync(p => p.Id, p => p.Level, ct);
        if (people.Count == 0)
            return [];
        var certificates = await db.Certificates.AsNoTracking().Where(c => c.OrganisationId == organisationId && holders.Contains(c.PersonId)).ToListAsync(ct);
        return [.. certificates.GroupBy(c => c.PersonId).Select(g => new CpdHolder(g.Key, people.GetValueOrDefault(g.Key), g.ToList()))];
    }

    /// <summary>
    /// Distinct people per (level, body) holding a certificate of the body that has not lapsed: one that does
    /// not lapse, or whose renewal group has an exam within its years (every exam of a suite renews the suite).
    /// </summary>
    public async Task<List<CoverageRow>> CoverageAsync(CancellationToken ct = default)
    {
        var lasting = framework.Courses.Where(c => !_renewing.Contains(c.Code)).Select(c => c.Code).ToList();
        Expression<Func<Certificate, bool>> valid = c => lasting.Contains(c.CourseCode);
        foreach (var group in RenewalGroup.Of(framework))
        {
            var codes = group.Codes.ToList();
            var suite = group.SuiteCodes.ToList();
            var since = OrganisationInsight.EarliestStartCurrentOn(today, group.Years);
            valid = Or(valid, c => codes.Contains(c.CourseCode)
                && db.Certificates.Any(x => x.PersonId == c.PersonId && suite.Contains(x.CourseCode) && x.AchievedOn >= since));
        }
        var certificates = db.Certificates.Where(c => c.OrganisationId == organisationId).Where(valid);
        if (_renewing.Count > 0)
        {
            var holders = CpdHolderIds();
            certificates = certificates.Where(c => !holders.Contains(c.PersonId));
        }
        return await (
            from c in certificates
            join p in db.People on c.PersonId equals p.Id
            join k in db.Courses on c.CourseCode equals k.Code
            where k.Body != null
            group c.PersonId by new { p.Level, k.Body } into g
            select new CoverageRow(g.Key.Level, g.Key.Body!, g.Distinct().Count()))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Renewals due per quarter: per person and renewal group, the latest exam of the suite; its renew-by date
    /// (exam + years) is bucketed by quarter, from today to the end of <see cref="OrganisationInsight.RenewalQuarters"/> quarters.
    /// </summary>
    public async Task<List<RenewalRow>> RenewalsAsync(CancellationToken ct = default)
    {
        var rows = new List<RenewalRow>();
        var starts = OrganisationInsight.RenewalQuarterStarts(today);
        foreach (var group in RenewalGroup.Of(framework))
        {
            var codes = group.Codes.ToList();
            var suite = group.SuiteCodes.ToList();
            // renew-by >= start  <=>  exam >= start - years (the quarters' first days are never 29 February).
            var from = OrganisationInsight.EarliestStartCurrentOn(today, group.Years);
            var to = starts[^1].AddYears(-group.Years);
            var boundaries = starts.Skip(1).Take(OrganisationInsight.RenewalQuarters - 1).Select(s => s.AddYears(-group.Years)).ToList();
            var holders = CpdHolderIds();
            var byPerson = db.Certificates
                .Where(c => c.OrganisationId == organisationId && suite.Contains(c.CourseCode) && !holders.Contains(c.PersonId))
                .GroupBy(c => c.PersonId);
            if (codes.Count != suite.Count)
                byPerson = byPerson.Where(g => g.Count(c => codes.Contains(c.CourseCode)) > 0);
            var latest = byPerson
                .Select(g => new Dated { On = g.Max(c => c.AchievedOn) })
                .Where(d => d.On >= from && d.On < to);
            var counts = await latest.Select(ByBucket<Dated, DateOnly>(d => d.On, boundaries))
                .GroupBy(b => b.Bucket)
                .Select(g => new { Bucket = g.Key, Count = g.Count() })
                .ToListAsync(ct);
            rows.AddRange(counts.Select(c => new RenewalRow(group.Key, c.Bucket, c.Count)));
        }
        return rows;
    }

    /// <summary>
    /// For the training needs: people by the level their gap is measured against (target, else current), and
    /// ratings by that level, area and the rating that counts (the manager's, else the person's own).
    /// </summary>
    public async Task<GapRows> GapsAsync(CancellationToken ct = default)
    {
        var measured = await db.People.Where(p => p.OrganisationId == organisationId)
            .Select(p => p.TargetLevel ?? p.Level)
            .Where(l => l >= CareerLevel.Lowest && l <= CareerLevel.Highest)
            .GroupBy(l => l)
            .Select(g => new { Level = g.Key!.Value, People = g.Count() })
            .ToListAsync(ct);
        var ratings = await (
            from r in db.Ratings
            join p in db.People on r.PersonId equals p.Id
            where r.OrganisationId == organisationId
            let level = p.TargetLevel ?? p.Level
            where level >= CareerLevel.Lowest && level <= CareerLevel.Highest
            group r by new { Level = level!.Value, r.CompetencyCode, Rating = r.ManagerRating ?? r.SelfRating ?? 0 } into g
            select new RatingRow(g.Key.Level, g.Key.CompetencyCode, g.Key.Rating, g.Count()))
            .ToListAsync(ct);
        return new GapRows([.. measured.Select(m => (m.Level, m.People))], ratings);
    }

    /// <summary>Open plan items per course, confirmed bookings per course and price (sessions from this calendar year on), and the upcoming public prices.</summary>
    public async Task<SpendRows> SpendAsync(CancellationToken ct = default)
    {
        var planned = await db.PlanItems.Where(i => i.OrganisationId == organisationId && i.Status == PlanStatus.Planned)
            .GroupBy(i => i.CourseCode)
            .Select(g => new PlannedRow(g.Key, g.Count()))
            .ToListAsync(ct);
        var yearStart = new DateOnly(today.Year, 1, 1);
        var booked = await (
            from b in db.Bookings
            join s in db.Sessions on b.SessionId equals s.Id
            where b.OrganisationId == organisationId && b.Status == BookingStatus.Confirmed && s.StartsOn >= yearStart
            group b by new { s.CourseCode, s.Currency, s.Price } into g
            select new BookedRow(g.Key.CourseCode, g.Key.Currency, g.Key.Price, g.Count()))
            .ToListAsync(ct);
        // A handful of rows per course: the public schedule is small next to the people.
        var prices = await db.Sessions.Where(s => s.OrganisationId == null && s.StartsOn >= today)
            .Select(s => new PriceRow(s.CourseCode, s.Currency, s.Price))
            .ToListAsync(ct);
        return new SpendRows(planned, booked, prices);
    }

    /// <summary>Certificates achieved per course and quarter over the last <see cref="OrganisationInsight.TrendQuarters"/> quarters.</summary>
    public async Task<List<CourseBucketRow>> CertificatesByQuarterAsync(CancellationToken ct = default)
    {
        var starts = OrganisationInsight.TrendQuarterStarts(today);
        var (from, to) = (starts[0], starts[^1]);
        return await db.Certificates.Where(c => c.OrganisationId == organisationId && c.AchievedOn >= from && c.AchievedOn < to)
            .Select(c => new Coded { Code = c.CourseCode, On = c.AchievedOn })
            .Select(ByBucket<Coded, DateOnly, string>(c => c.On, [.. starts.Skip(1).Take(OrganisationInsight.TrendQuarters - 1)], c => c.Code))
            .GroupBy(b => new { b.Key, b.Bucket })
            .Select(g => new CourseBucketRow(g.Key.Key!, g.Key.Bucket, g.Count()))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Today's levels by the quarter each record was created in, and the level changes of the trend's window
    /// by (old, new, quarter the person was created, quarter of the change).
    /// </summary>
    public async Task<LevelHistory> LevelChangesAsync(CancellationToken ct = default)
    {
        var points = OrganisationInsight.TrendPoints(today);
        var created = await db.People.Where(p => p.OrganisationId == organisationId)
            .Select(p => new Timed { Level = p.Level, At = p.CreatedAtUtc })
            .Select(ByBucket<Timed, DateTime, int?>(p => p.At, points, p => p.Level))
            .GroupBy(b => new { b.Key, b.Bucket })
            .Select(g => new CreatedRow(g.Key.Key, g.Key.Bucket, g.Count()))
            .ToListAsync(ct);
        var windowStart = points[0];
        var changes = await db.RecordChanges
            .Where(c => c.OrganisationId == organisationId && c.Field == "level" && c.AtUtc >= windowStart)
            .Join(db.People, c => c.PersonId, p => p.Id, (c, p) => new Change { OldValue = c.OldValue, NewValue = c.NewValue, At = c.AtUtc, Created = p.CreatedAtUtc })
            .Select(Twice(points))
            .GroupBy(c => new { c.OldValue, c.NewValue, c.CreatedBucket, c.ChangedBucket })
            .Select(g => new LevelChangeRow(g.Key.OldValue, g.Key.NewValue, g.Key.CreatedBucket, g.Key.ChangedBucket, g.Count()))
            .ToListAsync(ct);
        return new LevelHistory(created, changes);
    }

    /// <summary><c>a || b</c> over one certificate, for EF to translate as one WHERE clause.</summary>
    private static Expression<Func<Certificate, bool>> Or(Expression<Func<Certificate, bool>> a, Expression<Func<Certificate, bool>> b)
    {
        var c = a.Parameters[0];
        return Expression.Lambda<Func<Certificate, bool>>(Expression.OrElse(a.Body, new Rebind(b.Parameters[0], c).Visit(b.Body)), c);
    }

    /// <summary>The index of the first boundary the value falls before (the number of boundaries when none): <c>v &lt; b0 ? 0 : v &lt; b1 ? 1 : … : n</c>.</summary>
    private static Expression Bucket(Expression value, List<Expression> boundaries)
    {
        Expression bucket = Expression.Constant(boundaries.Count);
        for (var i = boundaries.Count - 1; i >= 0; i--)
            bucket = Expression.Condition(Expression.LessThan(value, boundaries[i]), Expression.Constant(i), bucket);
        return bucket;
    }

    private static Expression<Func<T, Bucketed<TKey>>> ByBucket<T, TValue, TKey>(Expression<Func<T, TValue>> value, IReadOnlyList<TValue> boundaries, Expression<Func<T, TKey>> key)
    {
        var x = value.Parameters[0];
        var bucket = Bucket(new Rebind(value.Parameters[0], x).Visit(value.Body), [.. boundaries.Select(b => (Expression)Expression.Constant(b, typeof(TValue)))]);
        return Expression.Lambda<Func<T, Bucketed<TKey>>>(Expression.MemberInit(Expression.New(typeof(Bucketed<TKey>)),
            Expression.Bind(typeof(Bucketed<TKey>).GetProperty(nameof(Bucketed<TKey>.Key))!, new Rebind(key.Parameters[0], x).Visit(key.Body)),
            Expression.Bind(typeof(Bucketed<TKey>).GetProperty(nameof(Bucketed<TKey>.Bucket))!, bucket)), x);
    }

    private static Expression<Func<T, Bucketed<int>>> ByBucket<T, TValue>(Expression<Func<T, TValue>> value, IReadOnlyList<TValue> boundaries) =>
        ByBucket(value, boundaries, Expression.Lambda<Func<T, int>>(Expression.Constant(0), value.Parameters[0]));

    /// <summary>A level change with the quarter its person was created in and the quarter it happened in.</summary>
    private static Expression<Func<Change, ChangeBuckets>> Twice(IReadOnlyList<DateTime> points)
    {
        var c = Expression.Parameter(typeof(Change), "c");
        var bounds = points.Select(p => (Expression)Expression.Constant(p)).ToList();
        return Expression.Lambda<Func<Change, ChangeBuckets>>(Expression.MemberInit(Expression.New(typeof(ChangeBuckets)),
            Expression.Bind(typeof(ChangeBuckets).GetProperty(nameof(ChangeBuckets.OldValue))!, Expression.Property(c, nameof(Change.OldValue))),
            Expression.Bind(typeof(ChangeBuckets).GetProperty(nameof(ChangeBuckets.NewValue))!, Expression.Property(c, nameof(Change.NewValue))),
            Expression.Bind(typeof(ChangeBuckets).GetProperty(nameof(ChangeBuckets.CreatedBucket))!, Bucket(Expression.Property(c, nameof(Change.Created)), bounds)),
            Expression.Bind(typeof(ChangeBuckets).GetProperty(nameof(ChangeBuckets.ChangedBucket))!, Bucket(Expression.Property(c, nameof(Change.At)), bounds))), c);
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }

    // Shapes for the projections EF translates (it needs settable members to compose on).
    private sealed class Dated
    {
        public DateOnly On { get; set; }
    }

    private sealed class Coded
    {
        public string Code { get; set; } = "";
        public DateOnly On { get; set; }
    }

    private sealed class Timed
    {
        public int? Level { get; set; }
        public DateTime At { get; set; }
    }

    private sealed class Change
    {
        public string? OldValue { get; set; }
        public string? NewValue { get; set; }
        public DateTime At { get; set; }
        public DateTime Created { get; set; }
    }

    private sealed class ChangeBuckets
    {
        public string? OldValue { get; set; }
        public string? NewValue { get; set; }
        public int CreatedBucket { get; set; }
        public int ChangedBucket { get; set; }
    }

    private sealed class Bucketed<TKey>
    {
        public TKey? Key { get; set; }
        public int Bucket { get; set; }
    }
}
