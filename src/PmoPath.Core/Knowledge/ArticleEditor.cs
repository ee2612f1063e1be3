using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Framework;
using PmoPath.Search;

namespace PmoPath.Knowledge;

/// <summary>An article with feedback still open: how many pieces, and when the oldest came in.</summary>
public sealed record OpenFeedback(string Slug, string Title, int Count, DateTime OldestAtUtc);

/// <summary>One reader's feedback as its editors see it: the text (plain text, never HTML) and whether it is dealt with.</summary>
public sealed record FeedbackItem(Guid Id, string Text, DateTime AtUtc, DateTime? ResolvedAtUtc)
{
    public bool Resolved => ResolvedAtUtc is not null;
}

/// <summary>
/// Writing, publishing and looking after articles, for their editors: a site-admin edits every article, a
/// provider-admin the articles of their own provider (<see cref="Article.ProviderCode"/>), nobody else any.
/// What the caller may not see is a <see cref="NotFoundException"/> (a draft that is not theirs, as a missing
/// slug); a published article they may read but not change is a <see cref="ForbiddenException"/>.
/// </summary>
/// <remarks>
/// Feedback rows belong to the readers' organisations (tenant filter, docs/adr/0005) and editors belong to
/// none, so feedback is read and resolved in a system-bound context, only after the editor's right to the
/// article has been checked here.
/// </remarks>
public sealed class ArticleEditor(IDbContextFactory<AppDbContext> contexts, FrameworkStore frameworks, Caller caller, TimeProvider clock, AuditLog audit)
{
    /// <summary>Whether the caller's role writes articles at all (a site-admin, a provider's admin, or the system).</summary>
    public static bool IsEditorRole(Caller caller) =>
        caller.IsSystem || caller.Role == PmoRole.SiteAdmin || (caller.Role == PmoRole.ProviderAdmin && caller.ProviderCode is not null);

    /// <summary>Whether the caller may change the article: a site-admin any, a provider-admin their provider's.</summary>
    public static bool CanEdit(Caller caller, Article article) =>
        caller.IsSystem || caller.Role == PmoRole.SiteAdmin
        || (caller.Role == PmoRole.ProviderAdmin && caller.ProviderCode is { } mine && string.Equals(article.ProviderCode, mine, StringComparison.Ordinal));

    public bool IsEditor => IsEditorRole(caller);

    public bool MayEdit(Article article) => CanEdit(caller, article);

    /// <summary>The article if the caller may read it: published, or a draft they edit; otherwise null.</summary>
    public async Task<Article?> FindReadableAsync(string slug, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var article = await db.Articles.AsNoTracking().FirstOrDefaultAsync(a => a.Slug == slug, ct);
        return article is not null && (article.Published || MayEdit(article)) ? article : null;
    }

    /// <summary>The article to edit: 404 when the caller cannot see it, 403 when they can but may not change it.</summary>
    public async Task<Article> GetForEditAsync(string slug, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return Demand(await db.Articles.AsNoTracking().FirstOrDefaultAsync(a => a.Slug == slug, ct), slug);
    }

    /// <summary>The drafts the caller edits, most recently changed first; empty for anyone who edits nothing.</summary>
    public async Task<List<Article>> DraftsAsync(CancellationToken ct = default)
    {
        if (!IsEditor)
            return [];
        await using var db = await contexts.CreateDbContextAsync(ct);
        var drafts = db.Articles.AsNoTracking().Where(a => !a.Published);
        if (!caller.IsSystem && caller.Role != PmoRole.SiteAdmin)
            drafts = drafts.Where(a => a.ProviderCode == caller.ProviderCode);
        return await drafts.OrderByDescending(a => a.UpdatedAtUtc).ThenBy(a => a.Slug).ToListAsync(ct);
    }

    /// <summary>
    /// Renders the editor's Markdown, refusing (a 400 naming <c>markdown</c>) text nested deeper than Markdig or the
    /// sanitiser will follow: Markdig stops at its depth limit with an <see cref="ArgumentException"/>, and the walk over
    /// the resulting tree must not run out of stack.
    /// </summary>
    private static RenderedArticle RenderOrRefuse(string markdown)
    {
        try
        {
            return ArticleRenderer.Render(markdown);
        }
        catch (Exception ex) when (ex is ArgumentException or InsufficientExecutionStackException)
        {
            throw new InvalidInputException("markdown", "The text is nested too deeply (quotes, lists or brackets inside one another); flatten it.");
        }
    }

