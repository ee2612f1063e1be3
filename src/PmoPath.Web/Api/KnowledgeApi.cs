using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PmoPath.Data;
using PmoPath.Framework;
using PmoPath.Knowledge;
using PmoPath.Search;
using PmoPath.Web.Hosting;

namespace PmoPath.Web.Api;

/// <summary>The knowledge base and search across articles, courses and jobs: public to read; rating and feedback need a bearer token.</summary>
public static class KnowledgeApi
{
    public static IEndpointRouteBuilder MapKnowledgeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Knowledge base");
        api.MapGet("/articles", GetArticles).WithSummary("Published articles, newest first, optionally of one category (its slug).");
        api.MapGet("/articles/{slug}", GetArticle).WithSummary("One published article: sanitised HTML, table of contents, media, previous and next in its category.");
        api.MapPost("/articles/{slug}/rating", Rate).RequireAuthorization(WebAuthSetup.ApiPolicy)
            .WithSummary("Was this helpful? The caller's 1 to 5 stars for the article; one per person, a second replaces the first.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/articles/{slug}/feedback", GiveFeedback).RequireAuthorization(WebAuthSetup.ApiPolicy)
            .WithSummary("How can we improve this article? Text up to 2000 characters, read by editors only.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/search", SearchAll).WithSummary("Full-text search across articles, courses and open jobs, ranked, with marked snippets.");
        return app;
    }

    /// <param name="category">A category slug, such as <c>career-path</c>.</param>
    public static async Task<Ok<List<ArticleSummaryView>>> GetArticles(ArticleStore store, string? category, CancellationToken ct)
    {
        var articles = await store.ListPublishedAsync(string.IsNullOrWhiteSpace(category) ? null : category.Trim().ToLowerInvariant(), ct);
        return TypedResults.Ok(articles.Select(ArticleSummaryView.From).ToList());
    }

    public static async Task<Results<Ok<ArticleView>, ProblemHttpResult>> GetArticle(ArticleStore store, ArticleRatings ratings, string slug, CancellationToken ct) =>
        await store.GetPublishedAsync(slug, ct) is { } page
            ? TypedResults.Ok(ArticleView.From(page, RatingSummaryView.From(await ratings.SummaryAsync(page.Article.Id, ct))))
            : NotFound(slug);

    public sealed record RatingInput(int? Stars);

    public sealed record FeedbackInput(string? Text);

    public static async Task<Results<NoContent, ProblemHttpResult>> Rate(ArticleRatings ratings, string slug, RatingInput input, CancellationToken ct) =>
        await ratings.RateAsync(slug, input.Stars, ct) ? TypedResults.NoContent() : NotFound(slug);

    public static async Task<Results<NoContent, ProblemHttpResult>> GiveFeedback(ArticleRatings ratings, string slug, FeedbackInput input, CancellationToken ct) =>
        await ratings.GiveFeedbackAsync(slug, input.Text, ct) ? TypedResults.NoContent() : NotFound(slug);

    private static ProblemHttpResult NotFound(string slug) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no article '{slug}'.");

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
    IReadOnlyList<MediaView> Media, ArticleLinkView? Previous, ArticleLinkView? Next, RatingSummaryView Rating)
{
    public static ArticleView From(ArticlePage page, RatingSummaryView rating)
    {
        var a = page.Article;
        return new(a.Slug, a.Title, a.Summary, a.Categories, a.Levels, a.Competencies, a.PublishedOn, a.Html,
            [.. a.Toc.Select(t => new TocEntryView(t.Level, t.Anchor, t.Text))],
            [.. a.Media.Select(m => new MediaView(m.Kind, m.Title, m.Url))],
            page.Previous is { } p ? new ArticleLinkView(p.Slug, p.Title) : null,
            page.Next is { } n ? new ArticleLinkView(n.Slug, n.Title) : null, rating);
    }
}

/// <summary>How an article has been rated: how many ratings, their average, and the share of each number of stars, 5 first.</summary>
public sealed record RatingSummaryView(int Count, double? Average, IReadOnlyList<StarCount> Distribution, string Text)
{
    public static RatingSummaryView From(RatingSummary s) => new(s.Count, s.Average, s.Distribution, s.Text);
}

/// <summary>A search hit; <see cref="Snippet"/> is HTML-encoded text with the matched words in &lt;mark&gt;.</summary>
public sealed record SearchHitView(string Kind, string Key, string Title, string Snippet, string Url, double Rank);
