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

        var manager = await fixture.SignInAsAsync(managerAccount.Email, demo.Password);
        await manager.GetByRole(AriaRole.Link, new() { Name = "My team" }).ClickAsync();
        await Expect(manager.Locator("table.heatmap tbody tr").First).ToBeVisibleAsync();

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

        // The accepted course now stands in the member's plan, as the manager sees it on their page.
        await manager.GetByRole(AriaRole.Link, new() { Name = firstPerson, Exact = true }).First.ClickAsync();
        await Expect(manager.Locator("main")).ToContainTextAsync(firstCourse);
        await manager.Context.CloseAsync();
    }
}