    /// <summary>
    /// Writes a new article, a draft unless <see cref="ArticleInput.Published"/> says otherwise. A provider-admin's
    /// article belongs to their provider. A slug already taken is a 400 naming <c>slug</c>, and nothing is saved.
    /// </summary>
    public async Task<Article> CreateAsync(ArticleInput input, CancellationToken ct = default)
    {
        if (!IsEditor)
            throw new ForbiddenException("Only a site-admin or a training provider's admin writes articles.");
        await CheckAsync(input, ct);
        var rendered = RenderOrRefuse(input.Markdown);
        var slug = ArticleStore.SlugOf(input);
        var article = await WriteAsync(async db =>
        {
            if (await db.Articles.AnyAsync(a => a.Slug == slug, ct))
                throw Taken(slug);
            var made = db.Articles.Add(new Article { Slug = slug, ProviderCode = caller.Role == PmoRole.ProviderAdmin ? caller.ProviderCode : null }).Entity;
            ArticleStore.Apply(made, input, rendered, clock.GetUtcNow().UtcDateTime);
            await SearchIndex.PutArticleAsync(db, made, rendered, ct);
            return made;
        }, slug, ct);
        await audit.WriteAsync(AuditActions.ArticleWritten, caller, null, $"article {article.Slug} created{(article.Published ? " and published" : " as a draft")}", ct: ct);
        return article;
    }

    /// <summary>
    /// Replaces the article's text and facts; <see cref="ArticleInput.Published"/> publishes or withdraws it. The
    /// slug may change only while the article has never been published (links to it are shared after that);
    /// an empty slug keeps the current one.
    /// </summary>
    public async Task<Article> UpdateAsync(string slug, ArticleInput input, CancellationToken ct = default)
    {
        await CheckAsync(input, ct);
        var rendered = RenderOrRefuse(input.Markdown);
        var wanted = string.IsNullOrWhiteSpace(input.Slug) ? slug : input.Slug.Trim();
        var article = await WriteAsync(async db =>
        {
            var found = Demand(await db.Articles.FirstOrDefaultAsync(a => a.Slug == slug, ct), slug);
            if (wanted != found.Slug)
            {
                if (found.PublishedOn is not null)
                    throw new InvalidInputException("slug", $"'{found.Slug}' has been published, so its address stays: links to it are shared.");
                if (await db.Articles.AnyAsync(a => a.Slug == wanted, ct))
                    throw Taken(wanted);
                found.Slug = wanted;
            }
            ArticleStore.Apply(found, input, rendered, clock.GetUtcNow().UtcDateTime);
            await SearchIndex.PutArticleAsync(db, found, rendered, ct);
            return found;
        }, wanted, ct);
        await audit.WriteAsync(AuditActions.ArticleWritten, caller, null, $"article {article.Slug} edited{(article.Published ? ", published" : ", a draft")}", ct: ct);
        return article;
    }

    /// <summary>Publishes the article (dated today the first time) or withdraws it to a draft; its search entry follows.</summary>
    public async Task<Article> SetPublishedAsync(string slug, bool published, CancellationToken ct = default)
    {
        var article = await WriteAsync(async db =>
        {
            var found = Demand(await db.Articles.FirstOrDefaultAsync(a => a.Slug == slug, ct), slug);
            found.Published = published;
            if (published)
                found.PublishedOn ??= clock.Today();
            found.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
            await SearchIndex.PutArticleAsync(db, found, ArticleRenderer.Render(found.Markdown), ct);
            return found;
        }, slug, ct);
        await audit.WriteAsync(published ? AuditActions.ArticlePublished : AuditActions.ArticleWithdrawn, caller, null, $"article {article.Slug}", ct: ct);
        return article;
    }

    /// <summary>The readers' feedback on the article, open first, each part newest first; for its editors only.</summary>
    public async Task<List<FeedbackItem>> FeedbackAsync(string slug, CancellationToken ct = default)
    {
        var article = await GetForEditAsync(slug, ct);
        await using var system = await SystemAsync(ct);
        var rows = await system.ArticleFeedback.AsNoTracking().Where(f => f.ArticleId == article.Id)
            .Select(f => new FeedbackItem(f.Id, f.Text, f.AtUtc, f.ResolvedAtUtc)).ToListAsync(ct);
        return [.. rows.OrderBy(f => f.Resolved).ThenByDescending(f => f.AtUtc)];
    }

