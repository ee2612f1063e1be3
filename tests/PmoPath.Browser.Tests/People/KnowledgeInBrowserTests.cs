using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PmoPath.Browser.Tests.People;

/// <summary>
/// The knowledge base as people use it: a visitor searches and reads; a signed-in practitioner rates
/// the article, says how to improve it, and sees the jobs at their target level with what they lack; an
/// editor writes a draft, publishes it, and a visitor then finds it by search.
/// </summary>
public sealed class KnowledgeInBrowserTests(PeopleBrowserFixture fixture) : IClassFixture<PeopleBrowserFixture>
{
    private const string Article = "Closing a Skill Gap with a Specialist Course";

    [Fact]
    public async Task A_visitor_finds_the_course_and_an_article_and_a_practitioner_rates_it_and_leaves_feedback()
    {
        // A visitor searches "benefits": the course and an article are among the hits, words marked.
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.World.App.BaseAddress.ToString() });
        var visitor = await context.NewPageAsync();
        await visitor.GotoAsync("/search");
        await visitor.GetByLabel("Words").FillAsync("benefits");
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(visitor.GetByRole(AriaRole.Link, new() { Name = "Benefits Management", Exact = true })).ToBeVisibleAsync();
        await Expect(visitor.Locator("mark").First).ToBeVisibleAsync();

        // They read the article; rating needs an account.
        await visitor.GetByRole(AriaRole.Link, new() { Name = Article }).ClickAsync();
        await Expect(visitor.GetByRole(AriaRole.Heading, new() { Name = Article, Level = 1 })).ToBeVisibleAsync();
        await Expect(visitor.Locator("#feedback")).ToContainTextAsync("No ratings yet.");
        await Expect(visitor.Locator(".rating-sign-in")).ToBeVisibleAsync();
        await PageChecks.AssertCleanAsync(visitor);
        var articleUrl = visitor.Url;
        await context.CloseAsync();

        // A signed-in practitioner rates it 4 stars and says how to improve it.
        var pat = await fixture.SignInAsync("pat");
        await pat.GotoAsync(articleUrl);
        await pat.GetByLabel("4 stars").CheckAsync();
        await pat.GetByRole(AriaRole.Button, new() { Name = "Rate" }).ClickAsync();
        await Expect(pat.Locator(".rating-summary")).ToContainTextAsync("1 rating");
        await Expect(pat.Locator(".rating-distribution")).ToContainTextAsync("4 stars 100%");

        await pat.GetByLabel("How can we improve this article?").FillAsync("An example of a benefits map would help.");
        await pat.GetByRole(AriaRole.Button, new() { Name = "Send feedback" }).ClickAsync();
        await Expect(pat.Locator(".feedback-thanks")).ToHaveTextAsync("Thank you for your feedback.");
        await PageChecks.AssertCleanAsync(pat);
        await pat.Context.CloseAsync();
    }

    [Fact]
    public async Task An_editor_writes_a_draft_and_publishes_it_and_a_visitor_then_finds_it_by_search()
    {
        const string Title = "Running a Lessons-Learned Review";
        var admin = await fixture.SignInAsync("admin");
        await admin.GotoAsync("/articles");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Write an article" }).ClickAsync();
        await admin.GetByLabel("Title", new() { Exact = true }).FillAsync(Title);
        await admin.GetByLabel("Summary", new() { Exact = true }).FillAsync("How a PMO runs a review that changes the next project.");
        await admin.GetByLabel("Categories", new() { Exact = true }).FillAsync("Practice");
        await admin.GetByLabel("Level 3: Leading a PMO").CheckAsync();
        await admin.GetByLabel("Benefits management").CheckAsync();
        await admin.GetByLabel("Body (Markdown)").FillAsync("## Before the review\n\nGather the retrospection notes.\n\n## After the review\n\nTrack every action.");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save the article" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = Title, Level = 1 })).ToBeVisibleAsync();
        await Expect(admin.Locator(".draft-notice")).ToBeVisibleAsync();
        await Expect(admin.Locator("nav.toc")).ToContainTextAsync("Before the review");

        // A draft is found by nobody.
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.World.App.BaseAddress.ToString() });
        var visitor = await context.NewPageAsync();
        await visitor.GotoAsync("/search?q=retrospection");
        await Expect(visitor.Locator(".search-count")).ToHaveTextAsync("Nothing found.");

        // The editor publishes it from the edit page.
        await admin.GetByRole(AriaRole.Link, new() { Name = "Edit", Exact = true }).ClickAsync();
        await admin.GetByLabel("Published").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = Title, Level = 1 })).ToBeVisibleAsync();
        await Expect(admin.Locator(".draft-notice")).ToHaveCountAsync(0);

        // Now a visitor searches for it, finds it with the word marked, and reads it.
        await visitor.GotoAsync("/search");
        await visitor.GetByLabel("Words").FillAsync("retrospection");
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(visitor.Locator(".search-hit-article mark").First).ToBeVisibleAsync();
        await visitor.GetByRole(AriaRole.Link, new() { Name = Title }).ClickAsync();
        await Expect(visitor.GetByRole(AriaRole.Heading, new() { Name = Title, Level = 1 })).ToBeVisibleAsync();
        await Expect(visitor.Locator(".edit-article")).ToHaveCountAsync(0);
        await context.CloseAsync();
        await admin.Context.CloseAsync();
    }

    [Fact]
    public async Task A_practitioner_sees_the_jobs_at_their_target_level_and_what_they_lack()
    {
        var page = await fixture.SignInAsync("pat");
        await page.GotoAsync("/me");
        await page.GetByLabel("Current level").SelectOptionAsync("2");
        await page.GetByLabel("Target level").SelectOptionAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save details" }).ClickAsync();
        await Expect(page.Locator("dd[data-field=level]")).ToHaveTextAsync("2");

        await page.GotoAsync("/jobs");
        var mine = page.Locator("section.my-jobs");
        await Expect(mine.GetByRole(AriaRole.Heading, new() { Name = "Jobs at level 3 for you" })).ToBeVisibleAsync();
        var job = mine.Locator("li.my-job").First;
        await Expect(job).ToContainTextAsync("PMO Manager");
        await Expect(job.Locator("ul.lacking li").First).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
