using System.Net.Http.Json;
using Microsoft.Playwright;
using PmoPath.Browser.Tests.People;
using static Microsoft.Playwright.Assertions;

namespace PmoPath.Browser.Tests.Insight;

/// <summary>
/// The insight issue's manager part in a real browser: a pmo-manager opens the team page, sees the gap heat
/// map and what lapses soon, runs the plan within a budget and accepts it; the courses then stand in a team
/// member's plan.
/// </summary>
public sealed class TeamInBrowserTests(PeopleBrowserFixture fixture) : IClassFixture<PeopleBrowserFixture>
{
    [Fact]
    public async Task A_manager_plans_within_a_budget_and_accepts_the_plan()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        using (var api = fixture.World.Api("pat"))
            await api.PutAsJsonAsync($"/api/people/{fixture.World["pat"].PersonId}/record", new
            {
                displayName = "Pat Practitioner", level = 2, targetLevel = 3,
                certificates = new[] { new { code = "axelos-p3o-foundation", achievedOn = today.AddYears(-3).AddDays(45).ToString("yyyy-MM-dd") } },
                competencies = new Dictionary<string, int?> { ["benefits-management"] = 0 },
            });

        var manager = await fixture.SignInAsync("manager");
        await manager.GetByRole(AriaRole.Link, new() { Name = "My team" }).ClickAsync();
        await Expect(manager.Locator("table.heatmap tbody tr")).ToHaveCountAsync(2);
        await Expect(manager.Locator("#lapsing")).ToContainTextAsync("Pat Practitioner");

        await manager.GetByLabel("Money").FillAsync("3000");
        await manager.GetByLabel("Training days").FillAsync("6");
        await manager.GetByRole(AriaRole.Button, new() { Name = "Plan", Exact = true }).ClickAsync();
        await Expect(manager.Locator("#plan-method")).ToContainTextAsync("branch and bound");
        var rows = manager.Locator("table.team-plan tbody tr");
        await Expect(rows.First).ToBeVisibleAsync();
        var planned = await rows.Filter(new() { HasText = "Pat Practitioner" }).Locator("td:nth-child(2)").AllInnerTextsAsync();
        await BrowserApp.ScreenshotAsync(manager, "team-plan");

        await manager.GetByRole(AriaRole.Button, new() { Name = "Accept into people's plans" }).ClickAsync();
        await Expect(manager.Locator("#accepted")).ToContainTextAsync("courses to people's plans");
        await manager.Context.CloseAsync();

        var pat = await fixture.SignInAsync("pat");
        await pat.GotoAsync("/me/development");
        foreach (var course in planned)
            await Expect(pat.Locator("main")).ToContainTextAsync(course);
        await pat.Context.CloseAsync();
    }
}
