using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Accounts;
using PmoPath.Knowledge;
using PmoPath.Testing;
using PmoPath.Testing.People;

namespace PmoPath.Web.Tests.Knowledge;

/// <summary>"Was this helpful?" and "How can we improve this article?" through the API and the page, on each provider.</summary>
public abstract class ArticleRatingTests(PeopleWorld world)
{
    private const string Script = "<script>alert('x')</script>";

    /// <summary>A fresh published article, so each test counts only its own ratings.</summary>
    private async Task<string> NewArticleAsync()
    {
        var slug = "rated-" + Guid.NewGuid().ToString("N")[..8];
        await world.App.Services.GetRequiredService<ArticleStore>().SaveAsync(new ArticleInput
        {
            Slug = slug, Title = "Rated " + slug, Summary = "For rating.", Categories = ["Ratings"], Markdown = "Some text.", Published = true,
        });
        return slug;
    }

    private Task<Member> NewMemberAsync(string organisation = "Acme", PmoRole role = PmoRole.Practitioner) =>
        world.AddAsync("r-" + Guid.NewGuid().ToString("N")[..8], organisation, role);

    private async Task<JsonElement> RatingOf(string slug)
    {
        using var anonymous = new HttpClient { BaseAddress = world.App.BaseAddress };
        return (await anonymous.GetFromJsonAsync<JsonElement>($"/api/articles/{slug}")).GetProperty("rating");
    }

    [Fact]
    public async Task One_rating_per_person_changeable_summarised_across_organisations()
    {
        var slug = await NewArticleAsync();
        var (a, b, c) = (await NewMemberAsync(), await NewMemberAsync(), await NewMemberAsync("Globex"));
        Assert.Equal(0, (await RatingOf(slug)).GetProperty("count").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await world.Api(a.Key).PostAsJsonAsync($"/api/articles/{slug}/rating", new { stars = 5 })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await world.Api(b.Key).PostAsJsonAsync($"/api/articles/{slug}/rating", new { stars = 4 })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await world.Api(c.Key).PostAsJsonAsync($"/api/articles/{slug}/rating", new { stars = 4 })).StatusCode);
        // A second rating by the same person replaces the first.
        Assert.Equal(HttpStatusCode.NoContent, (await world.Api(a.Key).PostAsJsonAsync($"/api/articles/{slug}/rating", new { stars = 1 })).StatusCode);

        var rating = await RatingOf(slug);
        Assert.Equal(3, rating.GetProperty("count").GetInt32());
        Assert.Equal(3.0, rating.GetProperty("average").GetDouble());
        Assert.Equal("5 stars 0% · 4 stars 67% · 3 stars 0% · 2 stars 0% · 1 star 33%", rating.GetProperty("text").GetString());
        Assert.Equal([5, 4, 3, 2, 1], rating.GetProperty("distribution").EnumerateArray().Select(d => d.GetProperty("stars").GetInt32()));
        Assert.Equal([0, 2, 0, 0, 1], rating.GetProperty("distribution").EnumerateArray().Select(d => d.GetProperty("count").GetInt32()));

