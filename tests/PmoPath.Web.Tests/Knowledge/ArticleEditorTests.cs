using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using PmoPath.Accounts;
using PmoPath.Testing;
using PmoPath.Testing.People;

namespace PmoPath.Web.Tests.Knowledge;

/// <summary>
/// Editors write, publish and withdraw articles and resolve their feedback, through the API and the pages, on
/// each provider: a site-admin edits any article, a provider-admin only their provider's, nobody else any.
/// </summary>
public abstract class ArticleEditorTests(PeopleWorld world)
{
    private const string Harbour = "harbour-lane-training";

    /// <summary>A slug and a made-up word no other article holds, so search results are this test's own.</summary>
    private static (string Slug, string Word) Fresh()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        return ($"edited-{tag}", $"zebu{tag}");
    }

    private static object Body(string slug, string word, bool published = false, string? title = null, string? markdown = null) => new
    {
        slug,
        title = title ?? $"On the {word}",
        summary = $"A summary about {word}.",
        categories = new[] { "Editors" },
        levels = new[] { 2, 3 },
        competencies = new[] { "benefits-management" },
        media = new[] { new { kind = "slide-deck", title = "Slides", url = "https://example.org/slides.pdf" } },
        markdown = markdown ?? $"## About {word}\n\nAll about the {word}.",
        published,
    };

    private HttpClient Anonymous() => new() { BaseAddress = world.App.BaseAddress };

    private async Task<List<JsonElement>> SearchAsync(string q) =>
        [.. (await Anonymous().GetFromJsonAsync<JsonElement>($"/api/search?q={Uri.EscapeDataString(q)}")).EnumerateArray()];

    private async Task<List<string?>> ListedAsync() =>
        [.. (await Anonymous().GetFromJsonAsync<JsonElement>("/api/articles")).EnumerateArray().Select(a => a.GetProperty("slug").GetString())];

    private async Task<JsonElement> CreateAsync(string editor, object body)
    {
        var response = await world.Api(editor).PostAsJsonAsync("/api/articles", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> ErrorsOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
    }

    [Fact]
    public async Task A_draft_is_seen_by_its_editors_only_until_published_and_search_follows_publish_and_unpublish()
    {
        var (slug, word) = Fresh();
        var created = await CreateAsync("admin", Body(slug, word));
        Assert.False(created.GetProperty("published").GetBoolean());
        Assert.False(created.TryGetProperty("provider", out _));
        Assert.Equal($"/api/articles/{slug}", $"/api/articles/{created.GetProperty("slug").GetString()}");

        // Nobody but its editors sees a draft: not anonymous, not a practitioner, not another provider.
        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous().GetAsync($"/api/articles/{slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.Browser().GetAsync($"/articles/{slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.Api("pat").GetAsync($"/api/articles/{slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.Api("provider").GetAsync($"/api/articles/{slug}")).StatusCode);
        Assert.DoesNotContain(slug, await ListedAsync());
        Assert.Empty(await SearchAsync(word));
        // Its editor reads it.
        var draft = await world.Api("admin").GetFromJsonAsync<JsonElement>($"/api/articles/{slug}");
        Assert.False(draft.GetProperty("published").GetBoolean());

        var published = await world.Api("admin").PostAsync($"/api/articles/{slug}/publish", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.True((await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("published").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await Anonymous().GetAsync($"/api/articles/{slug}")).StatusCode);
        Assert.Contains(slug, await ListedAsync());
        var hit = Assert.Single(await SearchAsync(word));
        Assert.Equal(slug, hit.GetProperty("key").GetString());
        Assert.Contains("<mark>", hit.GetProperty("snippet").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await world.Api("admin").PostAsync($"/api/articles/{slug}/unpublish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous().GetAsync($"/api/articles/{slug}")).StatusCode);
        Assert.DoesNotContain(slug, await ListedAsync());
        Assert.Empty(await SearchAsync(word));

        // Publishing through an edit works the same way, and the edited text is what search finds.
        var (_, other) = Fresh();
        var edited = await world.Api("admin").PutAsJsonAsync($"/api/articles/{slug}", Body(slug, other, published: true));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Empty(await SearchAsync(word));
        Assert.Single(await SearchAsync(other));
    }

    [Fact]
    public async Task A_site_admin_edits_any_article_a_provider_admin_only_their_own_and_practitioners_none()
    {
        var (slug, word) = Fresh();
        var created = await CreateAsync("provider", Body(slug, word));
        Assert.Equal(Harbour, created.GetProperty("provider").GetString());

        // Another provider cannot see the draft, nor anyone outside its editors.
        Assert.Equal(HttpStatusCode.NotFound, (await world.Api("provider2").PutAsJsonAsync($"/api/articles/{slug}", Body(slug, word))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.Api("provider2").PostAsync($"/api/articles/{slug}/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.Api("hr").PutAsJsonAsync($"/api/articles/{slug}", Body(slug, word))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await world.Api("provider").PostAsync($"/api/articles/{slug}/publish", null)).StatusCode);
        // Published, it is seen, but still not theirs to change.
        Assert.Equal(HttpStatusCode.Forbidden, (await world.Api("provider2").PutAsJsonAsync($"/api/articles/{slug}", Body(slug, word, title: "Taken over"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await world.Api("provider2").PostAsync($"/api/articles/{slug}/unpublish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await world.Api("pat").PutAsJsonAsync($"/api/articles/{slug}", Body(slug, word, title: "Taken over"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await world.Api("hr").PostAsync($"/api/articles/{slug}/unpublish", null)).StatusCode);
        // A provider does not edit PmoPath's own articles.
        var own = await Anonymous().GetFromJsonAsync<JsonElement>("/api/articles/taking-ownership-of-your-pmo-career");
        Assert.Equal(HttpStatusCode.Forbidden, (await world.Api("provider").PostAsync("/api/articles/taking-ownership-of-your-pmo-career/unpublish", null)).StatusCode);
        Assert.True(own.GetProperty("published").GetBoolean());

        // Practitioners, managers and org-admins write no articles; without a token, nobody does.
        Assert.Equal(HttpStatusCode.Forbidden, (await world.Api("pat").PostAsJsonAsync("/api/articles", Body(Fresh().Slug, word))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await world.Api("hr").PostAsJsonAsync("/api/articles", Body(Fresh().Slug, word))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous().PostAsJsonAsync("/api/articles", Body(Fresh().Slug, word))).StatusCode);

        var title = (await Anonymous().GetFromJsonAsync<JsonElement>($"/api/articles/{slug}")).GetProperty("title").GetString();
        Assert.Equal($"On the {word}", title);

        // The site-admin edits it; it stays the provider's.
        var byAdmin = await world.Api("admin").PutAsJsonAsync($"/api/articles/{slug}", Body(slug, word, published: true, title: "Edited by the site"));
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        var after = await byAdmin.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Edited by the site", after.GetProperty("title").GetString());
        Assert.Equal(Harbour, after.GetProperty("provider").GetString());
        // Its own provider edits it too.
        Assert.Equal(HttpStatusCode.OK, (await world.Api("provider").PutAsJsonAsync($"/api/articles/{slug}", Body(slug, word, published: true, title: "Edited by Harbour"))).StatusCode);
    }

    [Fact]
    public async Task A_duplicate_or_reserved_slug_or_an_owner_in_the_body_is_a_400_and_nothing_is_saved()
    {
        var (slug, word) = Fresh();
        await CreateAsync("admin", Body(slug, word, published: true));

        var twin = await world.Api("provider").PostAsJsonAsync("/api/articles", Body(slug, word + "twin", published: true, title: "A twin"));
        Assert.True((await ErrorsOf(twin)).TryGetProperty("slug", out _), "errors should name 'slug'");
        Assert.Equal($"On the {word}", (await Anonymous().GetFromJsonAsync<JsonElement>($"/api/articles/{slug}")).GetProperty("title").GetString());
        Assert.Empty(await SearchAsync(word + "twin"));

        var reserved = await world.Api("admin").PostAsJsonAsync("/api/articles", Body("new", word));
        Assert.True((await ErrorsOf(reserved)).TryGetProperty("slug", out _));

        // Renaming a draft onto a taken slug is refused too; a published article keeps its slug.
        var (draft, _) = Fresh();
        await CreateAsync("admin", Body(draft, word + "draft"));
        Assert.True((await ErrorsOf(await world.Api("admin").PutAsJsonAsync($"/api/articles/{draft}", Body(slug, word + "draft")))).TryGetProperty("slug", out _));
        var (renamed, _) = Fresh();
        Assert.Equal(HttpStatusCode.OK, (await world.Api("admin").PutAsJsonAsync($"/api/articles/{draft}", Body(renamed, word + "draft"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.Api("admin").GetAsync($"/api/articles/{renamed}")).StatusCode);
        Assert.True((await ErrorsOf(await world.Api("admin").PutAsJsonAsync($"/api/articles/{slug}", Body(Fresh().Slug, word)))).TryGetProperty("slug", out _));

        // The owning provider comes from the account, never from the body.
        var (other, _) = Fresh();
        var overPosted = await world.Api("provider").PostAsync("/api/articles", JsonContent.Create(new
        {
            slug = other, title = "Mine", categories = new[] { "Editors" }, markdown = "Text", providerCode = "meridian-pmo-academy",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, overPosted.StatusCode);
        Assert.Contains("providerCode", await overPosted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await world.Api("admin").GetAsync($"/api/articles/{other}")).StatusCode);

        var bad = await world.Api("admin").PostAsJsonAsync("/api/articles", new { title = "", categories = Array.Empty<string>(), levels = new[] { 9 }, markdown = "" });
        var errors = await ErrorsOf(bad);
        foreach (var field in new[] { "title", "categories", "levels[0]" })
            Assert.True(errors.TryGetProperty(field, out _), $"errors should name '{field}'");
    }

    [Fact]
    public async Task Hostile_markdown_never_reaches_a_reader_unescaped()
    {
        var (slug, word) = Fresh();
        const string Hostile = "<script>alert('body')</script>\n\n<img src=x onerror=alert(1)>\n\n[click me](javascript:alert(2))\n\n"
            + "<a href=\"javascript:alert(3)\" onclick=\"alert(4)\">raw link</a>\n\n![pic](javascript:alert(5))\n\n[ok](https://example.org/)\n\n## Heading <b onmouseover=alert(6)>bold</b>";
        await CreateAsync("admin", Body(slug, word, published: true, title: "<script>alert('title')</script> " + word, markdown: Hostile + "\n\n" + word));

        var page = await world.Browser().GetStringAsync($"/articles/{slug}");
        var document = new HtmlParser().ParseDocument(page);
        var body = document.QuerySelector(".article-body")!;
        Assert.Empty(body.QuerySelectorAll("script, img, b, [onerror], [onclick], [onmouseover]"));
        Assert.DoesNotContain(document.QuerySelectorAll("a"), a => (a.GetAttribute("href") ?? "").Contains("javascript", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(body.QuerySelectorAll("a"), a => a.GetAttribute("href") == "https://example.org/");
        Assert.DoesNotContain("<script>alert", page, StringComparison.Ordinal);
        Assert.Equal($"<script>alert('title')</script> {word}", document.QuerySelector("h1")!.TextContent);

        // The API's HTML is the same sanitised markup: the hostile text survives only as escaped text.
        var api = await Anonymous().GetFromJsonAsync<JsonElement>($"/api/articles/{slug}");
        var html = new HtmlParser().ParseDocument("<!doctype html><body>" + api.GetProperty("html").GetString() + "</body>").Body!;
        Assert.Empty(html.QuerySelectorAll("script, img, b"));
        Assert.DoesNotContain(html.QuerySelectorAll("*"), e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(html.QuerySelectorAll("a"), a => (a.GetAttribute("href") ?? "").Contains("javascript", StringComparison.OrdinalIgnoreCase));

        var search = await Anonymous().GetStringAsync($"/search?q={word}");
        Assert.DoesNotContain("<script>alert", search, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", Assert.Single(await SearchAsync(word)).GetProperty("snippet").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_editor_writes_and_publishes_through_the_pages_and_others_are_turned_away()
    {
        var (slug, word) = Fresh();
        using var admin = await world.SignInAsync("admin");
        var form = new HtmlParser().ParseDocument(await admin.GetStringAsync("/articles/new"));
        foreach (var field in new[] { "Form.Title", "Form.Slug", "Form.Summary", "Form.Categories", "Form.Levels[2]", "Form.Competencies[benefits-management]", "Form.Media[0].Url", "Form.Markdown", "Form.Published" })
            Assert.NotNull(form.QuerySelector($"[name='{field}']"));

        var fields = new Dictionary<string, string>
        {
            ["Form.Title"] = $"Paged {word}", ["Form.Slug"] = slug, ["Form.Summary"] = "Written on the page.", ["Form.Categories"] = "Editors, Pages",
            ["Form.Levels[3]"] = "true", ["Form.Competencies[coaching]"] = "true",
            ["Form.Media[0].Kind"] = "Recording", ["Form.Media[0].Title"] = "The recording", ["Form.Media[0].Url"] = "https://example.org/rec",
            ["Form.Markdown"] = $"## First\r\n\r\nAbout {word}.",
        };
        var saved = await PeopleWorld.PostFormAsync(admin, "/articles/new", "article", fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.EndsWith($"/articles/{slug}", saved.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var draftPage = new HtmlParser().ParseDocument(await admin.GetStringAsync($"/articles/{slug}"));
        Assert.NotNull(draftPage.QuerySelector(".draft-notice"));
        Assert.NotNull(draftPage.QuerySelector($"a.edit-article[href='/articles/{slug}/edit']"));
        Assert.Equal(HttpStatusCode.NotFound, (await world.Browser().GetAsync($"/articles/{slug}")).StatusCode);

        // A duplicate slug on the form is named, and nothing changes.
        var twin = await PeopleWorld.PostFormAsync(admin, "/articles/new", "article", new(fields) { ["Form.Title"] = "Twin" });
        Assert.Equal(HttpStatusCode.BadRequest, twin.StatusCode);
        Assert.Contains("There is already an article", await twin.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The edit form starts from the article; ticking "Published" publishes it.
        var edit = new HtmlParser().ParseDocument(await admin.GetStringAsync($"/articles/{slug}/edit"));
        Assert.Equal($"Paged {word}", edit.QuerySelector("[name='Form.Title']")!.GetAttribute("value"));
        Assert.NotNull(edit.QuerySelector("[name='Form.Levels[3]'][checked]"));
        var published = await PeopleWorld.PostFormAsync(admin, $"/articles/{slug}/edit", "article", new(fields) { ["Form.Published"] = "true", ["Form.Title"] = $"Published {word}" });
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var article = await Anonymous().GetFromJsonAsync<JsonElement>($"/api/articles/{slug}");
        Assert.Equal($"Published {word}", article.GetProperty("title").GetString());
        Assert.Equal(["Editors", "Pages"], article.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal([3], article.GetProperty("levels").EnumerateArray().Select(l => l.GetInt32()));
        Assert.Equal("recording", Assert.Single(article.GetProperty("media").EnumerateArray()).GetProperty("kind").GetString());
        Assert.Single(await SearchAsync(word));
        // Readers see no edit link.
        Assert.DoesNotContain("/edit\"", await world.Browser().GetStringAsync($"/articles/{slug}"), StringComparison.Ordinal);

        // A practitioner is turned away from the editor's pages; another provider may not edit it.
        using var pat = await world.SignInAsync("pat");
        var denied = await pat.GetAsync("/articles/new");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("/account/denied", denied.Headers.Location?.OriginalString, StringComparison.Ordinal);
        using var provider2 = await world.SignInAsync("provider2");
        Assert.Equal(HttpStatusCode.Forbidden, (await provider2.GetAsync($"/articles/{slug}/edit")).StatusCode);
        using var anonymous = world.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync("/articles/new")).StatusCode);
    }

    [Fact]
    public async Task Editors_read_feedback_as_text_and_resolve_it_once()
    {
        var (slug, word) = Fresh();
        await CreateAsync("provider", Body(slug, word, published: true));
        Assert.Equal(HttpStatusCode.NoContent, (await world.Api("pat").PostAsJsonAsync($"/api/articles/{slug}/feedback", new { text = "Add <script>alert('fb')</script> an example" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await world.Api("quinn").PostAsJsonAsync($"/api/articles/{slug}/feedback", new { text = "From Globex: too short." })).StatusCode);

        // Its editors read every organisation's feedback; nobody else does.
        var feedback = (await world.Api("provider").GetFromJsonAsync<JsonElement>($"/api/articles/{slug}/feedback")).EnumerateArray().ToList();
        Assert.Equal(2, feedback.Count);
        Assert.All(feedback, f => Assert.False(f.GetProperty("resolved").GetBoolean()));
        Assert.Equal(2, (await world.Api("admin").GetFromJsonAsync<JsonElement>($"/api/articles/{slug}/feedback")).GetArrayLength());
        Assert.Equal(HttpStatusCode.Forbidden, (await world.Api("provider2").GetAsync($"/api/articles/{slug}/feedback")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await world.Api("hr").GetAsync($"/api/articles/{slug}/feedback")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous().GetAsync($"/api/articles/{slug}/feedback")).StatusCode);

        var id = feedback.Single(f => f.GetProperty("text").GetString()!.StartsWith("Add", StringComparison.Ordinal)).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Forbidden, (await world.Api("pat").PostAsync($"/api/articles/feedback/{id}/resolve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.Api("provider2").PostAsync($"/api/articles/feedback/{id}/resolve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.Api("provider").PostAsync($"/api/articles/feedback/{Guid.NewGuid()}/resolve", null)).StatusCode);
        var resolved = await world.Api("provider").PostAsync($"/api/articles/feedback/{id}/resolve", null);
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.True((await resolved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("resolved").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await world.Api("provider").PostAsync($"/api/articles/feedback/{id}/resolve", null)).StatusCode);

        // The page lists open and resolved feedback, as text; the form resolves the rest.
        using var editor = await world.SignInAsync("provider");
        var article = new HtmlParser().ParseDocument(await editor.GetStringAsync($"/articles/{slug}"));
        Assert.Contains("1 open", article.QuerySelector("a.article-feedback-link")!.TextContent, StringComparison.Ordinal);
        var page = await editor.GetStringAsync($"/articles/{slug}/feedback");
        Assert.DoesNotContain("<script>alert('fb')", page, StringComparison.Ordinal);
        var document = new HtmlParser().ParseDocument(page);
        Assert.Contains("<script>alert('fb')</script>", document.QuerySelector(".feedback-resolved .feedback-text")!.TextContent, StringComparison.Ordinal);
        var open = document.QuerySelector(".feedback-open .feedback-item")!;
        Assert.Contains("too short", open.TextContent, StringComparison.Ordinal);
        var button = open.QuerySelector("button[name=Resolve]")!.GetAttribute("value")!;
        Assert.Equal(HttpStatusCode.Redirect, (await PeopleWorld.PostFormAsync(editor, $"/articles/{slug}/feedback", "resolve", new() { ["Resolve"] = button })).StatusCode);
        Assert.All((await world.Api("provider").GetFromJsonAsync<JsonElement>($"/api/articles/{slug}/feedback")).EnumerateArray(),
            f => Assert.True(f.GetProperty("resolved").GetBoolean()));

        // Another provider's editor is turned away from the page.
        using var other = await world.SignInAsync("provider2");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/articles/{slug}/feedback")).StatusCode);
    }

    [Fact]
    public async Task Articles_are_suggested_beside_a_course_for_a_skill_gap_best_rated_first_leaving_out_what_the_person_rated()
    {
        var (best, word) = Fresh();
        var (rated, _) = Fresh();
        var (otherLevel, _) = Fresh();
        await CreateAsync("admin", Body(best, word, published: true));
        await CreateAsync("admin", Body(rated, word + "r", published: true));
        await CreateAsync("admin", new
        {
            slug = otherLevel, title = "For level 1 only", categories = new[] { "Editors" }, levels = new[] { 1 },
            competencies = new[] { "benefits-management" }, markdown = "Level one.", published = true,
        });
        var learner = await world.AddAsync("s-" + Guid.NewGuid().ToString("N")[..8], "Acme", PmoRole.Practitioner);
        var raters = new[] { await world.AddAsync("s-" + Guid.NewGuid().ToString("N")[..8], "Acme", PmoRole.Practitioner),
            await world.AddAsync("s-" + Guid.NewGuid().ToString("N")[..8], "Globex", PmoRole.Practitioner) };
        foreach (var rater in raters)
            Assert.Equal(HttpStatusCode.NoContent, (await world.Api(rater.Key).PostAsJsonAsync($"/api/articles/{best}/rating", new { stars = 5 })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await world.Api(learner.Key).PostAsJsonAsync($"/api/articles/{rated}/rating", new { stars = 5 })).StatusCode);

        // Level 2 aiming for 3, rating themselves 0 in benefits management: the advisor recommends the course.
        var record = await world.Api(learner.Key).PatchAsJsonAsync($"/api/people/{learner.PersonId}/record",
            new { level = 2, targetLevel = 3, competencies = new Dictionary<string, int?> { ["benefits-management"] = 0 } });
        Assert.Equal(HttpStatusCode.OK, record.StatusCode);
        var answer = await world.Api(learner.Key).GetFromJsonAsync<JsonElement>($"/api/people/{learner.PersonId}/advice");
        Assert.Contains(answer.GetProperty("advice").GetProperty("recommendations").EnumerateArray(),
            r => r.GetProperty("code").GetString() == "benefits-management" && r.GetProperty("rule").GetString() == "skill-gaps");
        var suggested = answer.GetProperty("articles").GetProperty("benefits-management").EnumerateArray().ToList();
        Assert.Equal(best, suggested[0].GetProperty("slug").GetString());
        Assert.Equal(5.0, suggested[0].GetProperty("average").GetDouble());
        Assert.DoesNotContain(suggested, s => s.GetProperty("slug").GetString() == rated);
        Assert.DoesNotContain(suggested, s => s.GetProperty("slug").GetString() == otherLevel);
        // The advice itself is still exactly the public advisor's.
        var publicAnswer = await (await Anonymous().PostAsJsonAsync("/api/advice", answer.GetProperty("profile"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(answer.GetProperty("advice").GetProperty("recommendations").GetRawText(), publicAnswer.GetProperty("recommendations").GetRawText());
        Assert.False(publicAnswer.TryGetProperty("articles", out _));

        // "My development" shows them beside the course.
        using var browser = await world.SignInAsync(learner.Key);
        var page = new HtmlParser().ParseDocument(await browser.GetStringAsync("/me/development"));
        var beside = page.QuerySelector("li.recommendation[data-code='benefits-management'] .read-alongside");
        Assert.NotNull(beside);
        Assert.Equal($"/articles/{best}", beside.QuerySelector("a")!.GetAttribute("href"));
        Assert.Null(beside.QuerySelector($"a[href='/articles/{rated}']"));

        // Anyone may ask by competency area and level; a bad one is named.
        var open = (await Anonymous().GetFromJsonAsync<JsonElement>("/api/articles/suggested?competency=benefits-management&level=3")).EnumerateArray().ToList();
        Assert.Equal(best, open[0].GetProperty("slug").GetString());
        Assert.DoesNotContain(open, s => s.GetProperty("slug").GetString() == otherLevel);
        Assert.True((await ErrorsOf(await Anonymous().GetAsync("/api/articles/suggested?competency=juggling"))).TryGetProperty("competency", out _));
        Assert.True((await ErrorsOf(await Anonymous().GetAsync("/api/articles/suggested"))).TryGetProperty("competency", out _));
        Assert.True((await ErrorsOf(await Anonymous().GetAsync("/api/articles/suggested?competency=coaching&level=5"))).TryGetProperty("level", out _));
    }
}

public sealed class ArticleEditorOnSqliteTests(SqlitePeopleWorld world) : ArticleEditorTests(world), IClassFixture<SqlitePeopleWorld>;

public sealed class ArticleEditorOnPostgresTests(PostgresPeopleWorld world) : ArticleEditorTests(world), IClassFixture<PostgresPeopleWorld>;
