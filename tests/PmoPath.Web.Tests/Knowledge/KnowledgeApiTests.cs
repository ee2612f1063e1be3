using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Jobs;
using PmoPath.Knowledge;
using PmoPath.Search;
using PmoPath.Testing;
using PmoPath.Testing.Sessions;

namespace PmoPath.Web.Tests.Knowledge;

/// <summary>Articles, search, jobs and providers through real HTTP, on each database provider.</summary>
public abstract class KnowledgeApiTests(AppFixture fixture)
{
    private readonly HttpClient _client = fixture.App.Client;
    private readonly IServiceProvider _services = fixture.App.Services;
    private readonly TestApp _app = fixture.App;

    [Fact]
    public async Task Searching_benefits_finds_the_Benefits_Management_course_and_an_article_with_marked_snippets()
    {
        var hits = await Search("/api/search?q=benefits");
        var course = Assert.Single(hits, h => h.GetProperty("kind").GetString() == "course" && h.GetProperty("key").GetString() == "benefits-management");
        Assert.Equal("/courses/benefits-management", course.GetProperty("url").GetString());
        var article = Assert.Single(hits, h => h.GetProperty("key").GetString() == "a-certification-every-two-to-three-years");
        Assert.Contains("<mark>", article.GetProperty("snippet").GetString(), StringComparison.Ordinal);
        Assert.Contains("<mark>", course.GetProperty("snippet").GetString(), StringComparison.Ordinal);
        // Ranked best first.
        var ranks = hits.Select(h => h.GetProperty("rank").GetDouble()).ToList();
        Assert.Equal(ranks.OrderDescending(), ranks);
    }

    [Fact]
    public async Task Search_filters_by_level_and_competency_area()
    {
        var byArea = await Search("/api/search?q=pmo&competency=benefits-management");
        Assert.NotEmpty(byArea);
        foreach (var hit in byArea.Where(h => h.GetProperty("kind").GetString() == "course"))
        {
            var course = await _client.GetFromJsonAsync<JsonElement>($"/api/courses/{hit.GetProperty("key").GetString()}");
            Assert.Contains("benefits-management", course.GetProperty("competencies").EnumerateArray().Select(c => c.GetString()));
        }
        Assert.DoesNotContain(byArea, h => h.GetProperty("key").GetString() == "the-four-pmo-career-levels");

        var atLevel4 = await Search("/api/search?q=pmo&level=4");
        Assert.Contains(atLevel4, h => h.GetProperty("key").GetString() == "aipmo-ipmo-expert");
        Assert.DoesNotContain(atLevel4, h => h.GetProperty("key").GetString() is "closing-a-skill-gap-with-a-specialist-course" or "aipmo-ipmo-foundation");
    }

    [Fact]
    public async Task The_page_is_the_best_of_every_match_in_rank_order_skipping_what_the_filters_exclude()
    {
        // Sixty entries of one length in which "zebrafinch" occurs 1 to 60 times, so more often ranks higher;
        // odd ones serve level 1, even ones level 2. Above them all rank level-2 entries that are closed or not yet open.
        var today = TestClock.Today;
        static string Body(int times) => string.Join(' ', Enumerable.Repeat("zebrafinch", times).Concat(Enumerable.Repeat("lorem", 100 - times)));
        await using (var db = await _services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            for (var i = 1; i <= 60; i++)
                db.SearchEntries.Add(new SearchEntry { Kind = SearchKinds.Job, Key = $"ranking-{i}", Title = "Field note", Body = Body(i), Levels = i % 2 == 0 ? "|2|" : "|1|" });
            for (var i = 61; i <= 64; i++)
            {
                db.SearchEntries.Add(new SearchEntry
                {
                    Kind = SearchKinds.Job, Key = $"ranking-{i}", Title = "Field note", Body = Body(i), Levels = "|2|",
                    VisibleFrom = i % 2 == 0 ? today.AddDays(1) : null, VisibleUntil = i % 2 == 0 ? null : today.AddDays(-1),
                });
            }
            await db.SaveChangesAsync();
        }

        var any = await Search("/api/search?q=zebrafinch");
        Assert.Equal(Enumerable.Range(0, SearchQuery.DefaultLimit).Select(n => $"ranking-{60 - n}"), any.Select(h => h.GetProperty("key").GetString()));
        var atLevel2 = await Search("/api/search?q=zebrafinch&level=2");
        Assert.Equal(Enumerable.Range(0, SearchQuery.DefaultLimit).Select(n => $"ranking-{60 - 2 * n}"), atLevel2.Select(h => h.GetProperty("key").GetString()));
        Assert.All(atLevel2, h => Assert.Contains("<mark>zebrafinch", h.GetProperty("snippet").GetString(), StringComparison.Ordinal));
        var ranks = atLevel2.Select(h => h.GetProperty("rank").GetDouble()).ToList();
        Assert.Equal(ranks.OrderDescending(), ranks);
    }

