using Microsoft.EntityFrameworkCore;
using PmoPath.Data;
using PmoPath.Framework;
using PmoPath.Search;

namespace PmoPath.Knowledge;

/// <summary>
/// What an editor gives to write an article; also the shape of <c>data/articles/index.json</c>. Unknown members
/// are refused, so over-posting a field the editor may not set (the owning provider) is a 400 naming it.
/// </summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed class ArticleInput
{
    /// <summary>Made from the title when left empty.</summary>
    public string? Slug { get; set; }
    public string Title { get; set; } = "";
    public string Summary { get; set; } = "";
    public List<string> Categories { get; set; } = [];
    public List<int> Levels { get; set; } = [];
    public List<string> Competencies { get; set; } = [];
    public List<ArticleMedia> Media { get; set; } = [];
    public bool Published { get; set; }
    public DateOnly? PublishedOn { get; set; }

    /// <summary>The body in Markdown.</summary>
    public string Markdown { get; set; } = "";

    /// <summary>In the index file only: the Markdown file holding the body.</summary>
    public string? File { get; set; }
}

/// <summary>A published article with its neighbours in its category, for previous/next links.</summary>
public sealed record ArticlePage(Article Article, Article? Previous, Article? Next);

/// <summary>Writes, lists and reads knowledge-base articles.</summary>
public sealed class ArticleStore(IDbContextFactory<AppDbContext> contexts, FrameworkStore frameworks, TimeProvider clock)
{
    public const int MaxTitle = 200;
    public const int MaxSummary = 500;
    public const int MaxMarkdown = 200_000;

    /// <summary>Words that address pages and routes beside articles (<c>/articles/new</c>, <c>/api/articles/suggested</c>).</summary>
    public static readonly IReadOnlySet<string> ReservedSlugs = new HashSet<string>(StringComparer.Ordinal) { "new", "suggested", "feedback", "category" };

