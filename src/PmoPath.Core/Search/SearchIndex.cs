using Microsoft.EntityFrameworkCore;
using PmoPath.Catalog;
using PmoPath.Data;
using PmoPath.Framework;
using PmoPath.Jobs;
using PmoPath.Knowledge;
using PmoPath.Providers;

namespace PmoPath.Search;

/// <summary>
/// Keeps <see cref="SearchEntry"/> rows in step with what they describe. Stores call it inside their own
/// transaction and before their SaveChanges, so a thing and its entry change together.
/// </summary>
public static class SearchIndex
{
    public static async Task PutArticleAsync(AppDbContext db, Article article, RenderedArticle rendered, CancellationToken ct)
    {
        var entry = await FindAsync(db, SearchKinds.Article, article.Slug, ct);
        if (!article.Published)
        {
            // Drafts are not searchable: nobody but an editor may see them.
            if (entry is not null)
                db.SearchEntries.Remove(entry);
            return;
        }
        entry ??= db.SearchEntries.Add(new SearchEntry { Kind = SearchKinds.Article, Key = article.Slug }).Entity;
        entry.Title = article.Title;
        entry.Body = $"{article.Summary} {rendered.PlainText}";
        entry.Levels = SearchEntry.Packed(article.Levels);
        entry.Competencies = SearchEntry.Packed(article.Competencies);
    }

    public static async Task PutJobAsync(AppDbContext db, Job job, CancellationToken ct)
    {
        var key = job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var entry = await FindAsync(db, SearchKinds.Job, key, ct);
        if (job.Closed)
        {
            if (entry is not null)
                db.SearchEntries.Remove(entry);
            return;
        }
        entry ??= db.SearchEntries.Add(new SearchEntry { Kind = SearchKinds.Job, Key = key }).Entity;
        entry.Title = job.Title;
        entry.Body = $"{job.Organisation}. {job.Location}. {job.Description}";
        entry.Levels = SearchEntry.Packed([job.Level]);
        entry.Competencies = SearchEntry.Packed(job.Competencies.Select(c => c.Code));
        entry.VisibleFrom = job.OpensOn;
        entry.VisibleUntil = job.ClosesOn;
    }

    /// <summary>
    /// A training provider in the directory: its name, summary, location, coaching and mentoring offers and the
    /// courses it runs. It serves the levels of its offers and courses (an offer for any level serves all) and
    /// the competency areas its courses develop.
    /// </summary>
    public static async Task PutProviderAsync(AppDbContext db, TrainingProvider provider, FrameworkSnapshot framework, CancellationToken ct)
    {
        var entry = await FindAsync(db, SearchKinds.Provider, provider.Code, ct)
            ?? db.SearchEntries.Add(new SearchEntry { Kind = SearchKinds.Provider, Key = provider.Code }).Entity;
        var courses = provider.Accreditations.Concat(provider.SpecialistCourses).Select(framework.FindCourse).OfType<Course>().ToList();
        var offers = string.Join(" ", provider.Offers.Select(o => $"{o.Kind}: {o.Title}. {o.Description}"));
        IEnumerable<int> levels = provider.Offers.Any(o => o.Levels.Count == 0)
            ? Enumerable.Range(CareerLevel.Lowest, CareerLevel.Highest - CareerLevel.Lowest + 1)
            : provider.Offers.SelectMany(o => o.Levels).Concat(courses.SelectMany(c => c.Levels));
        entry.Title = provider.Name;
        entry.Body = $"{provider.Summary} {provider.Location}. {offers} Courses: {string.Join(", ", courses.Select(c => c.Title))}.";
        entry.Levels = SearchEntry.Packed(levels.Distinct().Order());
        entry.Competencies = SearchEntry.Packed(courses.SelectMany(c => c.Competencies).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
    }

    /// <summary>Replaces the entries of every course with those of <paramref name="courses"/>; retired courses are not offered, so not found.</summary>
    public static async Task ReplaceCoursesAsync(AppDbContext db, IEnumerable<Course> courses, FrameworkSnapshot? framework, CancellationToken ct)
    {
        await db.SearchEntries.Where(e => e.Kind == SearchKinds.Course).ExecuteDeleteAsync(ct);
        db.SearchEntries.AddRange(courses.Where(c => !c.Retired).Select(c => new SearchEntry
        {
            Kind = SearchKinds.Course,
            Key = c.Code,
            Title = c.Title,
            Body = $"{CourseFacts.Kind(c.Kind)}. {c.Description} "
                + string.Join(", ", c.Competencies.Select(code => framework?.CompetencyByCode.GetValueOrDefault(code)?.Name ?? code)),
            Levels = SearchEntry.Packed(c.Levels),
            Competencies = SearchEntry.Packed(c.Competencies),
        }));
    }

    private static Task<SearchEntry?> FindAsync(AppDbContext db, string kind, string key, CancellationToken ct) =>
        db.SearchEntries.FirstOrDefaultAsync(e => e.Kind == kind && e.Key == key, ct);
}
