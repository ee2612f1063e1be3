using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PmoPath.Data;
using PmoPath.Framework;
using PmoPath.Knowledge;
using PmoPath.Search;

namespace PmoPath.Web.Api;

/// <summary>The knowledge base and search across articles, courses and jobs; read-only and public.</summary>
public static class KnowledgeApi
{
    public static IEndpointRouteBuilder MapKnowledgeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Knowledge base");
        api.MapGet("/articles", GetArticles).WithSummary("Published articles, newest first, optionally of one category (its slug).");
        api.MapGet("/articles/{slug}", GetArticle).WithSummary("One published article: sanitised HTML, table of contents, media, previous and next in its category.");
        api.MapGet("/search", SearchAll).WithSummary("Full-text search across articles, courses and open jobs, ranked, with marked snippets.");
        return app;
    }

    /// <param name="category">A category slug, such as <c>career-path</c>.</param>
    public static async Task<Ok<List<ArticleSummaryView>>> GetArticles(ArticleStore store, string? category, CancellationToken ct)
    {
        var articles = await store.ListPublishedAsync(string.IsNullOrWhiteSpace(category) ? null : category.Trim().ToLowerInvariant(), ct);
        return TypedResults.Ok(articles.Select(ArticleSummaryView.From).ToList());
    }

    public static async Task<Results<Ok<ArticleView>, ProblemHttpResult>> GetArticle(ArticleStore store, string slug, CancellationToken ct) =>
        await store.GetPublishedAsync(slug, ct) is { } page
            ? TypedResults.Ok(ArticleView.From(page))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no article '{slug}'.");

    /// <param name="q">The words to look for.</param>
    /// <param name="level">1 to 4: only what serves this career level.</param>
    /// <param name="competency">A competency-area code, such as <c>benefits-management</c>.</param>
    public static async Task<Ok<List<SearchHitView>>> SearchAll(
        FrameworkStore frameworks, SearchEngine engine, IDbContextFactory<AppDbContext> contexts, TimeProvider clock,
        string? q, string? level, string? competency, CancellationToken ct)
    {
        // A bad parameter throws InvalidInputException, which the exception handler answers with a 400 naming it.
        var query = SearchQuery.Parse(q, level, competency, await frameworks.GetAsync(ct));
        await using var db = await contexts.CreateDbContextAsync(ct);
        var hits = await engine.SearchAsync(db, query, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct);
        return TypedResults.Ok(hits.Select(h => new SearchHitView(h.Kind, h.Key, h.Title, h.SnippetHtml, h.Url, h.Rank)).ToList());
    }
}

public sealed record ArticleSummaryView(
    string Slug, string Title, string Summary, IReadOnlyList<string> Categories, IReadOnlyList<int> Levels,
    IReadOnlyList<string> Competencies, DateOnly? PublishedOn)
{
    public static ArticleSummaryView From(Article a) => new(a.Slug, a.Title, a.Summary, a.Categories, a.Levels, a.Competencies, a.PublishedOn);
}

public sealed record ArticleLinkView(string Slug, string Title);

public sealed record MediaView(MediaKind Kind, string Title, string Url);

public sealed record TocEntryView(int Level, string Anchor, string Text);

/// <summary>An article as the API shows it. <see cref="Html"/> is sanitised and safe to insert into a page.</summary>
public sealed record ArticleView(
    string Slug, string Title, string Summary, IReadOnlyList<string> Categories, IReadOnlyList<int> Levels,
    IReadOnlyList<string> Competencies, DateOnly? PublishedOn, string Html, IReadOnlyList<TocEntryView> Toc,
    IReadOnlyList<MediaView> Media, ArticleLinkView? Previous, ArticleLinkView? Next)
{
    public static ArticleView From(ArticlePage page)
    {
        var a = page.Article;
        return new(a.Slug, a.Title, a.Summary, a.Categories, a.Levels, a.Competencies, a.PublishedOn, a.Html,
            [.. a.Toc.Select(t => new TocEntryView(t.Level, t.Anchor, t.Text))],
            [.. a.Media.Select(m => new MediaView(m.Kind, m.Title, m.Url))],
            page.Previous is { } p ? new ArticleLinkView(p.Slug, p.Title) : null,
            page.Next is { } n ? new ArticleLinkView(n.Slug, n.Title) : null);
    }
}

/// <summary>A search hit; <see cref="Snippet"/> is HTML-encoded text with the matched words in &lt;mark&gt;.</summary>
public sealed record SearchHitView(string Kind, string Key, string Title, string Snippet, string Url, double Rank);
