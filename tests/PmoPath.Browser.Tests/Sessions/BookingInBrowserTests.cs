using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PmoPath.Browser.Tests.People;
using PmoPath.Testing;
using static Microsoft.Playwright.Assertions;

namespace PmoPath.Browser.Tests.Sessions;

/// <summary>
/// The sessions issue's "done when", in a real browser, one browser context per person: a provider publishes
/// a two-seat session; Pat finds it from the course page and books, Sam takes the last seat, Cole joins the
/// waitlist; Pat cancels on My bookings (after a page that asks first) and Cole's place is confirmed; Pat makes a
/// private calendar feed address.
/// </summary>
public sealed class BookingInBrowserTests(PeopleBrowserFixture fixture) : IClassFixture<PeopleBrowserFixture>
{
    [Fact]
    public async Task Two_seats_two_bookings_a_waitlist_and_a_cancellation_that_promotes_it()
    {
        var id = await PublishAsync(seats: 2);

        // Pat finds the session on the course page and follows it.
        var pat = await fixture.SignInAsync("pat");
        await pat.GotoAsync("/courses/agile-pmo");
        var row = pat.Locator($"#sessions tr[data-session='{id}']");
        await Expect(row).ToContainTextAsync("2 of 2 seats left");
        await PageChecks.AssertCleanAsync(pat);
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(pat).ToHaveURLAsync(new Regex($"/sessions/{id}$"));
        await Expect(pat.Locator("#seats-left")).ToHaveTextAsync("2");

        await pat.GetByRole(AriaRole.Button, new() { Name = "Book a place" }).ClickAsync();
        await Expect(pat.Locator("#your-booking")).ToContainTextAsync("Your place is confirmed.");
        await Expect(pat.Locator("#seats-left")).ToHaveTextAsync("1");
        await PageChecks.AssertCleanAsync(pat);

        // Sam takes the last seat.
        var sam = await fixture.SignInAsync("sam");
        await sam.GotoAsync($"/sessions/{id}");
        await sam.GetByRole(AriaRole.Button, new() { Name = "Book a place" }).ClickAsync();
        await Expect(sam.Locator("#your-booking")).ToContainTextAsync("Your place is confirmed.");
        await Expect(sam.Locator("#seats-left")).ToHaveTextAsync("0");
        await sam.Context.CloseAsync();

        // Cole finds it full and joins the waitlist.
        var cole = await fixture.SignInAsync("colleague");
        await cole.GotoAsync($"/sessions/{id}");
        await Expect(cole.GetByRole(AriaRole.Button, new() { Name = "Book a place" })).ToHaveCountAsync(0);
        await cole.GetByRole(AriaRole.Button, new() { Name = "Join the waitlist" }).ClickAsync();
        await Expect(cole.Locator("#your-booking")).ToContainTextAsync("You are number 1 on the waitlist.");
        await BrowserApp.ScreenshotAsync(cole, "session-waitlisted");
        await PageChecks.AssertCleanAsync(cole);

        // Pat cancels from My bookings.
        await pat.GetByRole(AriaRole.Link, new() { Name = "My bookings" }).First.ClickAsync();
        var mine = pat.Locator($"tr[data-session='{id}']");
        await Expect(mine.Locator(".status")).ToHaveTextAsync("Confirmed");
        await mine.GetByRole(AriaRole.Link, new() { Name = "Cancel" }).ClickAsync();
        // A page asks first, and says who gets the seat.
        await Expect(pat.Locator("h1")).ToHaveTextAsync("Cancel your place?");
        await Expect(pat.Locator("#cancel-outcome")).ToContainTextAsync("the first person on the waitlist will get your seat");
        await PageChecks.AssertCleanAsync(pat);
        await pat.GetByRole(AriaRole.Button, new() { Name = "Yes, cancel my place" }).ClickAsync();
        await Expect(pat.Locator($"tr[data-session='{id}'] .status")).ToHaveTextAsync("Cancelled");

        // Pat makes a private calendar address for a calendar app; it is shown once, with a webcal link.
        await pat.GetByRole(AriaRole.Button, new() { Name = "Make a private calendar address" }).ClickAsync();
        await Expect(pat.Locator("#calendar-feed-link .feed-url")).ToContainTextAsync("/calendar/");
        await Expect(pat.Locator("#calendar-feed-link a[href^='webcal://']")).ToHaveCountAsync(1);
        await BrowserApp.ScreenshotAsync(pat, "my-bookings-calendar-feed");
        await PageChecks.AssertCleanAsync(pat);
        await pat.Context.CloseAsync();

        // Cole's waitlist place became a confirmed one.
        await cole.GotoAsync("/me/bookings");
        await Expect(cole.Locator($"tr[data-session='{id}'] .status")).ToHaveTextAsync("Confirmed");
        await BrowserApp.ScreenshotAsync(cole, "my-bookings");
        await PageChecks.AssertCleanAsync(cole);
        await cole.GotoAsync($"/sessions/{id}");
        await Expect(cole.Locator("#your-booking")).ToContainTextAsync("Your place is confirmed.");
        await Expect(cole.Locator("#seats-left")).ToHaveTextAsync("0");
        await cole.Context.CloseAsync();
    }

    [Fact]
    public async Task On_a_phone_the_session_pages_do_not_scroll_sideways()
    {
        var id = await PublishAsync(seats: 5);
        var month = TestClock.UtcNow.AddDays(21).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        await using var context = await fixture.Browser.NewContextAsync(new()
        {
            BaseURL = fixture.World.App.BaseAddress.ToString(),
            ViewportSize = new() { Width = 375, Height = 800 },
        });
        var visitor = await context.NewPageAsync();
        foreach (var path in new[] { $"/sessions?month={month}", $"/sessions/{id}", "/courses/agile-pmo" })
            await AssertFitsAsync(visitor, path);
        await visitor.GotoAsync($"/sessions?month={month}");
        await Expect(visitor.Locator($"table.month-grid a[href='/sessions/{id}']")).ToHaveCountAsync(1);
        await BrowserApp.ScreenshotAsync(visitor, "schedule-phone");

        foreach (var (who, paths) in new[]
        {
            ("manager", new[] { $"/sessions/{id}", "/me/bookings" }),
            ("provider", new[] { "/provider", $"/provider/sessions/{id}" }),
            ("hr", new[] { "/inhouse" }),
        })
        {
            var page = await fixture.SignInAsync(who);
            await page.SetViewportSizeAsync(375, 800);
            foreach (var path in paths)
                await AssertFitsAsync(page, path);
            if (who == "provider")
                await BrowserApp.ScreenshotAsync(page, "provider-attendees-phone");
            await page.Context.CloseAsync();
        }
    }

    private static async Task AssertFitsAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(path);
        Assert.Equal(200, response!.Status);
        var widths = await page.EvaluateAsync<int[]>("[document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"{path} is {widths[0]}px wide in a {widths[1]}px viewport");
    }

    /// <summary>A session of Agile PMO three weeks ahead, published by the provider through the API.</summary>
    private async Task<Guid> PublishAsync(int seats)
    {
        var starts = TestClock.Today.AddDays(21);
        using var api = fixture.World.Api("provider");
        var response = await api.PostAsJsonAsync("/api/sessions", new
        {
            courseCode = "agile-pmo", startsOn = starts, endsOn = starts, delivery = "virtual", venue = "Online", seats, price = 450, currency = "GBP",
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
