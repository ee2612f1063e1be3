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
    public async Task The_career_guide_s_compare_link_carries_the_PMO_type_and_the_comparison_shows_the_fit_for_it()
    {
        await using var context = await site.NewContextAsync(javaScript: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/career-guide/advice?level=1&target=2&type=portfolio-office");
        var first = page.Locator("li.recommendation[data-kind='certification']").First;
        var code = await first.GetAttributeAsync("data-code");

        await first.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("with the alternatives$") }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($@"/compare\?codes={Regex.Escape(code!)},[a-z0-9-,]+&level=1&pmoType=portfolio-office$"));
        await Expect(page.Locator("tr.compare-fit th")).ToHaveTextAsync(["Fit for level 1", "Fit for your PMO (Portfolio office)"]);
        await Expect(page.Locator("select#f-pmoType")).ToHaveValueAsync("portfolio-office");
        await PageChecks.AssertCleanAsync(page);
    }

    [Theory]
    [InlineData(PageChecks.DesktopWidth)]
    [InlineData(PageChecks.PhoneWidth)]
    public async Task The_full_table_keeps_its_columns_on_a_desktop_and_reads_fact_by_fact_on_a_phone_without_sideways_scrolling(int width)
    {
        await using var context = await site.NewContextAsync(width: width, height: 844, javaScript: false);
        var page = await context.NewPageAsync();
        string[] codes = ["axelos-p3o-practitioner", "hop-essentials-pmo-managers", "aipmo-ipmo-practitioner", "axelos-mop-practitioner"];
        await page.GotoAsync($"/compare?codes={string.Join(",", codes)}&level=3&pmoType=portfolio-office");
        var table = page.Locator("table.compare-table");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(13);

        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"),
            $"the page scrolls sideways at {width} px");
        Assert.True(await table.EvaluateAsync<bool>("t => t.scrollWidth <= t.clientWidth"), $"the table scrolls inside itself at {width} px");
        var cells = await table.Locator("tbody td").AllAsync();
        Assert.Equal(13 * codes.Length, cells.Count);
        foreach (var cell in cells)
        {
            var box = (await cell.BoundingBoxAsync())!;
            Assert.True(box.X >= 0 && box.X + box.Width <= width, $"a cell lies outside the {width} px screen ({box.X}+{box.Width})");
        }
        var price = table.Locator("tbody tr:has(> th:text-is('Price a seat')) > td");
        var tops = new List<float>();
        foreach (var cell in await price.AllAsync())
            tops.Add((await cell.BoundingBoxAsync())!.Y);
        if (width == PageChecks.DesktopWidth)
        {
            // The courses stay columns: a fact's values side by side, under the course names.
            await Expect(table.Locator("thead th")).ToHaveCountAsync(codes.Length);
            await Expect(table.Locator("thead th").First).ToBeVisibleAsync();
            Assert.Single(tops.Distinct());
        }
        else
        {
            // One card per fact, each course's value below the last, under the course's title.
            Assert.Equal(tops.Order(), tops);
            Assert.Equal(codes.Length, tops.Distinct().Count());
            var titles = await table.Locator("thead th").AllTextContentsAsync();
            var labels = await price.EvaluateAllAsync<string[]>("cells => cells.map(c => getComputedStyle(c, '::before').content)");
            Assert.Equal(titles.Select(t => $"\"{t.Trim()}\""), labels);
        }
        await BrowserApp.ScreenshotAsync(page, width == PageChecks.PhoneWidth ? "compare-table-phone" : "compare-table-desktop");
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
