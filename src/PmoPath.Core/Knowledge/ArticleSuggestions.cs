using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Advice;
using PmoPath.Data;
using PmoPath.Framework;

namespace PmoPath.Knowledge;

/// <summary>An article suggested for a competency area, with how readers have rated it.</summary>
public sealed record SuggestedArticle(string Slug, string Title, string Summary, IReadOnlyList<string> Competencies, double? Average, int Ratings);

/// <summary>
/// Articles to read beside the courses the advisor recommends for a skill gap. The advisor stays pure and its
/// answer unchanged (PRODUCT.md fixes its JSON); this runs after it, on its answer, and adds what the database
/// knows: which published articles serve the gap's competency areas at the person's level, how readers rated
/// them, and which the person has rated already (they have read those, so they are left out).
/// </summary>
public sealed class ArticleSuggestions(IDbContextFactory<AppDbContext> contexts, AppDbContext db)
{
    public const int DefaultLimit = 3;

    /// <summary>
    /// Ranking uses the mean rating pulled towards <see cref="PriorStars"/> by <see cref="PriorWeight"/> imaginary
    /// ratings, so one 5-star rating does not outrank twenty 4-star ones, and an unrated article sits mid-table.
    /// </summary>
    public const double PriorStars = 3.0;
    public const double PriorWeight = 2.0;

    /// <summary>
    /// Published articles that serve any of the competency areas and one of the levels (an article naming no
    /// level serves every level), best rated first, leaving out those <paramref name="personId"/> has rated.
    /// </summary>
    public async Task<List<SuggestedArticle>> ForAsync(
        IReadOnlyCollection<string> competencies, IReadOnlyCollection<int> levels, Guid? personId, int limit = DefaultLimit, CancellationToken ct = default)
    {
        var pool = await PoolAsync(personId, competencies, ct);
        return pool.Pick(competencies, levels, limit);
    }

    /// <summary>
    /// For each recommendation the advisor made for a skill gap, keyed by its course code: the articles that serve
    /// the competency areas where the person's rating falls short of what their target level expects and the
    /// course develops. Recommendations for other reasons (core certification, cadence) get none.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<SuggestedArticle>>> BesideAdviceAsync(
        AdviceAnswer answer, IReadOnlyDictionary<string, int> selfRatings, FrameworkSnapshot framework, Guid? personId,
        int limit = DefaultLimit, CancellationToken ct = default)
    {
        var gaps = answer.Recommendations
            .Where(r => r.Rule == AdviceRules.SkillGaps)
            .Select(r => (r.Code, Areas: GapAreas(r.Code, answer.TargetLevel, selfRatings, framework)))
            .Where(g => g.Areas.Count > 0)
            .ToList();
        if (gaps.Count == 0)
            return new Dictionary<string, IReadOnlyList<SuggestedArticle>>(StringComparer.Ordinal);
        var pool = await PoolAsync(personId, [.. gaps.SelectMany(g => g.Areas).Distinct(StringComparer.Ordinal)], ct);
        int[] levels = answer.Level == answer.TargetLevel ? [answer.Level] : [answer.Level, answer.TargetLevel];
        return gaps.ToDictionary(g => g.Code, IReadOnlyList<SuggestedArticle> (g) => pool.Pick(g.Areas, levels, limit), StringComparer.Ordinal);
    }

    /// <summary>The course's competency areas in which the rating is below what the target level expects by at least the policy's minimum gap.</summary>
    public static IReadOnlyList<string> GapAreas(string courseCode, int targetLevel, IReadOnlyDictionary<string, int> selfRatings, FrameworkSnapshot framework)
    {
        if (framework.FindCourse(courseCode) is not { } course || !CareerLevel.IsValid(targetLevel))
            return [];
        return [.. course.Competencies.Where(code =>
            framework.CompetencyByCode.TryGetValue(code, out var area)
            && selfRatings.TryGetValue(code, out var rating)
            && area.ExpectedAt(targetLevel) - rating >= Math.Max(1, framework.Advice.MinimumGap))];
    }

    /// <summary>
    /// The published articles serving any of <paramref name="competencies"/>, without their bodies, and the ratings
    /// of those alone: a page that suggests articles reads a few rows however large the knowledge base grows.
    /// </summary>
    private async Task<Pool> PoolAsync(Guid? personId, IReadOnlyCollection<string> competencies, CancellationToken ct)
    {
        List<Candidate> articles;
        Dictionary<int, (int Count, int Sum)> ratings;
        var areas = competencies.ToList();
        // Every organisation's ratings count, as numbers only, so this reads them without the tenant filter (as
        // the rating summary on an article does).
        await using (var system = (await contexts.CreateDbContextAsync(ct)).BindTo(Caller.System))
        {
            // The articles and their rating counts and sums in one round trip.
            var rows = await system.Articles.AsNoTracking()
                .Where(a => a.Published && a.Competencies.Any(c => areas.Contains(c)))
                .Select(a => new
                {
                    Article = new Candidate(a.Id, a.Slug, a.Title, a.Summary, a.Competencies, a.Levels, a.PublishedOn),
                    Count = system.ArticleRatings.Count(r => r.ArticleId == a.Id),
                    Sum = system.ArticleRatings.Where(r => r.ArticleId == a.Id).Sum(r => (int?)r.Stars) ?? 0,
                })
                .ToListAsync(ct);
            articles = [.. rows.Select(r => r.Article)];
            ratings = rows.ToDictionary(r => r.Article.Id, r => (r.Count, r.Sum));
        }
        // The person's own ratings through the request's context: its tenant filter and the caller's right to
        // see the person (checked by whoever built the profile) stand.
        var rated = personId is { } person && articles.Count > 0
            ? (await db.ArticleRatings.AsNoTracking().Where(r => r.PersonId == person).Select(r => r.ArticleId).ToListAsync(ct)).ToHashSet()
            : [];
        return new Pool(articles, ratings, rated);
    }

    private sealed record Candidate(int Id, string Slug, string Title, string Summary, List<string> Competencies, List<int> Levels, DateOnly? PublishedOn);

    private sealed class Pool(List<Candidate> articles, Dictionary<int, (int Count, int Sum)> ratings, HashSet<int> rated)
    {
        public List<SuggestedArticle> Pick(IReadOnlyCollection<string> competencies, IReadOnlyCollection<int> levels, int limit) =>
        [
            .. articles
                .Where(a => !rated.Contains(a.Id)
                    && a.Competencies.Any(competencies.Contains)
                    && (a.Levels.Count == 0 || levels.Count == 0 || a.Levels.Any(levels.Contains)))
                .Select(a => (Article: a, Rating: ratings.GetValueOrDefault(a.Id)))
                .OrderByDescending(x => (x.Rating.Sum + (PriorStars * PriorWeight)) / (x.Rating.Count + PriorWeight))
                .ThenByDescending(x => x.Rating.Count)
                .ThenByDescending(x => x.Article.PublishedOn)
                .ThenBy(x => x.Article.Title, StringComparer.Ordinal)
                .Take(Math.Clamp(limit, 1, 20))
                .Select(x => new SuggestedArticle(x.Article.Slug, x.Article.Title, x.Article.Summary,
                    [.. x.Article.Competencies.Where(competencies.Contains)],
                    x.Rating.Count == 0 ? null : Math.Round(x.Rating.Sum / (double)x.Rating.Count, 2), x.Rating.Count)),
        ];
    }
}
