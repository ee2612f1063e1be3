using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PmoPath.Browser.Tests;

/// <summary>"Which certification is right for me?": the comparison page reached as a person would, without script, on a desktop and a phone.</summary>
public sealed class CompareInBrowserTests(BrowserApp site) : IClassFixture<BrowserApp>
{
    [Theory]
    [InlineData(PageChecks.DesktopWidth)]
    [InlineData(PageChecks.PhoneWidth)]
    public async Task From_a_course_page_compare_shows_the_courses_side_by_side_with_length_and_price_in_view(int width)
    {
        await using var context = await site.NewContextAsync(width: width, height: 844, javaScript: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/courses/axelos-p3o-practitioner");

        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Compare P3O Practitioner with") }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/compare\?codes=axelos-p3o-practitioner,hop-essentials-pmo-managers,aipmo-ipmo-practitioner,"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Compare courses", Level = 1 })).ToBeVisibleAsync();
        var glance = page.Locator("table.compare-glance tbody tr");
        await Expect(glance).ToHaveCountAsync(4);
        await Expect(glance.First.Locator("th")).ToHaveTextAsync("P3O Practitioner");
        await Expect(glance.First.Locator(".compare-length")).ToHaveTextAsync("2 days");
        await Expect(page.Locator("table.compare-table thead th")).ToHaveCountAsync(4);
        await Expect(page.Locator("table.compare-table")).ToContainTextAsync("Holds P3O Foundation");
        await Expect(page.Locator("table.compare-table")).ToContainTextAsync("Essentials for PMO Managers");
        // The checkboxes remember the choice, for changing it.
        await Expect(page.GetByLabel("P3O Practitioner", new() { Exact = true })).ToBeCheckedAsync();

        // On a phone the page never scrolls sideways, and each course's length and price are in view.
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"),
            $"the page scrolls sideways at {width} px");
        foreach (var cell in await page.Locator("table.compare-glance :is(.compare-length, .compare-price)").AllAsync())
        {
            var box = (await cell.BoundingBoxAsync())!;
            Assert.True(box.X >= 0 && box.X + box.Width <= width, $"a length or price cell lies outside the {width} px screen ({box.X}+{box.Width})");
        }
        await BrowserApp.ScreenshotAsync(page, width == PageChecks.PhoneWidth ? "compare-phone" : "compare-desktop");
        await PageChecks.AssertCleanAsync(page);
    }

    [Fact]
    public async Task The_advice_links_its_next_certification_to_a_comparison_with_the_alternatives_for_the_person_s_level()
    {
        await using var context = await site.NewContextAsync(javaScript: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/career-guide/advice?level=1&target=2");
        var first = page.Locator("li.recommendation[data-kind='certification']").First;
        var code = await first.GetAttributeAsync("data-code");

        await first.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("with the alternatives$") }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($@"/compare\?codes={Regex.Escape(code!)},[a-z0-9-,]+&level=1$"));
        await Expect(page.Locator("table.compare-table thead th").First).ToHaveAttributeAsync("data-code", code!);
        await Expect(page.Locator("tr.compare-fit th")).ToHaveTextAsync("Fit for level 1");
        await PageChecks.AssertCleanAsync(page);
    }

    [Fact]
    public async Task Choosing_one_course_and_an_unknown_code_names_both_problems_and_keeps_the_form()
    {
        await using var context = await site.NewContextAsync(width: PageChecks.PhoneWidth, height: 844, javaScript: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/compare");
        await PageChecks.AssertCleanAsync(page);

        await page.GetByLabel("IPMO-Expert").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare", Exact = true }).ClickAsync();

        var alert = page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("Courses: Only one course was given ('aipmo-ipmo-expert')");
        await Expect(page.GetByLabel("IPMO-Expert")).ToBeCheckedAsync();

        var response = await page.GotoAsync("/compare?codes=aipmo-ipmo-expert,prince9-foundation");
        Assert.Equal(400, response?.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("There is no course 'prince9-foundation'");
        await Expect(page.Locator("table.compare-table")).ToHaveCountAsync(0);
        await BrowserApp.ScreenshotAsync(page, "compare-error-phone");
        await PageChecks.AssertCleanAsync(page);
    }
}