    [Theory]
    [InlineData("", "q")]
    [InlineData("q=pmo&level=7", "level")]
    [InlineData("q=pmo&competency=juggling", "competency")]
    public async Task A_bad_search_is_a_400_naming_the_parameter(string query, string field)
    {
        var response = await _client.GetAsync($"/api/search?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}'");
    }

    [Theory]
    [InlineData("\"benefits")]
    [InlineData("benefits OR (NEAR* ^")]
    [InlineData("'; DROP TABLE \"Articles\"; --")]
    [InlineData("<script>alert(1)</script>")]
    public async Task Search_syntax_in_the_words_is_text_not_an_error(string q)
    {
        var response = await _client.GetAsync($"/api/search?q={Uri.EscapeDataString(q)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<script", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draft_is_neither_listed_nor_shown_nor_found()
    {
        await _services.GetRequiredService<ArticleStore>().SaveAsync(new ArticleInput
        {
            Slug = "draft-on-quokkas", Title = "Quokkas in the PMO", Summary = "Not ready.", Categories = ["Drafts"],
            Markdown = "All about quokkas.", Published = false,
        });
        var slugs = (await _client.GetFromJsonAsync<JsonElement>("/api/articles")).EnumerateArray().Select(a => a.GetProperty("slug").GetString());
        Assert.DoesNotContain("draft-on-quokkas", slugs);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/articles/draft-on-quokkas")).StatusCode);
        Assert.Empty(await Search("/api/search?q=quokkas"));
    }

    [Fact]
    public async Task Articles_are_listed_newest_first_and_by_category()
    {
        var all = (await _client.GetFromJsonAsync<JsonElement>("/api/articles")).EnumerateArray().ToList();
        Assert.Contains(all, a => a.GetProperty("slug").GetString() == "taking-ownership-of-your-pmo-career");
        var certification = (await _client.GetFromJsonAsync<JsonElement>("/api/articles?category=certification")).EnumerateArray()
            .Select(a => a.GetProperty("slug").GetString()).ToList();
        Assert.Equal(["beta-pmos-insight-from-the-expert-course", "closing-a-skill-gap-with-a-specialist-course", "a-certification-every-two-to-three-years", "choosing-between-certification-bodies"], certification);
    }

    [Fact]
    public async Task An_article_has_sanitised_html_a_table_of_contents_media_and_its_neighbours()
    {
        var article = await _client.GetFromJsonAsync<JsonElement>("/api/articles/taking-ownership-of-your-pmo-career");
        var toc = article.GetProperty("toc").EnumerateArray().Select(t => t.GetProperty("anchor").GetString()).ToList();
        Assert.Contains("what-ownership-means", toc);
        Assert.Contains("id=\"what-ownership-means\"", article.GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.Equal(["recording", "slide-deck"], article.GetProperty("media").EnumerateArray().Select(m => m.GetProperty("kind").GetString()));
        Assert.Equal("the-four-pmo-career-levels", article.GetProperty("previous").GetProperty("slug").GetString());
        Assert.Equal("beta-pmos-insight-from-the-expert-course", article.GetProperty("next").GetProperty("slug").GetString());
    }

    [Fact]
    public async Task A_hostile_article_is_served_without_script_or_handlers()
    {
        await _services.GetRequiredService<ArticleStore>().SaveAsync(new ArticleInput
        {
            Slug = "hostile", Title = "Hostile", Categories = ["Testing"], Published = true,
            Markdown = "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))\n\n## Fine heading",
        });
        var page = await _client.GetStringAsync("/articles/hostile");
        var body = new HtmlParser().ParseDocument(page).QuerySelector(".article-body")!;
        Assert.Empty(body.QuerySelectorAll("script, img, [onerror]"));
        Assert.DoesNotContain(body.QuerySelectorAll("a"), a => (a.GetAttribute("href") ?? "").Contains("javascript", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task An_unknown_article_is_a_404_on_the_API_and_the_page()
    {
        var response = await _client.GetAsync("/api/articles/no-such-article");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/articles/no-such-article")).StatusCode);
    }

    [Fact]
    public async Task Past_and_closed_jobs_are_neither_listed_nor_found()
    {
        var jobs = _services.GetRequiredService<JobStore>();
        await jobs.AddAsync(new JobInput
        {
            Title = "Wombat PMO Officer", Organisation = "Past Ltd", Level = 2, PmoType = "project-office", Location = "York",
            OpensOn = new DateOnly(2020, 1, 1), ClosesOn = new DateOnly(2020, 2, 1), Description = "Long gone wombats.",
        });
        var listed = (await _client.GetFromJsonAsync<JsonElement>("/api/jobs")).EnumerateArray().ToList();
        Assert.NotEmpty(listed);
        Assert.DoesNotContain(listed, j => j.GetProperty("organisation").GetString() == "Past Ltd");
        Assert.All(listed, j => Assert.True(DateOnly.Parse(j.GetProperty("closesOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= jobs.Today));
        Assert.Empty(await Search("/api/search?q=wombats"));
    }

    [Fact]
    public async Task Jobs_filter_by_level_and_PMO_type()
    {
        var level3 = (await _client.GetFromJsonAsync<JsonElement>("/api/jobs?level=3")).EnumerateArray().ToList();
        Assert.NotEmpty(level3);
        Assert.All(level3, j => Assert.Equal(3, j.GetProperty("level").GetInt32()));
        var epmo = (await _client.GetFromJsonAsync<JsonElement>("/api/jobs?pmoType=enterprise-pmo")).EnumerateArray().ToList();
        Assert.Equal(["Head of Enterprise PMO"], epmo.Select(j => j.GetProperty("title").GetString()));
    }

    [Theory]
    [InlineData("level=0", "level")]
    [InlineData("pmoType=kitchen", "pmoType")]
    public async Task A_bad_jobs_filter_is_a_400_naming_the_parameter(string query, string field)
    {
        var response = await _client.GetAsync($"/api/jobs?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_job_closing_before_it_opens_is_refused_naming_closesOn()
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => _services.GetRequiredService<JobStore>().AddAsync(new JobInput
        {
            Title = "Backwards", Organisation = "X", Level = 1, PmoType = "project-office", Location = "Y",
            OpensOn = new DateOnly(2030, 5, 1), ClosesOn = new DateOnly(2030, 4, 1),
        }));
        Assert.True(error.Errors.ContainsKey("closesOn"));
    }

    [Fact]
    public async Task Providers_are_listed_with_accreditations_and_offers_and_an_unknown_one_is_a_404()
    {
        var providers = (await _client.GetFromJsonAsync<JsonElement>("/api/providers")).EnumerateArray().ToList();
        Assert.Equal(["harbour-lane-training", "meridian-pmo-academy"], providers.Select(p => p.GetProperty("code").GetString()));
        var meridian = await _client.GetFromJsonAsync<JsonElement>("/api/providers/meridian-pmo-academy");
        Assert.Contains("axelos-p3o-practitioner", meridian.GetProperty("accreditations").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains("coaching", meridian.GetProperty("offers").EnumerateArray().Select(o => o.GetProperty("kind").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/providers/nobody")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/providers/nobody")).StatusCode);
    }

    [Fact]
    public async Task The_pages_render_articles_search_jobs_and_providers()
    {
        var parser = new HtmlParser();
        var index = parser.ParseDocument(await _client.GetStringAsync("/articles"));
        Assert.Contains(index.QuerySelectorAll("a"), a => a.GetAttribute("href") == "/articles/taking-ownership-of-your-pmo-career");

        var article = parser.ParseDocument(await _client.GetStringAsync("/articles/taking-ownership-of-your-pmo-career"));
        Assert.NotNull(article.QuerySelector("nav.toc a[href='#what-ownership-means']"));
        Assert.NotNull(article.QuerySelector(".article-media a[href$='taking-ownership.pdf']"));
        Assert.NotNull(article.QuerySelector(".article-feedback"));
        Assert.NotNull(article.QuerySelector(".article-pager a[rel=prev]"));

        var search = parser.ParseDocument(await _client.GetStringAsync("/search?q=benefits"));
        Assert.NotEmpty(search.QuerySelectorAll(".search-hit .snippet mark"));
        Assert.Contains(search.QuerySelectorAll(".search-hit a"), a => a.GetAttribute("href") == "/courses/benefits-management");

        var jobs = parser.ParseDocument(await _client.GetStringAsync("/jobs?level=4"));
        Assert.Equal(["Head of Enterprise PMO"], jobs.QuerySelectorAll(".job h2").Select(h => h.TextContent));

        var provider = parser.ParseDocument(await _client.GetStringAsync("/providers/harbour-lane-training"));
        Assert.NotNull(provider.QuerySelector(".accreditations a[href='/courses/aipmo-ipmo-expert']"));
        Assert.NotNull(provider.QuerySelector("a[href='mailto:hello@harbourlane.example']"));
    }

    [Fact]
    public async Task A_provider_lists_its_upcoming_public_sessions_and_never_an_in_house_run()
    {
        var (inHouse, past, token) = await InHouseAndPastSessionsAsync();
        var schedule = (await _client.GetFromJsonAsync<JsonElement>("/api/sessions?provider=harbour-lane-training")).EnumerateArray().ToList();
        Assert.NotEmpty(schedule);

        var harbour = await _client.GetFromJsonAsync<JsonElement>("/api/providers/harbour-lane-training");
        var sessions = harbour.GetProperty("upcomingSessions").EnumerateArray().ToList();
        // The public schedule's own query: the same sessions in the same order, each with what a visitor chooses by.
        Assert.Equal(schedule.Select(s => s.GetProperty("id").GetGuid()), sessions.Select(s => s.GetProperty("id").GetGuid()));
        Assert.All(sessions, s =>
        {
            Assert.Equal("harbour-lane-training", s.GetProperty("providerCode").GetString());
            Assert.False(s.GetProperty("inHouse").GetBoolean());
            Assert.True(DateOnly.Parse(s.GetProperty("endsOn").GetString()!, CultureInfo.InvariantCulture) >= TestClock.Today.AddDays(-1));
            foreach (var field in new[] { "courseTitle", "delivery", "venue", "currency" })
                Assert.False(string.IsNullOrEmpty(s.GetProperty(field).GetString()), field);
            Assert.True(s.GetProperty("seatsLeft").GetInt32() > 0);
            Assert.True(s.GetProperty("price").GetDecimal() > 0);
        });
        Assert.Contains(sessions, s => s.GetProperty("courseCode").GetString() == "agile-pmo" && s.GetProperty("venue").GetString() == "Online (video call)");
        Assert.DoesNotContain(sessions, s => s.GetProperty("id").GetGuid() == inHouse || s.GetProperty("id").GetGuid() == past);
        var starts = sessions.Select(s => s.GetProperty("startsOn").GetString()).ToList();
        Assert.Equal(starts.Order(StringComparer.Ordinal), starts);

        // A member of the organisation the in-house run is for sees it on the schedule, but the directory stays public.
        using var member = new HttpClient { BaseAddress = _app.BaseAddress };
        member.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Contains((await member.GetFromJsonAsync<JsonElement>("/api/sessions?provider=harbour-lane-training")).EnumerateArray(), s => s.GetProperty("id").GetGuid() == inHouse);
        var asMember = await member.GetFromJsonAsync<JsonElement>("/api/providers/harbour-lane-training");
        Assert.DoesNotContain(asMember.GetProperty("upcomingSessions").EnumerateArray(), s => s.GetProperty("id").GetGuid() == inHouse);

        // The list of providers stays a directory: no sessions in it.
        var list = (await _client.GetFromJsonAsync<JsonElement>("/api/providers")).EnumerateArray();
        Assert.All(list, p => Assert.False(p.TryGetProperty("upcomingSessions", out _)));
        var meridian = await _client.GetFromJsonAsync<JsonElement>("/api/providers/meridian-pmo-academy");
        Assert.All(meridian.GetProperty("upcomingSessions").EnumerateArray(), s => Assert.Equal("meridian-pmo-academy", s.GetProperty("providerCode").GetString()));
    }

    [Fact]
    public async Task The_provider_page_lists_its_upcoming_public_sessions_each_linking_to_its_page()
    {
        var (inHouse, past, _) = await InHouseAndPastSessionsAsync();
        var sessions = (await _client.GetFromJsonAsync<JsonElement>("/api/providers/harbour-lane-training")).GetProperty("upcomingSessions").EnumerateArray().ToList();
        Assert.NotEmpty(sessions);

        var page = new HtmlParser().ParseDocument(await _client.GetStringAsync("/providers/harbour-lane-training"));
        var rows = page.QuerySelectorAll(".provider-sessions table.sessions tbody tr").ToList();
        Assert.Equal(sessions.Select(s => s.GetProperty("id").GetGuid().ToString()), rows.Select(r => r.GetAttribute("data-session")));
        foreach (var (session, row) in sessions.Zip(rows))
        {
            var id = session.GetProperty("id").GetGuid();
            Assert.NotNull(row.QuerySelector($"a[href='/sessions/{id}']"));
            var text = row.TextContent;
            Assert.Contains(session.GetProperty("courseTitle").GetString()!, text, StringComparison.Ordinal);
            Assert.Contains(session.GetProperty("venue").GetString()!, text, StringComparison.Ordinal);
            Assert.Contains($"{session.GetProperty("seatsLeft").GetInt32()} of {session.GetProperty("seats").GetInt32()} seats left", text, StringComparison.Ordinal);
            Assert.Contains(session.GetProperty("price").GetDecimal().ToString("#,0", CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        }
        var agile = rows.Single(r => r.TextContent.Contains("Agile PMO", StringComparison.Ordinal));
        Assert.Contains("Virtual (online)", agile.TextContent, StringComparison.Ordinal);
        Assert.Contains("£450", agile.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(rows, r => r.GetAttribute("data-session") == inHouse.ToString() || r.GetAttribute("data-session") == past.ToString());
        Assert.DoesNotContain("In-house", page.QuerySelector(".provider-sessions")!.TextContent, StringComparison.Ordinal);
    }

    /// <summary>
    /// An in-house run of harbour-lane-training for Initech (whose one practitioner's token is returned) and a public
    /// session of theirs that ended last month: neither belongs in the directory.
    /// </summary>
    private async Task<(Guid InHouse, Guid Past, string Token)> InHouseAndPastSessionsAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        await using var db = await SessionKit.SystemAsync(_app);
        var admin = scope.ServiceProvider.GetRequiredService<AccountAdmin>();
        var email = $"{Guid.NewGuid():N}@initech.test";
        var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Name == "Initech") ?? await admin.AddOrganisationAsync("Initech");
        await admin.AddUserAsync(new NewUser("Initech", email, PmoRole.Practitioner), "correct horse battery staple");
        var token = (await _services.GetRequiredService<ApiTokens>().CreateAsync(email, "tests", null)).Token;
        var today = TestClock.Today;
        var inHouse = await SessionKit.InsertAsync(_app, "harbour-lane-training", "agile-pmo", today.AddDays(9), 8, organisationId: organisation.Id);
        var past = await SessionKit.InsertAsync(_app, "harbour-lane-training", "pmo-coaching", today.AddDays(-40), 8, endsOn: today.AddDays(-39));
        return (inHouse, past, token);
    }

    [Fact]
    public async Task Providers_are_found_by_search_by_name_summary_location_and_offers_with_snippets()
    {
        var mentoring = await Search("/api/search?q=mentoring");
        var providers = mentoring.Where(h => h.GetProperty("kind").GetString() == "provider").ToList();
        Assert.Equal(["harbour-lane-training", "meridian-pmo-academy"], providers.Select(h => h.GetProperty("key").GetString()).Order());
        Assert.All(providers, h => Assert.Contains("<mark>", h.GetProperty("snippet").GetString(), StringComparison.Ordinal));
        Assert.Equal("/providers/meridian-pmo-academy", providers.Single(h => h.GetProperty("key").GetString() == "meridian-pmo-academy").GetProperty("url").GetString());

        Assert.Equal("harbour-lane-training", Assert.Single(await Search("/api/search?q=bristol")).GetProperty("key").GetString());
        var byName = await Search("/api/search?q=meridian");
        Assert.Equal("Meridian PMO Academy", byName.Single(h => h.GetProperty("kind").GetString() == "provider").GetProperty("title").GetString());
        Assert.Contains(await Search("/api/search?q=fictional%20training"), h => h.GetProperty("key").GetString() == "meridian-pmo-academy");

        var page = new HtmlParser().ParseDocument(await _client.GetStringAsync("/search?q=mentoring"));
        var hit = page.QuerySelectorAll(".search-hit-provider").Single(h => h.QuerySelector("a")!.GetAttribute("href") == "/providers/harbour-lane-training");
        Assert.Equal("Provider", hit.QuerySelector(".hit-kind")!.TextContent);
        Assert.NotNull(hit.QuerySelector(".snippet mark"));
    }

    [Fact]
    public async Task Saving_a_provider_again_replaces_its_search_entry()
    {
        var store = _services.GetRequiredService<PmoPath.Providers.ProviderStore>();
        var provider = (await store.FindAsync("harbour-lane-training"))!;
        provider.Location = "Bristol and Quimper";
        await store.SaveAsync(provider);
        Assert.Equal("harbour-lane-training", Assert.Single(await Search("/api/search?q=quimper")).GetProperty("key").GetString());
    }

    [Fact]
    public async Task Saving_an_article_again_replaces_its_text_in_pages_and_search()
    {
        var store = _services.GetRequiredService<ArticleStore>();
        var input = new ArticleInput
        {
            Slug = "resaved", Title = "Platypus planning", Categories = ["Testing"], Published = true,
            Markdown = "## Platypus\n\nAbout platypus planning.",
        };
        await store.SaveAsync(input);
        input.Title = "Echidna planning";
        input.Markdown = "## Echidna\n\nAbout echidna planning.";
        await store.SaveAsync(input);

        var article = await _client.GetFromJsonAsync<JsonElement>("/api/articles/resaved");
        Assert.Equal("Echidna planning", article.GetProperty("title").GetString());
        Assert.Equal(["echidna"], article.GetProperty("toc").EnumerateArray().Select(t => t.GetProperty("anchor").GetString()));
        Assert.Empty(await Search("/api/search?q=platypus"));
        Assert.Single(await Search("/api/search?q=echidna"));
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_knowledge_routes()
    {
        var paths = (await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");
        foreach (var path in new[] { "/api/articles", "/api/articles/{slug}", "/api/search", "/api/jobs", "/api/providers", "/api/providers/{code}" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} should be documented");
    }

    private async Task<List<JsonElement>> Search(string url) =>
        [.. (await _client.GetFromJsonAsync<JsonElement>(url)).EnumerateArray()];
}

public sealed class KnowledgeApiOnSqliteTests(SqliteAppFixture fixture) : KnowledgeApiTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class KnowledgeApiOnPostgresTests(PostgresAppFixture fixture) : KnowledgeApiTests(fixture), IClassFixture<PostgresAppFixture>;
