using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PmoPath.Accounts;

namespace PmoPath.Browser.Tests.People;

/// <summary>
/// HR's journey from the HR file to people signed in, in a real browser: import a CSV, invite everyone
/// without an account, and one invitee opens the link in their mail file, chooses a password and is
/// signed in as themselves. Screenshots of the pages on the way are left for a person to look at.
/// </summary>
public sealed partial class OnboardingJourneyTests(PeopleBrowserFixture fixture) : IClassFixture<PeopleBrowserFixture>
{
    [Fact]
    public async Task Hr_imports_a_csv_invites_everyone_without_an_account_and_an_invitee_accepts_from_the_mail_file()
    {
        var world = fixture.World;
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var organisation = "Journey" + suffix;
        await world.AddOrganisationAsync(organisation);
        var hrMember = await world.AddAsync("hr-journey-" + suffix, organisation, PmoRole.OrgAdmin, name: "Hilda HR");
        var domain = $"journey{suffix}.test";
        var csv = Path.Combine(world.App.DataFolder, $"staff-{suffix}.csv");
        await File.WriteAllTextAsync(csv, $"""
            employee_id,email,name,team,manager_email,job_title,level,pmo_type,certificates
            J1,dee@{domain},Dee Director,Leadership,,Head of PMO,4,enterprise-pmo,
            J2,max@{domain},Max Manager,PMO 10,dee@{domain},PMO manager,3,portfolio-office,
            J3,ann@{domain},Ann Analyst,PMO 2,max@{domain},PMO analyst,2,programme-office,axelos-p3o-foundation:2024-03-01
            J4,bob@{domain},Bob Builder,PMO 2,max@{domain},Project support officer,1,project-office,
            """);

        // HR imports the file on the upload page.
        var hr = await fixture.SignInAsync(hrMember.Key);
        await hr.GotoAsync("/people/import");
        await hr.Locator("#i-file").SetInputFilesAsync(csv);
        await hr.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await Assertions.Expect(hr.GetByRole(AriaRole.Heading, new() { Name = "Imported" })).ToBeVisibleAsync();

        // From the summary to the invitations: four people without an account, all invited at once.
        await hr.GetByRole(AriaRole.Link, new() { Name = "Invite the people who have no account yet" }).ClickAsync();
        await Assertions.Expect(hr.GetByRole(AriaRole.Heading, new() { Name = "Invite people", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(hr.Locator("table.invitations tr[data-account=none]")).ToHaveCountAsync(4);
        await Shots(hr, "invitations-before");
        await PageChecks.AssertCleanAsync(hr);
        await hr.GetByRole(AriaRole.Button, new() { Name = "Invite everyone without an account (4)" }).ClickAsync();
        await Assertions.Expect(hr.Locator("#invitations-sent")).ToContainTextAsync("4 invitations were sent");
        await hr.GotoAsync("/people/invitations");
        await Assertions.Expect(hr.Locator($"table.invitations tr[data-account=invited]")).ToHaveCountAsync(4);
        await Assertions.Expect(hr.Locator("table.invitations tr[data-account=invited]").First).ToContainTextAsync("invited on");
        await Shots(hr, "invitations-after");
        await PageChecks.AssertCleanAsync(hr);

        // The people list finds them by employee id.
        await hr.GotoAsync("/people");
        await hr.GetByLabel("Name, email or employee id").FillAsync("J3");
        await hr.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(hr.Locator("table.people tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(hr.Locator("table.people tbody tr")).ToContainTextAsync("Ann Analyst");
        await PageChecks.AssertCleanAsync(hr);
        await hr.GotoAsync("/people");
        await Shots(hr, "people");
        await PageChecks.AssertCleanAsync(hr);
        await hr.Context.CloseAsync();

        // Ann opens the link in her mail file, chooses a password and is signed in as Ann.
        var mail = world.Mail().Last(m => m.Contains($"To: ann@{domain}", StringComparison.Ordinal));
        var link = new Uri(UrlInMail().Match(mail).Value).PathAndQuery;
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = world.App.BaseAddress.ToString() });
        var ann = await context.NewPageAsync();
        await ann.GotoAsync(link);
        await Assertions.Expect(ann.GetByRole(AriaRole.Heading, new() { Name = "Accept your invitation" })).ToBeVisibleAsync();
        await PageChecks.AssertCleanAsync(ann);
        await ann.GetByLabel("New password").FillAsync("ann's own long pass phrase");
        await ann.GetByLabel("The same again").FillAsync("ann's own long pass phrase");
        await ann.GetByRole(AriaRole.Button, new() { Name = "Set my password" }).ClickAsync();
        // Signed in, Ann (a practitioner) lands on her own development page, as after signing in.
        await ann.WaitForURLAsync("**/me/development");
        await ann.GotoAsync("/me");
        await Assertions.Expect(ann.Locator("dd[data-field=displayName]")).ToHaveTextAsync("Ann Analyst");
        await context.CloseAsync();

        // HR sees Ann's invitation accepted, and her advice on her page.
        hr = await fixture.SignInAsync(hrMember.Key);
        await hr.GotoAsync("/people?account=accepted&q=ann");
        await Assertions.Expect(hr.Locator("table.people tbody tr")).ToContainTextAsync("accepted");
        await hr.GetByRole(AriaRole.Link, new() { Name = "Ann Analyst" }).ClickAsync();
        await Assertions.Expect(hr.Locator("#advice")).ToContainTextAsync("Advice for Ann Analyst");
        await Shots(hr, "person");
        await PageChecks.AssertCleanAsync(hr);
        await hr.Context.CloseAsync();
    }

    /// <summary>The page at desktop width and at 390 px, for a person to look at.</summary>
    private static async Task Shots(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserApp.ScreenshotFolder);
        await page.SetViewportSizeAsync(1280, 900);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, $"onboarding-{name}-desktop.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, $"onboarding-{name}-390.png"), FullPage = true });
        await page.SetViewportSizeAsync(1280, 900);
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex UrlInMail();
}
