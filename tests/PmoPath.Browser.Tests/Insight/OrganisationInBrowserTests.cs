using DocumentFormat.OpenXml.Packaging;
using Microsoft.Playwright;
using PmoPath.Browser.Tests.People;
using static Microsoft.Playwright.Assertions;

namespace PmoPath.Browser.Tests.Insight;

/// <summary>
/// The insight issue's HR part in a real browser: HR uploads a staff file with bad rows and is refused with
/// each row's problem and nothing imported, uploads the mended file, opens the organisation view with its
/// charts and downloads it as xlsx.
/// </summary>
public sealed class OrganisationInBrowserTests(PeopleBrowserFixture fixture) : IClassFixture<PeopleBrowserFixture>
{
    private const string Header = "employee_id,email,name,team,manager_email,job_title,level,pmo_type,certificates";

    [Fact]
    public async Task HR_imports_staff_after_a_refused_file_and_downloads_the_organisation_view()
    {
        var folder = Directory.CreateTempSubdirectory("pmopath-browser-import-").FullName;
        var bad = Path.Combine(folder, "bad.csv");
        await File.WriteAllTextAsync(bad, $"{Header}\nE1,ada@acme.test,Ada Analyst,Omega,,Analyst,5,project-office,\nE2,bo@acme.test,,Omega,,Analyst,2,nowhere-office,\n");
        var good = Path.Combine(folder, "good.csv");
        await File.WriteAllTextAsync(good, $"{Header}\nE1,ada@acme.test,Ada Analyst,Omega,,PMO lead,3,project-office,axelos-p3o-foundation:2024-03-01\n" +
            "E2,bo@acme.test,Bo Builder,Omega,ada@acme.test,PMO analyst,2,programme-office,\nE3,cy@acme.test,Cy Coordinator,Omega,ada@acme.test,PMO support,1,project-office,\n");

        var hr = await fixture.SignInAsync("hr");
        await hr.GotoAsync("/people/import");
        await hr.Locator("#i-file").SetInputFilesAsync(bad);
        await hr.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await Expect(hr.Locator("#problems-heading")).ToHaveTextAsync("The file was refused; nothing was imported");
        var problems = hr.Locator("table.import-problems tbody tr");
        await Expect(problems.Filter(new() { HasText = "level" })).ToContainTextAsync("2");
        await Expect(problems.Filter(new() { HasText = "name" })).ToContainTextAsync("3");
        await PageChecks.AssertCleanAsync(hr);
        await hr.GotoAsync("/people");
        await Expect(hr.Locator("main")).Not.ToContainTextAsync("Ada Analyst");

        await hr.GotoAsync("/people/import");
        await hr.Locator("#i-file").SetInputFilesAsync(good);
        await hr.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await Expect(hr.Locator("#summary-heading")).ToHaveTextAsync("Imported");
        await Expect(hr.GetByRole(AriaRole.Row, new() { Name = "Created 3", Exact = true })).ToBeVisibleAsync();
        await PageChecks.AssertCleanAsync(hr);

        await hr.GetByRole(AriaRole.Link, new() { Name = "Organisation", Exact = true }).ClickAsync();
        await Expect(hr.Locator("h1")).ToContainTextAsync("organisation view");
        Assert.True(await hr.Locator("main svg[role=img]").CountAsync() >= 3);
        await BrowserApp.ScreenshotAsync(hr, "organisation-view");
        await PageChecks.AssertCleanAsync(hr);
        // On a phone each table row is a card with every value named, and nothing scrolls sideways.
        await hr.SetViewportSizeAsync(PageChecks.PhoneWidth, 844);
        var row = hr.Locator("table.report tbody tr").First;
        Assert.Equal("block", await row.EvaluateAsync<string>("tr => getComputedStyle(tr).display"));
        Assert.All(await row.EvaluateAsync<string[]>("tr => [...tr.querySelectorAll('td')].map(td => getComputedStyle(td, '::before').content)"),
            label => Assert.NotEqual("none", label));
        Assert.True(await hr.EvaluateAsync<bool>("[...document.querySelectorAll('table.report')].every(t => t.scrollWidth <= t.clientWidth + 1) && document.documentElement.scrollWidth <= window.innerWidth"),
            "the organisation view scrolls sideways at 390 px");
        await BrowserApp.ScreenshotAsync(hr, "organisation-view-phone");
        await hr.SetViewportSizeAsync(PageChecks.DesktopWidth, 900);

        var download = await hr.RunAndWaitForDownloadAsync(() => hr.GetByRole(AriaRole.Link, new() { Name = "Download every table (xlsx)" }).ClickAsync());
        var file = Path.Combine(folder, "organisation.xlsx");
        await download.SaveAsAsync(file);
        using var workbook = SpreadsheetDocument.Open(file, false);
        Assert.True(workbook.WorkbookPart!.WorksheetParts.Count() >= 3);
        await hr.Context.CloseAsync();
    }
}