    /// <summary>
    /// Creates the article, or replaces the one with the same slug; returns it as stored. For the operator's
    /// loading (the starter articles, tests): editors go through <see cref="ArticleEditor"/>, which checks who
    /// may write what and refuses a slug that is taken.
    /// </summary>
    public async Task<Article> SaveAsync(ArticleInput input, CancellationToken ct = default)
    {
        var framework = await frameworks.GetAsync(ct);
        Validate(input, framework);
        var rendered = ArticleRenderer.Render(input.Markdown);
        var slug = SlugOf(input);

        await using var db = await contexts.CreateDbContextAsync(ct);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var article = await db.Articles.FirstOrDefaultAsync(a => a.Slug == slug, ct);
            if (article is null)
                article = db.Articles.Add(new Article { Slug = slug }).Entity;
            Apply(article, input, rendered, clock.GetUtcNow().UtcDateTime);
            await SearchIndex.PutArticleAsync(db, article, rendered, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return article;
        });
    }

    /// <summary>The slug the input asks for, or one made from its title.</summary>
    public static string SlugOf(ArticleInput input) => string.IsNullOrWhiteSpace(input.Slug) ? Slug.From(input.Title) : input.Slug.Trim();

    /// <summary>
    /// Copies the input onto the article. The publication date is the one given, else the one it already has,
    /// else today when it is published now: re-saving an article does not move it in its category's order.
    /// </summary>
    internal static void Apply(Article article, ArticleInput input, RenderedArticle rendered, DateTime now)
    {
        article.Title = input.Title.Trim();
        article.Summary = input.Summary.Trim();
        article.Markdown = input.Markdown;
        article.Html = rendered.Html;
        article.Toc = [.. rendered.Toc];
        article.Categories = [.. input.Categories.Select(c => c.Trim())];
        article.Levels = [.. input.Levels.Distinct().Order()];
        article.Competencies = [.. input.Competencies.Distinct(StringComparer.Ordinal)];
        article.Media = [.. input.Media.Select(m => new ArticleMedia { Kind = m.Kind, Title = m.Title.Trim(), Url = m.Url.Trim() })];
        article.Published = input.Published;
        article.PublishedOn = input.PublishedOn ?? article.PublishedOn ?? (input.Published ? DateOnly.FromDateTime(now) : null);
        article.UpdatedAtUtc = now;
    }

    /// <summary>Published articles, optionally of one category (by its slug), newest first.</summary>
    public async Task<List<Article>> ListPublishedAsync(string? category = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        // The knowledge base is small next to what a page shows; the category is matched on its slug
        // in memory because category names are stored as written.
        var articles = await db.Articles.AsNoTracking().Where(a => a.Published).ToListAsync(ct);
        return [.. articles
            .Where(a => category is null || a.Categories.Any(c => Slug.From(c) == category))
            .OrderByDescending(a => a.PublishedOn).ThenBy(a => a.Title, StringComparer.Ordinal)];
    }

    /// <summary>A published article and its previous and next article in its first category, or null.</summary>
    public async Task<ArticlePage?> GetPublishedAsync(string slug, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var article = await db.Articles.AsNoTracking().FirstOrDefaultAsync(a => a.Slug == slug && a.Published, ct);
        if (article is null)
            return null;
        var inCategory = (await ListPublishedAsync(Slug.From(article.PrimaryCategory), ct))
            .OrderBy(a => a.PublishedOn).ThenBy(a => a.Title, StringComparer.Ordinal).ToList();
        var index = inCategory.FindIndex(a => a.Slug == slug);
        return new ArticlePage(article,
            index > 0 ? inCategory[index - 1] : null,
            index >= 0 && index < inCategory.Count - 1 ? inCategory[index + 1] : null);
    }

    /// <summary>Loads the starter articles from <c>data/articles</c> when there are none yet.</summary>
    public async Task<bool> SeedDefaultAsync(CancellationToken ct = default)
    {
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            if (await db.Articles.AnyAsync(ct))
                return false;
        }
        foreach (var input in SampleData.Read<List<ArticleInput>>("articles.index.json"))
        {
            if (input.File is { } file)
                input.Markdown = SampleData.ReadText($"articles.{file}");
            await SaveAsync(input, ct);
        }
        return true;
    }

    public static void Validate(ArticleInput input, FrameworkSnapshot framework)
    {
        var errors = new Errors();
        errors.Required("title", input.Title, MaxTitle);
        if (input.Summary.Length > MaxSummary)
            errors.Add("summary", $"At most {MaxSummary} characters.");
        if (!string.IsNullOrWhiteSpace(input.Slug) && !Slug.IsValid(input.Slug.Trim()))
            errors.Add("slug", $"'{input.Slug}' is not a slug: lower-case letters and digits joined by single hyphens, at most {Slug.MaxLength} characters.");
        else if (ReservedSlugs.Contains(SlugOf(input)))
            errors.Add("slug", $"'{SlugOf(input)}' names one of the site's own pages; choose another slug.");
        else if (string.IsNullOrWhiteSpace(input.Slug) && !string.IsNullOrWhiteSpace(input.Title) && Slug.From(input.Title).Length == 0)
            errors.Add("slug", "The title has no letters or digits to make a slug from; give one.");
        if (input.Markdown.Length > MaxMarkdown)
            errors.Add("markdown", $"At most {MaxMarkdown} characters.");
        if (input.Categories.Count == 0)
            errors.Add("categories", "File the article under at least one category.");
        for (var i = 0; i < input.Categories.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(input.Categories[i]) || input.Categories[i].Length > 100 || Slug.From(input.Categories[i]).Length == 0)
                errors.Add($"categories[{i}]", "A category is a name of 1 to 100 characters with a letter or digit.");
        }
        for (var i = 0; i < input.Levels.Count; i++)
        {
            if (!CareerLevel.IsValid(input.Levels[i]))
                errors.Add($"levels[{i}]", $"{input.Levels[i]} is not a career level: use {CareerLevel.Lowest} to {CareerLevel.Highest}.");
        }
        for (var i = 0; i < input.Competencies.Count; i++)
        {
            if (!framework.CompetencyByCode.ContainsKey(input.Competencies[i]))
                errors.Add($"competencies[{i}]", $"'{input.Competencies[i]}' is not a competency area.");
        }
        for (var i = 0; i < input.Media.Count; i++)
        {
            errors.Required($"media[{i}].title", input.Media[i].Title, 200);
            if (!Jobs.JobStore.IsWebAddress(input.Media[i].Url.Trim()))
                errors.Add($"media[{i}].url", $"'{input.Media[i].Url}' is not an http or https address.");
        }
        errors.ThrowIfAny();
    }
}