        // Anonymous visitors see the distribution on the page, and no form.
        using var anonymous = world.Browser();
        var page = await anonymous.GetStringAsync($"/articles/{slug}");
        Assert.Contains("4 stars 67%", page, StringComparison.Ordinal);
        Assert.Contains("3 ratings", page, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Stars\"", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"stars\":0}")]
    [InlineData("{\"stars\":6}")]
    [InlineData("{\"stars\":-1}")]
    [InlineData("{}")]
    public async Task A_rating_outside_one_to_five_is_a_400_naming_stars_and_nothing_is_saved(string body)
    {
        var slug = await NewArticleAsync();
        var member = await NewMemberAsync();
        var response = await world.Api(member.Key).PostAsync($"/api/articles/{slug}/rating", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("stars", out _), "errors should name 'stars'");
        Assert.Equal(0, (await RatingOf(slug)).GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Rating_and_feedback_need_a_token_and_an_article()
    {
        var slug = await NewArticleAsync();
        using var anonymous = new HttpClient { BaseAddress = world.App.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync($"/api/articles/{slug}/rating", new { stars = 5 })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync($"/api/articles/{slug}/feedback", new { text = "Hi" })).StatusCode);
        var member = await NewMemberAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await world.Api(member.Key).PostAsJsonAsync("/api/articles/no-such-article/rating", new { stars = 5 })).StatusCode);
        Assert.Equal(0, (await RatingOf(slug)).GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Feedback_is_shown_to_editors_only_and_always_encoded()
    {
        var slug = await NewArticleAsync();
        var member = await NewMemberAsync();
        var api = world.Api(member.Key);
        var tooLong = await api.PostAsJsonAsync($"/api/articles/{slug}/feedback", new { text = new string('x', 2001) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.True((await tooLong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("text", out _));
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsJsonAsync($"/api/articles/{slug}/feedback", new { text = "More examples please " + Script })).StatusCode);

        using var editorBrowser = await world.SignInAsync("admin");
        var editorPage = await editorBrowser.GetStringAsync($"/articles/{slug}/feedback");
        Assert.Contains("More examples please &lt;script&gt;", editorPage, StringComparison.Ordinal);
        Assert.DoesNotContain(Script, editorPage, StringComparison.Ordinal);
        // The article page shows its editors how much is open, not the text.
        Assert.Contains("(1 open)", await editorBrowser.GetStringAsync($"/articles/{slug}"), StringComparison.Ordinal);

        using var readerBrowser = await world.SignInAsync(member.Key);
        Assert.DoesNotContain("More examples please", await readerBrowser.GetStringAsync($"/articles/{slug}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await readerBrowser.GetAsync($"/articles/{slug}/feedback")).StatusCode);
        using var anonymous = world.Browser();
        Assert.DoesNotContain("More examples please", await anonymous.GetStringAsync($"/articles/{slug}"), StringComparison.Ordinal);
        // Nor does the API show it.
        Assert.DoesNotContain("More examples please", await anonymous.GetStringAsync($"/api/articles/{slug}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_forms_rate_and_take_feedback_with_antiforgery()
    {
        var slug = await NewArticleAsync();
        var member = await NewMemberAsync();
        using var browser = await world.SignInAsync(member.Key);
        var page = await browser.GetStringAsync($"/articles/{slug}");
        Assert.Contains("name=\"Stars\"", page, StringComparison.Ordinal);
        Assert.Contains("How can we improve this article?", page, StringComparison.Ordinal);

        var bad = await PeopleWorld.PostFormAsync(browser, $"/articles/{slug}", "rate", new() { ["Stars"] = "9" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("stars", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, (await RatingOf(slug)).GetProperty("count").GetInt32());

        var good = await PeopleWorld.PostFormAsync(browser, $"/articles/{slug}", "rate", new() { ["Stars"] = "4" });
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var again = await PeopleWorld.PostFormAsync(browser, $"/articles/{slug}", "rate", new() { ["Stars"] = "5" });
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var rating = await RatingOf(slug);
        Assert.Equal(1, rating.GetProperty("count").GetInt32());
        Assert.Equal(5.0, rating.GetProperty("average").GetDouble());

        var feedback = await PeopleWorld.PostFormAsync(browser, $"/articles/{slug}", "feedback", new() { ["FeedbackText"] = "Add a worked example." });
        Assert.Equal(HttpStatusCode.Redirect, feedback.StatusCode);

        // Without the antiforgery token the post is refused.
        var forged = await browser.PostAsync($"/articles/{slug}", new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "rate", ["Stars"] = "1" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(5.0, (await RatingOf(slug)).GetProperty("average").GetDouble());
    }

    [Fact]
    public async Task Ratings_and_feedback_are_exported_and_feedback_is_erased()
    {
        var slug = await NewArticleAsync();
        var member = await NewMemberAsync();
        var api = world.Api(member.Key);
        await api.PostAsJsonAsync($"/api/articles/{slug}/rating", new { stars = 2 });
        await api.PostAsJsonAsync($"/api/articles/{slug}/feedback", new { text = "Too short by half." });

        var export = await api.GetFromJsonAsync<JsonElement>($"/api/people/{member.PersonId}/export");
        var rated = Assert.Single(export.GetProperty("articleRatings").EnumerateArray());
        Assert.Equal(slug, rated.GetProperty("article").GetString());
        Assert.Equal(2, rated.GetProperty("stars").GetInt32());
        Assert.Equal("Too short by half.", Assert.Single(export.GetProperty("articleFeedback").EnumerateArray()).GetProperty("text").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await world.Api("hr").DeleteAsync($"/api/people/{member.PersonId}")).StatusCode);
        using var editorBrowser = await world.SignInAsync("admin");
        Assert.DoesNotContain("Too short by half.", await editorBrowser.GetStringAsync($"/articles/{slug}/feedback"), StringComparison.Ordinal);
        // The stars stay as a number in the summary.
        Assert.Equal(1, (await RatingOf(slug)).GetProperty("count").GetInt32());
    }
}

public sealed class ArticleRatingOnSqliteTests(SqlitePeopleWorld world) : ArticleRatingTests(world), IClassFixture<SqlitePeopleWorld>;

public sealed class ArticleRatingOnPostgresTests(PostgresPeopleWorld world) : ArticleRatingTests(world), IClassFixture<PostgresPeopleWorld>;