    /// <summary>
    /// The articles the caller edits that have open feedback, with how much and since when, the longest waiting
    /// first: an editor's work queue. Empty for anyone who edits nothing.
    /// </summary>
    public async Task<List<OpenFeedback>> OpenFeedbackAsync(CancellationToken ct = default)
    {
        if (!IsEditor)
            return [];
        await using var system = await SystemAsync(ct);
        var articles = system.Articles.AsNoTracking();
        if (!caller.IsSystem && caller.Role != PmoRole.SiteAdmin)
            articles = articles.Where(a => a.ProviderCode == caller.ProviderCode);
        var open = await system.ArticleFeedback.AsNoTracking().Where(f => f.ResolvedAtUtc == null)
            .GroupBy(f => f.ArticleId)
            .Select(g => new { ArticleId = g.Key, Count = g.Count(), Oldest = g.Min(f => f.AtUtc) })
            .Join(articles, f => f.ArticleId, a => a.Id, (f, a) => new { a.Slug, a.Title, f.Count, f.Oldest })
            .ToListAsync(ct);
        return [.. open.OrderBy(o => o.Oldest).ThenBy(o => o.Slug, StringComparer.Ordinal).Select(o => new OpenFeedback(o.Slug, o.Title, o.Count, o.Oldest))];
    }

    /// <summary>How many pieces of feedback on the article are still open; 0 for anyone who may not edit it.</summary>
    public async Task<int> OpenFeedbackCountAsync(Article article, CancellationToken ct = default)
    {
        if (!MayEdit(article))
            return 0;
        await using var system = await SystemAsync(ct);
        return await system.ArticleFeedback.CountAsync(f => f.ArticleId == article.Id && f.ResolvedAtUtc == null, ct);
    }

    /// <summary>
    /// Marks a piece of feedback dealt with. Feedback on an article the caller does not edit is not theirs to
    /// see: 404, as for an unknown id. Resolving it twice is a conflict.
    /// </summary>
    public async Task<FeedbackItem> ResolveAsync(Guid feedbackId, CancellationToken ct = default)
    {
        if (!IsEditor)
            throw new ForbiddenException("Only an article's editors resolve its feedback.");
        await using var system = await SystemAsync(ct);
        var feedback = await system.ArticleFeedback.FirstOrDefaultAsync(f => f.Id == feedbackId, ct);
        var article = feedback is null ? null : await system.Articles.AsNoTracking().FirstOrDefaultAsync(a => a.Id == feedback.ArticleId, ct);
        if (feedback is null || article is null || !MayEdit(article))
            throw new NotFoundException("feedback", feedbackId.ToString());
        if (feedback.ResolvedAtUtc is not null)
            throw new ConflictException("This feedback is already resolved.");
        feedback.ResolvedAtUtc = clock.GetUtcNow().UtcDateTime;
        feedback.ResolvedById = caller.UserId;
        await system.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditActions.FeedbackResolved, caller, null, $"feedback {feedback.Id} on article {article.Slug}", ct: ct);
        return new FeedbackItem(feedback.Id, feedback.Text, feedback.AtUtc, feedback.ResolvedAtUtc);
    }

    private Article Demand(Article? article, string slug)
    {
        if (article is null || (!article.Published && !MayEdit(article)))
            throw new NotFoundException("article", slug);
        if (!MayEdit(article))
            throw new ForbiddenException(article.ProviderCode is null
                ? "Only a site-admin edits PmoPath's own articles."
                : "Only a site-admin or the article's own provider edits it.");
        return article;
    }

    private async Task CheckAsync(ArticleInput input, CancellationToken ct)
    {
        // A JSON body may send null for a text or a list: read it as empty, so the checks name the field.
        input.Title ??= "";
        input.Summary ??= "";
        input.Markdown ??= "";
        input.Categories ??= [];
        input.Levels ??= [];
        input.Competencies ??= [];
        input.Media ??= [];
        ArticleStore.Validate(input, await frameworks.GetAsync(ct));
        if (input.File is not null)
            throw new InvalidInputException("file", "Give the body as 'markdown'; only the starter data names a file.");
    }

    /// <summary>
    /// Runs the change and saves it with its search entry in one transaction. Two editors taking the same slug
    /// at once: the unique index refuses the second, which is told the slug is taken, as if it had come later.
    /// </summary>
    private async Task<Article> WriteAsync(Func<AppDbContext, Task<Article>> change, string slug, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var article = await change(db);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                if (await SlugTakenByAnotherAsync(slug, article, ct))
                    throw Taken(slug);
                throw;
            }
            await tx.CommitAsync(ct);
            return article;
        });
    }

    private async Task<bool> SlugTakenByAnotherAsync(string slug, Article article, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Articles.AnyAsync(a => a.Slug == slug && a.Id != article.Id, ct);
    }

    private static InvalidInputException Taken(string slug) =>
        new("slug", $"There is already an article '{slug}'; choose another slug.");

    private async Task<AppDbContext> SystemAsync(CancellationToken ct) =>
        (await contexts.CreateDbContextAsync(ct)).BindTo(Caller.System);
}
