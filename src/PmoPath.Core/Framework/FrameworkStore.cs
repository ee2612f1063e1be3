using Microsoft.EntityFrameworkCore;
using PmoPath.Advice;
using PmoPath.Catalog;
using PmoPath.Data;
using PmoPath.Exchange;
using PmoPath.Exchange.Case;

namespace PmoPath.Framework;

/// <summary>
/// Loads, caches, imports and exports the framework and catalogue. The snapshot is cached per process
/// and re-checked against the newest revision in the database every few seconds, so an import made by
/// another instance or by the CLI is seen without a restart (docs/adr/0002).
/// </summary>
public sealed class FrameworkStore(IDbContextFactory<AppDbContext> contexts, TimeProvider clock) : IDisposable
{
    /// <summary>How long a cached snapshot is trusted before the revision is checked again.</summary>
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(5);

    private readonly Rechecked<FrameworkSnapshot> _snapshot = new(clock, RecheckInterval);

    public Task<FrameworkSnapshot> GetAsync(CancellationToken ct = default) => _snapshot.GetAsync(async (held, ct) =>
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var revision = await LatestRevisionAsync(db, ct);
        return held is not null && held.Revision == revision ? held : new FrameworkSnapshot(await LoadDocumentAsync(db, ct), revision);
    }, ct);

    /// <summary>The framework as it is stored now, in file order.</summary>
    public async Task<FrameworkDocument> ExportAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await LoadDocumentAsync(db, ct);
    }

    /// <summary>
    /// Replaces the whole framework and catalogue with <paramref name="document"/> in one transaction.
    /// Throws <see cref="FrameworkImportException"/> listing every problem, having changed nothing.
    /// </summary>
    public async Task<FrameworkRevision> ImportAsync(FrameworkDocument document, string source, string importedBy, CancellationToken ct = default)
    {
        var problems = FrameworkValidator.Validate(document, clock.Today());
        if (problems.Count > 0)
            throw new FrameworkImportException(problems);

        await using var db = await contexts.CreateDbContextAsync(ct);
        var strategy = db.Database.CreateExecutionStrategy();
        var revision = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // Checked inside the transaction that replaces the courses, so a booking made meanwhile is counted too.
            if (await StillReferencedAsync(db, document, ct) is { Count: > 0 } inUse)
                throw new FrameworkImportException(inUse);
            await db.Courses.ExecuteDeleteAsync(ct);
            await db.Bodies.ExecuteDeleteAsync(ct);
            await db.Competencies.ExecuteDeleteAsync(ct);
            await db.PmoTypes.ExecuteDeleteAsync(ct);
            await db.Levels.ExecuteDeleteAsync(ct);
            await db.AdvicePolicies.ExecuteDeleteAsync(ct);

            db.Levels.AddRange(Positioned(document.Levels, (l, i) => l.Position = i));
            db.PmoTypes.AddRange(Positioned(document.PmoTypes, (t, i) => t.Position = i));
            db.Competencies.AddRange(Positioned(document.Competencies, (c, i) => c.Position = i));
            db.Bodies.AddRange(Positioned(document.Bodies, (b, i) => b.Position = i));
            db.Courses.AddRange(Positioned(document.Courses, (c, i) => c.Position = i));
            document.Advice.Id = 1;
            db.AdvicePolicies.Add(document.Advice);
            var record = new FrameworkRevision
            {
                ImportedAtUtc = clock.GetUtcNow().UtcDateTime,
                Source = Truncate(source, 400),
                ImportedBy = Truncate(importedBy, 200),
                CourseCount = document.Courses.Count,
            };
            db.FrameworkRevisions.Add(record);
            // The catalogue is searchable; its entries change with it, in the same transaction.
            await Search.SearchIndex.ReplaceCoursesAsync(db, document.Courses, new FrameworkSnapshot(document), ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return record;
        });

        _snapshot.Clear();
        return revision;
    }

    /// <summary>
    /// Applies a CASE 1.1 package (docs/adr/0031) to the framework as stored now and imports the result, all or nothing
    /// like a framework file. Throws <see cref="FrameworkImportException"/> naming every problem of the package.
    /// </summary>
    public async Task<FrameworkRevision> ImportCaseAsync(string package, string source, string importedBy, CancellationToken ct = default) =>
        await ImportAsync(CaseImport.Apply(package, await ExportAsync(ct), clock.Today()), source, importedBy, ct);

    /// <summary>Loads the shipped default framework when the database has none yet. Returns whether it did.</summary>
    public async Task<bool> SeedDefaultAsync(CancellationToken ct = default)
    {
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            if (await db.FrameworkRevisions.AnyAsync(ct))
                return false;
        }
        try
        {
            await ImportAsync(FrameworkJson.ReadDefault(), "default framework", "system", ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another instance seeded it first; both started on an empty database at once.
            await using var db = await contexts.CreateDbContextAsync(ct);
            if (await db.FrameworkRevisions.AnyAsync(ct))
                return false;
            throw;
        }
    }

    /// <summary>
    /// The courses the database has and <paramref name="document"/> does not (removed, or renamed: a code is the
    /// course's identity) that sessions, records, plans, in-house requests, providers or jobs still name, with how
    /// many of each. Such a file is refused (ADR 2): it would leave those rows pointing at nothing.
    /// </summary>
    private static async Task<List<FrameworkProblem>> StillReferencedAsync(AppDbContext db, FrameworkDocument document, CancellationToken ct)
    {
        var kept = document.Courses.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        var removed = (await db.Courses.AsNoTracking().Select(c => c.Code).ToListAsync(ct)).Where(c => !kept.Contains(c)).ToList();
        if (removed.Count == 0)
            return [];
        var uses = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Use(string code, int count, string one, string many)
        {
            if (count == 0)
                return;
            if (!uses.TryGetValue(code, out var list))
                uses[code] = list = [];
            list.Add(count == 1 ? $"1 {one}" : $"{count:N0} {many}");
        }
        async Task CountAsync(IQueryable<string> codes, string one, string many)
        {
            var counted = await codes.Where(c => removed.Contains(c)).GroupBy(c => c).Select(g => new { Code = g.Key, Count = g.Count() }).ToListAsync(ct);
            foreach (var c in counted)
                Use(c.Code, c.Count, one, many);
        }

        await CountAsync(db.Sessions.IgnoreQueryFilters().Select(s => s.CourseCode), "session", "sessions");
        await CountAsync(db.Certificates.IgnoreQueryFilters().Select(c => c.CourseCode), "certificate", "certificates");
        await CountAsync(db.CompletedCourses.IgnoreQueryFilters().Select(c => c.CourseCode), "completed course", "completed courses");
        await CountAsync(db.PlanItems.IgnoreQueryFilters().Select(p => p.CourseCode), "plan item", "plan items");
        await CountAsync(db.InHouseRequests.IgnoreQueryFilters().Select(r => r.CourseCode), "in-house request", "in-house requests");
        // Providers and jobs keep their course codes in JSON lists; there are few of them, so they are counted here.
        var providers = await db.Providers.AsNoTracking().Select(p => new { p.Accreditations, p.SpecialistCourses }).ToListAsync(ct);
        var jobs = await db.Jobs.AsNoTracking().Select(j => j.Certificates).ToListAsync(ct);
        foreach (var code in removed)
        {
            Use(code, providers.Count(p => p.Accreditations.Contains(code) || p.SpecialistCourses.Contains(code)), "training provider", "training providers");
            Use(code, jobs.Count(j => j.Contains(code)), "job", "jobs");
        }
        return [.. removed.Where(uses.ContainsKey).Select(code => new FrameworkProblem("courses",
            $"'{code}' is missing from the file but still used by {string.Join(", ", uses[code])}: keep the course " +
            "(mark it retired, with a successor if there is one) instead of removing or renaming it"))];
    }

    private static async Task<long> LatestRevisionAsync(AppDbContext db, CancellationToken ct) =>
        await db.FrameworkRevisions.MaxAsync(r => (long?)r.Id, ct) ?? 0;

    private static async Task<FrameworkDocument> LoadDocumentAsync(AppDbContext db, CancellationToken ct) => new()
    {
        Levels = await db.Levels.AsNoTracking().OrderBy(l => l.Position).ToListAsync(ct),
        PmoTypes = await db.PmoTypes.AsNoTracking().OrderBy(t => t.Position).ToListAsync(ct),
        Competencies = await db.Competencies.AsNoTracking().OrderBy(c => c.Position).ToListAsync(ct),
        Bodies = await db.Bodies.AsNoTracking().OrderBy(b => b.Position).ToListAsync(ct),
        Courses = await db.Courses.AsNoTracking().OrderBy(c => c.Position).ToListAsync(ct),
        Advice = await db.AdvicePolicies.AsNoTracking().OrderBy(p => p.Id).FirstOrDefaultAsync(ct) ?? new AdvicePolicy(),
    };

    private static List<T> Positioned<T>(List<T> items, Action<T, int> setPosition)
    {
        for (var i = 0; i < items.Count; i++)
            setPosition(items[i], i);
        return items;
    }

    public void Dispose() => _snapshot.Dispose();

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
