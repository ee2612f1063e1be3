using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PmoPath.Testing;

namespace PmoPath.Browser.Tests.People;

/// <summary>
/// The "done when", in a real browser: a practitioner signs in, sees their record, gets the advice
/// section for it, adds two items to their plan; their manager sees that plan; a user of another
/// organisation cannot reach any of it.
/// </summary>
public sealed class PeopleInBrowserTests(PeopleBrowserFixture fixture) : IClassFixture<PeopleBrowserFixture>
{
    [Fact]
    public async Task A_practitioner_plans_two_courses_their_manager_sees_them_and_another_organisation_cannot()
    {
        var pat = fixture.World["pat"];

        // The practitioner signs in, lands on their development page, and opens their record.
        var page = await fixture.SignInAsync("pat");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/me/development$"));
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Your pages" }).GetByRole(AriaRole.Link, new() { Name = "My record" }).ClickAsync();
        await PageChecks.AssertCleanAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My record" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("dd[data-field=displayName]")).ToHaveTextAsync("Pat Practitioner");

        // They set their level, so there is something to advise on.
        await page.GetByLabel("Current level").SelectOptionAsync("2");
        await page.GetByLabel("Target level").SelectOptionAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save details" }).ClickAsync();
        await Assertions.Expect(page.Locator("dd[data-field=level]")).ToHaveTextAsync("2");

        // My development: the advisor's answer for their record, with reasons; they accept the first
        // recommendation into the plan and add a specialist course by hand.
        await page.GetByRole(AriaRole.Link, new() { Name = "My development" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("#advice")).ToContainTextAsync("You work at level 2 and aim for level 3");
        await PageChecks.AssertCleanAsync(page);
        var first = page.Locator("#advice li.recommendation").First;
        await Assertions.Expect(first.Locator("ul.reasons li").First).ToBeVisibleAsync();
        var accepted = await first.GetAttributeAsync("data-code") ?? throw new InvalidOperationException("no recommendation");
        await page.Locator($"form ul.accept-list button[value='{accepted}']").ClickAsync();
        await page.WaitForURLAsync("**/me/development");

        var target = TestClock.UtcNow.AddMonths(5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await page.GetByLabel("Course").SelectOptionAsync("benefits-management");
        await page.GetByLabel("Target date").First.FillAsync(target);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to my plan" }).ClickAsync();
        await page.WaitForURLAsync("**/me/development");

        var plan = page.Locator("table.plan");
        await Assertions.Expect(plan.Locator("tr[data-code=benefits-management]")).ToBeVisibleAsync();
        await Assertions.Expect(plan.Locator($"tr[data-code={accepted}]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"form ul.accept-list button[value='{accepted}']")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();

        // The manager finds Pat among their people and sees the plan.
        var manager = await fixture.SignInAsync("manager");
        await manager.GetByRole(AriaRole.Link, new() { Name = "People" }).First.ClickAsync();
        await manager.GetByRole(AriaRole.Link, new() { Name = "Pat Practitioner" }).ClickAsync();
        await Assertions.Expect(manager.Locator("table.plan tr[data-code=benefits-management]")).ToBeVisibleAsync();
        await Assertions.Expect(manager.Locator($"table.plan tr[data-code={accepted}]")).ToBeVisibleAsync();
        await PageChecks.AssertCleanAsync(manager);
        await manager.Context.CloseAsync();

        // Someone of another organisation gets "not found" for Pat's page and does not see Pat listed.
        var outsider = await fixture.SignInAsync("hr-b");
        var response = await outsider.GotoAsync($"/people/{pat.PersonId}");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(outsider.GetByRole(AriaRole.Heading, new() { Name = "We can't find that page" })).ToBeVisibleAsync();
        await Assertions.Expect(outsider.Locator("body")).Not.ToContainTextAsync("Pat Practitioner");
        await outsider.GotoAsync("/people");
        await Assertions.Expect(outsider.Locator("body")).Not.ToContainTextAsync(new Regex("Pat Practitioner|benefits", RegexOptions.IgnoreCase));
        await outsider.Context.CloseAsync();
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var page = await fixture.SignInAsync("sam");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).First.ClickAsync();
        await page.WaitForURLAsync(fixture.World.App.BaseAddress.ToString());
        await page.GotoAsync("/me");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/sign-in"));
        await page.Context.CloseAsync();
    }
}
