using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PmoPath.Browser.Tests.People;
using PmoPath.Testing.Sessions;
using static Microsoft.Playwright.Assertions;

namespace PmoPath.Browser.Tests.Credentials;

/// <summary>
/// The credentials issue in a real browser: the provider marks Sam as having attended a session on its attendee page;
/// Sam finds the credential on My record with its downloads; anyone opens the verification page without signing in
/// and reads "Valid"; the provider revokes it there, and the page says "Revoked", at desktop and phone widths.
/// </summary>
public sealed class CredentialsInBrowserTests(PeopleBrowserFixture fixture) : IClassFixture<PeopleBrowserFixture>
{
    [Fact]
    public async Task Attendance_marked_by_the_provider_becomes_a_credential_the_person_shares_and_the_provider_can_revoke()
    {
        var today = SessionKit.Today;
        var session = await SessionKit.InsertAsync(fixture.World.App, "harbour-lane-training", "agile-pmo", today.AddDays(-1), 6, deadline: today.AddDays(2), endsOn: today.AddDays(-1));
        using (var sam = fixture.World.Api("sam"))
        {
            var booked = await sam.PostAsJsonAsync($"/api/sessions/{session}/bookings", new { });
            Assert.True(booked.IsSuccessStatusCode, await booked.Content.ReadAsStringAsync());
        }

        // The provider marks attendance on the session's attendee page.
        var provider = await fixture.SignInAsync("provider");
        await provider.GotoAsync($"/provider/sessions/{session}");
        await provider.GetByLabel("Did Sam Practitioner attend?").SelectOptionAsync("yes");
        await provider.GetByRole(AriaRole.Button, new() { Name = "Save attendance of Sam Practitioner" }).ClickAsync();
        await Expect(provider.GetByLabel("Did Sam Practitioner attend?")).ToHaveValueAsync("yes");

        // Sam's record lists the credential with the verification page and the downloads.
        var person = await fixture.SignInAsync("sam");
        await person.GotoAsync("/me");
        var item = person.Locator(".credentials li[data-credential]").First;
        await Expect(item).ToContainTextAsync("Agile PMO");
        await Expect(item.Locator(".credential-state")).ToHaveTextAsync("Valid");
        await Expect(item.GetByRole(AriaRole.Link, new() { Name = "Download the signed credential (JWT)" })).ToHaveCountAsync(1);
        await Expect(item.GetByRole(AriaRole.Link, new() { Name = "Download the badge (SVG, credential baked in)" })).ToHaveCountAsync(1);
        await PageChecks.AssertCleanAsync(person);
        await person.Locator("#credentials-heading").ScrollIntoViewIfNeededAsync();
        await BrowserApp.ScreenshotAsync(person, "credentials-my-record");
        await person.Locator("section.credentials").ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "credentials-section.png") });
        var id = await item.GetAttributeAsync("data-credential");
        await person.SetViewportSizeAsync(PageChecks.PhoneWidth, 900);
        await person.Locator("section.credentials").ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "credentials-section-phone.png") });
        await person.Context.CloseAsync();

        // Anyone with the link sees it is valid, without signing in.
        await using var visitorContext = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.World.App.BaseAddress.ToString() });
        var visitor = await visitorContext.NewPageAsync();
        await visitor.GotoAsync($"/credentials/{id}");
        await Expect(visitor.Locator("h1")).ToHaveTextAsync("Agile PMO");
        await Expect(visitor.Locator("#credential-state")).ToContainTextAsync("Valid");
        await Expect(visitor.Locator(".credential-facts")).ToContainTextAsync("Harbour Lane Training");
        await Expect(visitor.Locator(".credential-facts")).ToContainTextAsync("Verified now with PmoPath's published key");
        await Expect(visitor.GetByRole(AriaRole.Button, new() { Name = "Revoke" })).ToHaveCountAsync(0);
        await PageChecks.AssertCleanAsync(visitor);
        await BrowserApp.ScreenshotAsync(visitor, "credential-verification");
        await visitor.SetViewportSizeAsync(PageChecks.PhoneWidth, 900);
        var widths = await visitor.EvaluateAsync<int[]>("[document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"the verification page is {widths[0]}px wide in a {widths[1]}px viewport");
        await BrowserApp.ScreenshotAsync(visitor, "credential-verification-phone");

        // The provider revokes it on the same page; everyone then reads "Revoked", and the status list has it.
        await provider.GotoAsync($"/credentials/{id}");
        await provider.GetByLabel("Reason (shown publicly)").FillAsync("Attendance was recorded for the wrong person.");
        await provider.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(provider.Locator("#credential-state")).ToContainTextAsync("Revoked");
        await provider.Context.CloseAsync();
        await visitor.ReloadAsync();
        await Expect(visitor.Locator("#credential-state")).ToContainTextAsync("Revoked");
        await Expect(visitor.Locator("#credential-state")).ToContainTextAsync("Attendance was recorded for the wrong person.");
        await PageChecks.AssertCleanAsync(visitor);
        await BrowserApp.ScreenshotAsync(visitor, "credential-revoked-phone");
        var status = await fixture.World.App.Client.GetFromJsonAsync<JsonElement>("/api/credentials/status/harbour-lane-training");
        Assert.Contains(status.GetProperty("revokedCredentials").EnumerateArray(), r => r.GetProperty("id").GetString() == $"urn:uuid:{id}");
        Assert.Matches(new Regex("^[0-9a-f-]{36}$"), id!);
    }
}
