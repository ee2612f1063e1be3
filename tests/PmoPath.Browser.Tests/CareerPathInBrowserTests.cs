using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PmoPath.Browser.Tests;

public sealed partial class CareerPathInBrowserTests(BrowserApp site) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task From_the_career_path_a_person_reaches_IPMO_Expert_and_sees_its_facts()
    {
        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "The PMO career path", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".level-card")).ToHaveCountAsync(4);
        await Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("Retired — replaced by Essentials for PMO Administrators");
        await BrowserApp.ScreenshotAsync(page, "home-desktop");
        await PageChecks.AssertCleanAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "IPMO-Expert", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/courses/aipmo-ipmo-expert$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("IPMO-Expert");
        await Expect(Fact(page, "Levels")).ToHaveTextAsync("Level 4: Directing PMOs");
        await Expect(Fact(page, "Duration")).ToHaveTextAsync("5 days");
        await Expect(Fact(page, "Delivery")).ToContainTextAsync("Residential");
        await Expect(Fact(page, "Exam day")).ToHaveTextAsync("On the final day (day 5)");
        await Expect(page.GetByText("currently works at level 4")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "course-desktop");
        await PageChecks.AssertCleanAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Level 4: Directing PMOs" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Directing PMOs");
        await PageChecks.AssertCleanAsync(page);
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Career path" }))
            .ToHaveAttributeAsync("aria-current", "page");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/levels/3")]
    [InlineData("/courses")]
    [InlineData("/courses?length=abc")]
    [InlineData("/courses/axelos-p3o-practitioner")]
    [InlineData("/courses/bcs-ppso-advanced-practitioner")]
    [InlineData("/no-such-page")]
    public async Task On_a_phone_375_pixels_wide_nothing_scrolls_sideways(string path)
    {
        await using var context = await site.NewContextAsync(width: 375, height: 800);
        var page = await context.NewPageAsync();

        await page.GotoAsync(path);

        var widths = await page.EvaluateAsync<int[]>("[document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"{path} is {widths[0]}px wide in a {widths[1]}px viewport");
        // The navigation is folded into a menu that opens without script.
        var search = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Search" });
        await Expect(search).ToBeHiddenAsync();
        await page.Locator("details.site-menu > summary").ClickAsync();
        await Expect(search).ToBeInViewportAsync();
        widths = await page.EvaluateAsync<int[]>("[document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"{path} with its menu open is {widths[0]}px wide in a {widths[1]}px viewport");
        if (path == "/")
            await BrowserApp.ScreenshotAsync(page, "home-phone");
        if (path.StartsWith("/courses/axelos", StringComparison.Ordinal))
            await BrowserApp.ScreenshotAsync(page, "course-phone");
    }

    [Fact]
    public async Task On_a_phone_the_grid_becomes_one_card_per_body_that_names_each_level()
    {
        await using var context = await site.NewContextAsync(width: 375, height: 800);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");

        var aipmo = page.Locator("table.path-grid tbody tr", new() { HasText = "AIPMO" });
        // The level's name is drawn by CSS from the cell's data-label, so ask the browser what it draws.
        var label = await aipmo.Locator("td").Nth(3).EvaluateAsync<string>("td => getComputedStyle(td, '::before').content");
        Assert.Equal("\"Level 4: Directing PMOs\"", label);
        await Expect(page.Locator("table.path-grid thead")).Not.ToBeInViewportAsync();
        var box = await aipmo.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.Width <= 375, $"the AIPMO card is {box.Width}px wide");
        var axelos = page.Locator("table.path-grid tbody tr", new() { HasText = "AXELOS" });
        await Expect(axelos.Locator("td").First).ToBeHiddenAsync();
    }

    [Fact]
    public async Task The_skip_link_is_the_first_tab_stop_shows_on_focus_and_moves_focus_to_the_content()
    {
        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/courses");

        var skip = page.GetByRole(AriaRole.Link, new() { Name = "Skip to main content" });
        await Expect(skip).Not.ToBeInViewportAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(skip).ToBeFocusedAsync();
        await Expect(skip).ToBeInViewportAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("main")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        var focusRing = await page.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle + ' ' + getComputedStyle(document.activeElement).boxShadow");
        Assert.NotEqual("none none", focusRing);
    }

    [Fact]
    public async Task Printing_leaves_out_the_navigation_and_the_filters()
    {
        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/courses");

        await page.EmulateMediaAsync(new() { Media = Media.Print });

        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeHiddenAsync();
        await Expect(page.Locator("form.filters")).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Courses", Level = 1 })).ToBeVisibleAsync();
    }

    /// <summary>The value beside a label in a page's definition list of facts.</summary>
    private static ILocator Fact(IPage page, string term) =>
        page.Locator("dl.facts > div").Filter(new() { Has = page.Locator("dt", new() { HasTextRegex = new Regex($"^{Regex.Escape(term)}$") }) }).Locator("dd");
}
