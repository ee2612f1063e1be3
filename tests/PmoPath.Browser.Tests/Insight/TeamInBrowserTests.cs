using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PmoPath.Accounts;
using PmoPath.Browser.Tests.People;
using PmoPath.Demo;
using static Microsoft.Playwright.Assertions;

namespace PmoPath.Browser.Tests.Insight;

/// <summary>
/// The insight issue's manager part in a real browser: in a demo organisation, a pmo-manager opens the team
/// page, sees the gap heat map, runs the plan within a budget and accepts it; the courses then stand in a
/// team member's plan.
/// </summary>
public sealed class TeamInBrowserTests(PeopleBrowserFixture fixture) : IClassFixture<PeopleBrowserFixture>
{
    [Fact]
    public async Task A_manager_in_the_demo_organisation_plans_within_a_budget_and_accepts_the_plan()
    {
        DemoResult demo;
        await using (var scope = fixture.World.App.Services.CreateAsyncScope())
            demo = await scope.ServiceProvider.GetRequiredService<DemoOrganisation>().CreateAsync(new DemoOptions(80, "Demo Browser", Seed: 11));
        var managerAccount = demo.Accounts.First(a => a.Role == PmoRole.PmoManager);

        // The manager lands on their team's page; the heat map's cells have their colours (site.css parses to the end).
        var manager = await fixture.SignInAsAsync(managerAccount.Email, demo.Password);
        await Expect(manager).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/team$"));
        await Expect(manager.Locator("table.heatmap tbody tr").First).ToBeVisibleAsync();
        var colours = await manager.EvaluateAsync<string[]>(
            "[...document.querySelectorAll('table.heatmap td[class^=\"gap-\"]:not(.gap-none)')].map(td => td.className + ' ' + getComputedStyle(td).backgroundColor)");
        Assert.NotEmpty(colours);
        Assert.All(colours, c => Assert.DoesNotContain("rgba(0, 0, 0, 0)", c, StringComparison.Ordinal));
        var gap0 = await manager.EvaluateAsync<string?>("(() => { const td = document.querySelector('table.heatmap td.gap-0'); return td ? getComputedStyle(td).backgroundColor : null; })()");
        if (gap0 is not null)
            Assert.Equal("rgb(244, 248, 244)", gap0);
        await BrowserApp.ScreenshotAsync(manager, "team-heatmap-desktop");
        await manager.SetViewportSizeAsync(PageChecks.PhoneWidth, 844);
        await BrowserApp.ScreenshotAsync(manager, "team-heatmap-phone");
        // On a phone the people table is one card per person, each value under its column's name, and neither the
        // page nor the table scrolls sideways; the heat map keeps its grid.
        var people = manager.Locator("table.team");
        Assert.Equal("block", await people.Locator("tbody tr").First.EvaluateAsync<string>("tr => getComputedStyle(tr).display"));
        var labels = await people.Locator("tbody tr").First.EvaluateAsync<string[]>(
            "tr => [...tr.querySelectorAll('td')].map(td => getComputedStyle(td, '::before').content)");
        var columns = await people.Locator("thead th").AllInnerTextsAsync();
        Assert.Equal(columns.Skip(1).Select(c => $"\"{c.Trim()}\""), labels);
        Assert.True(await manager.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the team page scrolls sideways at 390 px");
        Assert.True(await people.EvaluateAsync<bool>("t => t.scrollWidth <= t.clientWidth + 1"), "the people table scrolls sideways at 390 px");
        Assert.Equal("table-row", await manager.Locator("table.heatmap tbody tr").First.EvaluateAsync<string>("tr => getComputedStyle(tr).display"));
        await manager.SetViewportSizeAsync(PageChecks.DesktopWidth, 900);
        await PageChecks.AssertCleanAsync(manager);

        await manager.GetByLabel("Money").FillAsync("20000");
        await manager.GetByLabel("Training days").FillAsync("40");
        await manager.GetByRole(AriaRole.Button, new() { Name = "Plan", Exact = true }).ClickAsync();
        await Expect(manager.Locator("#plan-method")).ToContainTextAsync("candidate courses");
        var rows = manager.Locator("table.team-plan tbody tr");
        await Expect(rows.First).ToBeVisibleAsync();
        var firstPerson = await rows.First.Locator("td:nth-child(1)").InnerTextAsync();
        var firstCourse = await rows.First.Locator("td:nth-child(2)").InnerTextAsync();
        await BrowserApp.ScreenshotAsync(manager, "team-plan");

        await manager.GetByRole(AriaRole.Button, new() { Name = "Accept into people's plans" }).ClickAsync();
        await Expect(manager.Locator("#accepted")).ToContainTextAsync("courses to people's plans");
        await PageChecks.AssertCleanAsync(manager);

        // The accepted course now stands in the member's plan, as the manager sees it on their page.
        await manager.GetByRole(AriaRole.Link, new() { Name = firstPerson, Exact = true }).First.ClickAsync();
        await Expect(manager.Locator("main")).ToContainTextAsync(firstCourse);
        await PageChecks.AssertCleanAsync(manager);
        await manager.Context.CloseAsync();
    }
}
