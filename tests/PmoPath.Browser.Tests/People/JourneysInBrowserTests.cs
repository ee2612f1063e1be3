using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PmoPath.Browser.Tests.People;

/// <summary>
/// Each role's way in: where sign-in lands, what the navigation offers, the signed-in home page's next step,
/// and every page a role can reach checked for accessibility (axe-core at desktop and phone widths) and for
/// unrendered placeholders.
/// </summary>
public sealed class JourneysInBrowserTests(PeopleBrowserFixture fixture) : IClassFixture<PeopleBrowserFixture>
{
    [Theory]
    [InlineData("pat", "/me/development", "My development")]
    [InlineData("manager", "/team", "My team")]
    [InlineData("hr", "/organisation", "Organisation")]
    [InlineData("provider", "/provider", "Provider desk")]
    [InlineData("admin", "/articles", "Articles and feedback")]
    public async Task Sign_in_lands_each_role_where_its_work_is(string key, string landing, string firstLink)
    {
        var page = await fixture.SignInAsync(key);

        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(landing) + "$"));
        Assert.Equal(200, (await page.ReloadAsync())!.Status);
        var yours = page.GetByRole(AriaRole.Navigation, new() { Name = "Your pages" }).GetByRole(AriaRole.Link);
        await Expect(yours.First).ToHaveTextAsync(firstLink);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_local_return_address_still_wins_over_the_landing_page()
    {
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.World.App.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/sign-in?returnUrl=%2Fsessions");
        await page.GetByLabel("Email").FillAsync(fixture.World["manager"].Email);
        await page.GetByLabel("Password").FillAsync(fixture.World["manager"].Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/sessions$"));
        await context.CloseAsync();
    }

    [Fact]
    public async Task The_navigation_offers_each_role_only_the_pages_it_can_use()
    {
        async Task<string[]> LinksOf(string key)
        {
            var page = await fixture.SignInAsync(key);
            var links = await page.GetByRole(AriaRole.Navigation, new() { Name = "Your pages" }).GetByRole(AriaRole.Link).AllInnerTextsAsync();
            await page.Context.CloseAsync();
            return [.. links];
        }

        Assert.Equal(["Provider desk"], await LinksOf("provider"));
        Assert.Equal(["Articles and feedback"], await LinksOf("admin"));
        Assert.Equal(["My development", "My bookings", "My record"], await LinksOf("pat"));
        Assert.Equal(["My team", "People", "My development", "My bookings", "My record"], await LinksOf("manager"));
        Assert.Contains("In-house requests", await LinksOf("hr"));
    }

    [Fact]
    public async Task The_signed_in_home_page_leads_with_the_persons_next_step_above_the_career_path()
    {
        var page = await fixture.SignInAsync("sam");
        await page.GotoAsync("/me");
        await page.GetByLabel("Current level").SelectOptionAsync("1");
        await page.GetByLabel("Target level").SelectOptionAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save details" }).ClickAsync();

        await page.GotoAsync("/");

        var next = page.Locator("section.next-step");
        await Expect(next.GetByRole(AriaRole.Heading, new() { Name = "Your next step" })).ToBeVisibleAsync();
        await Expect(next.Locator(".next-step__course a").First).ToHaveAttributeAsync("href", new Regex("^/courses/"));
        await Expect(next.Locator(".next-step__booking")).ToContainTextAsync("Your next booking:");
        await Expect(next.Locator(".next-step__renewals")).ToContainTextAsync("Renewals due:");
        var stepTop = (await next.BoundingBoxAsync())!.Y;
        var pathTop = (await page.GetByRole(AriaRole.Heading, new() { Name = "The four levels" }).BoundingBoxAsync())!.Y;
        Assert.True(stepTop < pathTop, $"the next step ({stepTop}px) should come above the career path ({pathTop}px)");
        await BrowserApp.ScreenshotAsync(page, "home-signed-in-desktop");
        await page.SetViewportSizeAsync(PageChecks.PhoneWidth, 844);
        await BrowserApp.ScreenshotAsync(page, "home-signed-in-phone");
        await PageChecks.AssertCleanAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_site_admin_lands_on_the_articles_with_the_readers_open_feedback()
    {
        using (var pat = fixture.World.Api("pat"))
        {
            var sent = await pat.PostAsJsonAsync("/api/articles/taking-ownership-of-your-pmo-career/feedback", new { text = "Add a worked example, please." });
            Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
        }

        var admin = await fixture.SignInAsync("admin");

        var open = admin.Locator("section.open-feedback");
        await Expect(open.GetByRole(AriaRole.Heading, new() { Name = "Readers' open feedback" })).ToBeVisibleAsync();
        await open.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Taking Ownership of Your PMO Career") }).ClickAsync();
        await Expect(admin).ToHaveURLAsync(new Regex("/articles/taking-ownership-of-your-pmo-career/feedback$"));
        await Expect(admin.Locator("main")).ToContainTextAsync("Add a worked example, please.");
        await admin.Context.CloseAsync();
    }

    [Theory]
    [InlineData("/courses/agile-pmo")]
    [InlineData("/providers/harbour-lane-training")]
    [InlineData("SCHEDULE")]
    public async Task On_a_phone_every_sessions_price_and_seats_are_in_view_without_scrolling_sideways(string path)
    {
        if (path == "SCHEDULE")
        {
            using var api = fixture.World.Api("pat");
            var sessions = await api.GetFromJsonAsync<JsonElement>("/api/sessions");
            var list = sessions.ValueKind == JsonValueKind.Array ? sessions : sessions.GetProperty("sessions");
            path = $"/sessions?month={list.EnumerateArray().First().GetProperty("startsOn").GetString()![..7]}";
        }
        await using var context = await fixture.Browser.NewContextAsync(new()
        {
            BaseURL = fixture.World.App.BaseAddress.ToString(),
            ViewportSize = new() { Width = PageChecks.PhoneWidth, Height = 844 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);

        var rows = page.Locator("table.sessions tbody tr");
        Assert.True(await rows.CountAsync() > 0, $"{path} lists no session");
        foreach (var cell in new[] { "td.price", "td.seats" })
        {
            var boxes = await rows.Locator(cell).EvaluateAllAsync<double[][]>(
                "cells => cells.map(c => { const r = c.getBoundingClientRect(); return [r.left, r.right, r.width]; })");
            Assert.NotEmpty(boxes);
            Assert.All(boxes, b => Assert.True(b[0] >= 0 && b[1] <= PageChecks.PhoneWidth && b[2] > 0, $"{cell} on {path} spans {b[0]}–{b[1]}px"));
        }
        var labels = await rows.First.Locator("td.price").EvaluateAsync<string>("td => getComputedStyle(td, '::before').content");
        Assert.Equal("\"Price\"", labels);
        var widths = await page.EvaluateAsync<int[]>("[document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"{path} is {widths[0]}px wide in a {widths[1]}px viewport");
    }

    public static TheoryData<string?, string> Pages => new()
    {
        { null, "/" }, { null, "/levels/1" }, { null, "/levels/4" }, { null, "/courses" }, { null, "/courses/axelos-p3o-practitioner" },
        { null, "/courses/aipmo-ipmo-expert" }, { null, "/sessions" }, { null, "/career-guide" }, { null, "/how-we-advise" },
        { null, "/articles" }, { null, "/articles/taking-ownership-of-your-pmo-career" }, { null, "/search?q=benefits" },
        { null, "/jobs" }, { null, "/providers" }, { null, "/providers/harbour-lane-training" }, { null, "/account/sign-in" },
        { null, "/account/forgot-password" }, { null, "/no-such-page" }, { null, "SESSION" },
        { "pat", "/" }, { "pat", "/me" }, { "pat", "/me/development" }, { "pat", "/me/bookings" }, { "pat", "SESSION" },
        { "manager", "/team" }, { "manager", "/people" }, { "manager", "PAT" },
        { "hr", "/organisation" }, { "hr", "/people" }, { "hr", "/people/import" }, { "hr", "/inhouse" }, { "hr", "/team" }, { "hr", "/jobs/new" },
        { "provider", "/provider" }, { "provider", "PROVIDER-SESSION" }, { "provider", "/articles/new" },
        { "admin", "/articles" }, { "admin", "/articles/taking-ownership-of-your-pmo-career/feedback" }, { "admin", "/articles/taking-ownership-of-your-pmo-career/edit" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_page_a_role_reaches_passes_axe_at_desktop_and_phone_widths_and_shows_no_placeholder(string? key, string path)
    {
        var page = key is null
            ? await (await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.World.App.BaseAddress.ToString() })).NewPageAsync()
            : await fixture.SignInAsync(key);
        path = path switch
        {
            "SESSION" => $"/sessions/{await FirstPublicSessionAsync()}",
            "PROVIDER-SESSION" => $"/provider/sessions/{await FirstPublicSessionAsync("harbour-lane-training")}",
            "PAT" => $"/people/{fixture.World["pat"].PersonId}",
            _ => path,
        };

        var response = await page.GotoAsync(path);

        Assert.Equal(path == "/no-such-page" ? 404 : 200, response!.Status);
        await PageChecks.AssertCleanAsync(page);
        await page.Context.CloseAsync();
    }

    private async Task<Guid> FirstPublicSessionAsync(string? provider = null)
    {
        using var api = fixture.World.Api("pat");
        var sessions = await api.GetFromJsonAsync<JsonElement>("/api/sessions" + (provider is null ? "" : $"?provider={provider}"));
        var list = sessions.ValueKind == JsonValueKind.Array ? sessions : sessions.GetProperty("sessions");
        return list.EnumerateArray().First().GetProperty("id").GetGuid();
    }
}
