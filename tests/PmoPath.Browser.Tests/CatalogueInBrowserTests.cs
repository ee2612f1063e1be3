using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PmoPath.Browser.Tests;

/// <summary>The catalogue's filter form, used as a person would, with JavaScript switched off to prove it needs none.</summary>
public sealed class CatalogueInBrowserTests(BrowserApp site) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Choosing_level_4_and_residential_delivery_finds_IPMO_Expert()
    {
        await using var context = await site.NewContextAsync(javaScript: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/courses");

        await page.GetByLabel("Level", new() { Exact = true }).SelectOptionAsync("4");
        await page.GetByLabel("Delivery", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Residential" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Show courses" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/courses\?level=4&body=&kind=&delivery=residential&length=$"));
        await Expect(page.Locator(".result-count")).ToHaveTextAsync("1 course matches your filters");
        await Expect(page.Locator(".course-card h3")).ToHaveTextAsync(["IPMO-Expert"]);
        await Expect(page.GetByLabel("Level", new() { Exact = true })).ToHaveValueAsync("4");
        await BrowserApp.ScreenshotAsync(page, "catalogue-filtered");
        await PageChecks.AssertCleanAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Clear filters" }).ClickAsync();
        await Expect(page.GetByLabel("Level", new() { Exact = true })).ToHaveValueAsync("");
        await Expect(page.Locator(".result-count")).ToContainTextAsync("in the catalogue");
    }

    [Fact]
    public async Task Short_courses_and_retired_ones_can_be_asked_for()
    {
        await using var context = await site.NewContextAsync(javaScript: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/courses");

        await page.GetByLabel("Certification body").SelectOptionAsync(new SelectOptionValue { Label = "BCS" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Show courses" }).ClickAsync();
        await Expect(page.GetByText("No course matches these filters")).ToBeVisibleAsync();

        await page.GetByLabel("Include retired courses").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Show courses" }).ClickAsync();

        await Expect(page.Locator(".course-card h3")).ToHaveTextAsync(["BCS PPSO Essentials", "BCS PPSO Advanced Practitioner"]);
        await Expect(page.Locator(".course-card").First).ToContainTextAsync("Retired");
    }

    [Fact]
    public async Task A_bad_value_in_the_address_shows_which_field_is_wrong()
    {
        await using var context = await site.NewContextAsync(width: 375, height: 800, javaScript: false);
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync("/courses?delivery=by-post");

        Assert.Equal(400, response?.Status);
        var alert = page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToBeInViewportAsync();
        await Expect(alert).ToContainTextAsync("Delivery: 'by-post' is not a delivery format");
        await Expect(page.GetByLabel("Delivery", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await BrowserApp.ScreenshotAsync(page, "catalogue-error-phone");
        await PageChecks.AssertCleanAsync(page);
    }
}
