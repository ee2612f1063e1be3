using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PmoPath.Browser.Tests;

/// <summary>The career guide as a person uses it: the answer comes first, with keyboard focus on its heading, at an address that can be shared.</summary>
public sealed class CareerGuideInBrowserTests(BrowserApp site) : IClassFixture<BrowserApp>
{
    [Theory]
    [InlineData(PageChecks.DesktopWidth)]
    [InlineData(PageChecks.PhoneWidth)]
    public async Task After_Show_my_advice_the_answer_is_at_the_top_with_focus_on_its_heading(int width)
    {
        await using var context = await site.NewContextAsync(width: width, height: 844);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/career-guide");
        await PageChecks.AssertCleanAsync(page);

        await page.GetByLabel("The level you work at").SelectOptionAsync("3");
        await page.GetByLabel("The level you aim for").SelectOptionAsync("4");
        await page.GetByLabel("The kind of PMO you work in").SelectOptionAsync("enterprise-pmo");
        await page.GetByLabel("P3O Foundation").FillAsync("2023-05-10");
        await page.GetByLabel("Agile PMO").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Show my advice" }).ClickAsync();

        // The answer's address carries the answers, and its fragment puts focus on the answer's heading.
        await Expect(page).ToHaveURLAsync(new Regex(@"/career-guide/advice\?level=3&target=4&type=enterprise-pmo&cert=axelos-p3o-foundation%3A2023-05-10&done=agile-pmo#answer$"));
        var heading = page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("^Your advice as of") });
        await Expect(heading).ToBeFocusedAsync();
        Assert.True(await page.EvaluateAsync<bool>("document.activeElement.id === 'answer' && document.activeElement.matches(':target')"));
        await Expect(heading).ToBeInViewportAsync();
        var answerTop = (await heading.BoundingBoxAsync())!.Y;
        var formTop = (await page.Locator("form.career-guide-form").BoundingBoxAsync())!.Y;
        Assert.True(answerTop < formTop, $"the answer ({answerTop}px) should come before the form ({formTop}px)");
        // The next Tab goes into the answer, not back to the top of the page.
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>("document.querySelector('section.advice').contains(document.activeElement)"));
        var firstCode = await page.Locator("li.recommendation").First.GetAttributeAsync("data-code");
        await BrowserApp.ScreenshotAsync(page, width == PageChecks.PhoneWidth ? "career-guide-answer-phone" : "career-guide-answer-desktop");
        await PageChecks.AssertCleanAsync(page);

        // The address is the answer: opened in a fresh browser it shows the same advice, the form filled in below.
        await using var other = await site.NewContextAsync(width: width, height: 844);
        var shared = await other.NewPageAsync();
        await shared.GotoAsync(page.Url);
        await Expect(shared.Locator("li.recommendation").First).ToHaveAttributeAsync("data-code", firstCode!);
        await Expect(shared.GetByLabel("The level you work at")).ToHaveValueAsync("3");
        await Expect(shared.GetByLabel("P3O Foundation")).ToHaveValueAsync("2023-05-10");
        await Expect(shared.GetByLabel("Agile PMO")).ToBeCheckedAsync();
    }

    [Fact]
    public async Task A_bad_answer_is_named_by_the_fields_label_and_links_to_it()
    {
        await using var context = await site.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/career-guide");
        await page.GetByLabel("The level you work at").SelectOptionAsync("3");
        await page.GetByLabel("The level you aim for").SelectOptionAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show my advice" }).ClickAsync();

        var summary = page.Locator(".form-errors");
        await Expect(summary).ToContainTextAsync("The level you aim for: level 2 is below the level you work at");
        await Expect(summary).Not.ToContainTextAsync("targetLevel");
        await summary.GetByRole(AriaRole.Link, new() { Name = "The level you aim for" }).ClickAsync();
        await Expect(page.GetByLabel("The level you aim for")).ToBeFocusedAsync();
        await PageChecks.AssertCleanAsync(page);
    }
}
