using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PmoPath.Data;
using PmoPath.Framework;
using PmoPath.Knowledge;
using PmoPath.Search;
using PmoPath.Web.Hosting;

namespace PmoPath.Web.Api;

/// <summary>
/// The knowledge base and search across articles, courses, jobs and providers: public to read; rating and
/// feedback need a bearer token; editors (a site-admin for any article, a provider-admin for their provider's)
/// write, publish and withdraw articles and read and resolve their feedback (<see cref="ArticleEditor"/>).
/// </summary>
public static class KnowledgeApi
{
    public static IEndpointRouteBuilder MapKnowledgeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Knowledge base");
        api.MapGet("/articles", GetArticles).WithSummary("Published articles, newest first, optionally of one category (its slug).");
        api.MapGet("/articles/suggested", Suggested)
            .WithSummary("Published articles that serve a competency area (and a level), best rated first; with a token, leaving out those the caller has rated.")
            .ProducesValidationProblem();
        api.MapGet("/articles/{slug}", GetArticle).WithSummary("One published article (or a draft, to its editors): sanitised HTML, table of contents, media, previous and next in its category.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var editors = api.MapGroup("/articles").RequireAuthorization(WebAuthSetup.ApiPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        editors.MapPost("", Create).WithSummary("Write an article (site-admin, or provider-admin for their provider): a draft unless 'published' is true. A slug already taken is a 400 naming it.")
            .ProducesValidationProblem();
        editors.MapPut("/{slug}", Update).WithSummary("Replace an article's text and facts (its editors); 'published' publishes or withdraws it. The slug changes only while it has never been published.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        editors.MapPost("/{slug}/publish", Publish).WithSummary("Publish an article (its editors): it is listed and searchable at once.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        editors.MapPost("/{slug}/unpublish", Unpublish).WithSummary("Withdraw an article to a draft (its editors): it leaves lists and search at once.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        editors.MapGet("/{slug}/feedback", Feedback).WithSummary("Readers' feedback on an article, open first (its editors). The text is plain text, never HTML.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        editors.MapPost("/feedback/{id:guid}/resolve", Resolve).WithSummary("Mark a piece of feedback dealt with (the article's editors).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/articles/{slug}/rating", Rate).RequireAuthorization(WebAuthSetup.ApiPolicy)
            .WithSummary("Was this helpful? The caller's 1 to 5 stars for the article; one per person, a second replaces the first.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/articles/{slug}/feedback", GiveFeedback).RequireAuthorization(WebAuthSetup.ApiPolicy)
            .WithSummary("How can we improve this article? Text up to 2000 characters, read by editors only.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/search", SearchAll).WithSummary("Full-text search across articles, courses, open jobs and training providers, ranked, with marked snippets.");
        return app;
    }

    /// <param name="category">A category slug, such as <c>career-path</c>.</param>
    public static async Task<Ok<List<ArticleSummaryView>>> GetArticles(ArticleStore store, string? category, CancellationToken ct)
    {
        var articles = await store.ListPublishedAsync(string.IsNullOrWhiteSpace(category) ? null : category.Trim().ToLowerInvariant(), ct);
        return TypedResults.Ok(articles.Select(ArticleSummaryView.From).ToList());
    }

    public static async Task<Results<Ok<ArticleView>, ProblemHttpResult>> GetArticle(
        ArticleStore store, ArticleEditor editor, ArticleRatings ratings, string slug, CancellationToken ct)
    {
        var page = await store.GetPublishedAsync(slug, ct)
            ?? (await editor.FindReadableAsync(slug, ct) is { } draft ? new ArticlePage(draft, null, null) : null);
        return page is null ? NotFound(slug) : TypedResults.Ok(await ViewAsync(page, ratings, ct));
    }

    public static async Task<Created<ArticleView>> Create(ArticleEditor editor, ArticleStore store, ArticleRatings ratings, ArticleInput article, CancellationToken ct)
    {
        var created = await editor.CreateAsync(article, ct);
        return TypedResults.Created($"/api/articles/{created.Slug}", await ViewAsync(created, store, ratings, ct));
    }

    public static async Task<Ok<ArticleView>> Update(ArticleEditor editor, ArticleStore store, ArticleRatings ratings, string slug, ArticleInput article, CancellationToken ct) =>
        TypedResults.Ok(await ViewAsync(await editor.UpdateAsync(slug, article, ct), store, ratings, ct));

    public static async Task<Ok<ArticleView>> Publish(ArticleEditor editor, ArticleStore store, ArticleRatings ratings, string slug, CancellationToken ct) =>
        TypedResults.Ok(await ViewAsync(await editor.SetPublishedAsync(slug, true, ct), store, ratings, ct));

    public static async Task<Ok<ArticleView>> Unpublish(ArticleEditor editor, ArticleStore store, ArticleRatings ratings, string slug, CancellationToken ct) =>
        TypedResults.Ok(await ViewAsync(await editor.SetPublishedAsync(slug, false, ct), store, ratings, ct));

    public static async Task<Ok<List<FeedbackView>>> Feedback(ArticleEditor editor, string slug, CancellationToken ct) =>
        TypedResults.Ok((await editor.FeedbackAsync(slug, ct)).Select(FeedbackView.From).ToList());

    public static async Task<Ok<FeedbackView>> Resolve(ArticleEditor editor, Guid id, CancellationToken ct) =>
        TypedResults.Ok(FeedbackView.From(await editor.ResolveAsync(id, ct)));

    /// <param name="competency">A competency-area code, such as <c>benefits-management</c>.</param>
    /// <param name="level">1 to 4: only articles for this level (or for every level).</param>
    public static async Task<Ok<List<SuggestedArticleView>>> Suggested(
        ArticleSuggestions suggestions, FrameworkStore frameworks, PmoPath.Accounts.Caller caller, string? competency, string? level, CancellationToken ct)
    {
        // The same rules as the search filters, so a bad value is a 400 naming the parameter.
        var area = SearchQuery.ParseCompetency(competency, await frameworks.GetAsync(ct))
            ?? throw new InvalidInputException("competency", "Name the competency area, such as benefits-management.");
        var found = await suggestions.ForAsync([area], SearchQuery.ParseLevel(level) is { } n ? [n] : [], caller.PersonId, ArticleSuggestions.DefaultLimit, ct);
        return TypedResults.Ok(found.Select(SuggestedArticleView.From).ToList());
    }

    /// <summary>The article as stored, with its neighbours when it is published.</summary>
    private static async Task<ArticleView> ViewAsync(Article article, ArticleStore store, ArticleRatings ratings, CancellationToken ct) =>
        await ViewAsync((article.Published ? await store.GetPublishedAsync(article.Slug, ct) : null) ?? new ArticlePage(article, null, null), ratings, ct);

    private static async Task<ArticleView> ViewAsync(ArticlePage page, ArticleRatings ratings, CancellationToken ct) =>
        ArticleView.From(page, RatingSummaryView.From(await ratings.SummaryAsync(page.Article.Id, ct)));

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
        FrameworkStore frameworks, SearchEngine engine, [FromKeyedServices(ReadOnlyData.Key)] IDbContextFactory<AppDbContext> contexts, TimeProvider clock,
        string? q, string? level, string? competency, CancellationToken ct)
    {
        // A bad parameter throws InvalidInputException, which the exception handler answers with a 400 naming it.
        var query = SearchQuery.Parse(q, level, competency, await frameworks.GetAsync(ct));
        await using var db = await contexts.CreateDbContextAsync(ct);
        var hits = await engine.SearchAsync(db, query, clock.Today(), ct);
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

/// <summary>
/// An article as the API shows it. <see cref="Html"/> is sanitised and safe to insert into a page;
/// <see cref="Markdown"/> is the editor's text (shown as text, never as HTML). <see cref="Provider"/> is the
/// code of the provider that owns it, absent for PmoPath's own.
/// </summary>
public sealed record ArticleView(
    string Slug, string Title, string Summary, IReadOnlyList<string> Categories, IReadOnlyList<int> Levels,
    IReadOnlyList<string> Competencies, bool Published, DateOnly? PublishedOn, string? Provider, string Markdown, string Html, IReadOnlyList<TocEntryView> Toc,
    IReadOnlyList<MediaView> Media, ArticleLinkView? Previous, ArticleLinkView? Next, RatingSummaryView Rating)
{
    public static ArticleView From(ArticlePage page, RatingSummaryView rating)
    {
        var a = page.Article;
        return new(a.Slug, a.Title, a.Summary, a.Categories, a.Levels, a.Competencies, a.Published, a.PublishedOn, a.ProviderCode, a.Markdown, a.Html,
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

/// <summary>A reader's feedback as its editors see it; <see cref="Text"/> is plain text.</summary>
public sealed record FeedbackView(Guid Id, string Text, DateTime AtUtc, bool Resolved, DateTime? ResolvedAtUtc)
{
    public static FeedbackView From(FeedbackItem f) => new(f.Id, f.Text, f.AtUtc, f.Resolved, f.ResolvedAtUtc);
}

/// <summary>An article suggested for a competency area, with its readers' average rating (absent while unrated).</summary>
public sealed record SuggestedArticleView(string Slug, string Title, string Summary, string Url, IReadOnlyList<string> Competencies, double? Average, int Ratings)
{
    public static SuggestedArticleView From(SuggestedArticle a) => new(a.Slug, a.Title, a.Summary, $"/articles/{a.Slug}", a.Competencies, a.Average, a.Ratings);
}

/// <summary>A search hit; <see cref="Snippet"/> is HTML-encoded text with the matched words in &lt;mark&gt;.</summary>
public sealed record SearchHitView(string Kind, string Key, string Title, string Snippet, string Url, double Rank);
