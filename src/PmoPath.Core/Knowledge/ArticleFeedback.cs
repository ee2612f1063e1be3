using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.People;

namespace PmoPath.Knowledge;

/// <summary>A signed-in person's 1–5 star answer to "Was this helpful?"; one per person and article, changeable.</summary>
public sealed class ArticleRating : IOrganisationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public int ArticleId { get; set; }
    public Guid PersonId { get; set; }
    public int Stars { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
}

/// <summary>A signed-in person's answer to "How can we improve this article?"; read by editors only.</summary>
public sealed class ArticleFeedback : IOrganisationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public int ArticleId { get; set; }
    public Guid PersonId { get; set; }
    public string Text { get; set; } = "";
    public DateTime AtUtc { get; set; }

    /// <summary>When an editor marked it dealt with; null while it is open.</summary>
    public DateTime? ResolvedAtUtc { get; set; }

    /// <summary>The account of the editor who resolved it (editors have accounts, not person records).</summary>
    public string? ResolvedById { get; set; }
}

/// <summary>How an article has been rated: the count for each of 5 to 1 stars, the total and the average.</summary>
public sealed record RatingSummary(int Count, double? Average, IReadOnlyList<StarCount> Distribution)
{
    public static RatingSummary From(IReadOnlyDictionary<int, int> countsByStars)
    {
        var count = countsByStars.Values.Sum();
        var distribution = Enumerable.Range(ArticleRatings.MinStars, ArticleRatings.MaxStars).Reverse()
            .Select(s => countsByStars.GetValueOrDefault(s))
            .Select((n, i) => new StarCount(ArticleRatings.MaxStars - i, n, count == 0 ? 0 : (int)Math.Round(100.0 * n / count, MidpointRounding.AwayFromZero)))
            .ToList();
        double? average = count == 0 ? null : Math.Round(countsByStars.Sum(kv => kv.Key * kv.Value) / (double)count, 2);
        return new RatingSummary(count, average, distribution);
    }

    /// <summary>"5 stars 40% · 4 stars 20% · …".</summary>
    public string Text => string.Join(" · ", Distribution.Select(d => $"{d.Stars} {(d.Stars == 1 ? "star" : "stars")} {d.Percent}%"));
}

public sealed record StarCount(int Stars, int Count, int Percent);

/// <summary>
/// Ratings and feedback on articles. Rows belong to the rater's organisation (so they fall under the tenant
/// filter and under export and erasure); the summary counts every organisation's ratings, which shows
/// numbers only. Editors read and resolve feedback through <see cref="ArticleEditor"/>.
/// </summary>
public sealed class ArticleRatings(AppDbContext db, Caller caller, TimeProvider clock)
{
    public const int MinStars = 1;
    public const int MaxStars = 5;
    public const int MaxFeedback = 2000;

    public bool CanRate => caller.PersonId is not null && caller.OrganisationId is not null;

    /// <summary>Records or changes the caller's rating; false when there is no such published article.</summary>
    public async Task<bool> RateAsync(string slug, int? stars, CancellationToken ct = default)
    {
        if (stars is not (>= MinStars and <= MaxStars))
            throw new InvalidInputException("stars", $"Give {MinStars} to {MaxStars} stars.");
        var person = Demand();
        var articleId = await ArticleIdAsync(slug, ct);
        if (articleId is null)
            return false;
        var now = clock.GetUtcNow().UtcDateTime;
        var rating = await db.Set<ArticleRating>().FirstOrDefaultAsync(r => r.ArticleId == articleId && r.PersonId == person, ct);
        if (rating is null)
            db.Add(rating = new ArticleRating { ArticleId = articleId.Value, PersonId = person });
        rating.Stars = stars.Value;
        rating.UpdatedAtUtc = now;
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Stores the caller's feedback; false when there is no such published article.</summary>
    public async Task<bool> GiveFeedbackAsync(string slug, string? text, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new InvalidInputException("text", "This is required.");
        if (text.Length > MaxFeedback)
            throw new InvalidInputException("text", $"At most {MaxFeedback} characters.");
        var person = Demand();
        var articleId = await ArticleIdAsync(slug, ct);
        if (articleId is null)
            return false;
        db.Add(new ArticleFeedback { ArticleId = articleId.Value, PersonId = person, Text = text.Trim(), AtUtc = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The caller's own rating of the article, if any.</summary>
    public async Task<int?> MineAsync(int articleId, CancellationToken ct = default) =>
        caller.PersonId is { } person
            ? await db.Set<ArticleRating>().AsNoTracking().Where(r => r.ArticleId == articleId && r.PersonId == person).Select(r => (int?)r.Stars).FirstOrDefaultAsync(ct)
            : null;

    /// <summary>The distribution of every organisation's ratings of the article (numbers only).</summary>
    public async Task<RatingSummary> SummaryAsync(int articleId, CancellationToken ct = default)
    {
        var counts = await db.Set<ArticleRating>().IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.ArticleId == articleId)
            .GroupBy(r => r.Stars).Select(g => new { Stars = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        return RatingSummary.From(counts.ToDictionary(c => c.Stars, c => c.Count));
    }

    private Guid Demand() =>
        CanRate ? caller.PersonId!.Value : throw new ForbiddenException("Only a person of an organisation can rate an article or give feedback.");

    private async Task<int?> ArticleIdAsync(string slug, CancellationToken ct) =>
        await db.Articles.AsNoTracking().Where(a => a.Slug == slug && a.Published).Select(a => (int?)a.Id).FirstOrDefaultAsync(ct);
}
