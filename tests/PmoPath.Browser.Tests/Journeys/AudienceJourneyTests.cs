using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PmoPath.Accounts;
using PmoPath.Browser.Tests.People;
using PmoPath.Demo;
using PmoPath.Testing;
using PmoPath.Testing.Sessions;
using static Microsoft.Playwright.Assertions;

namespace PmoPath.Browser.Tests.Journeys;

/// <summary>
/// One whole way through the product per audience, as a person walks it in Chromium, with an assertion at each step
/// and the page checks (axe at desktop and phone widths, no unrendered placeholder) on the pages along the way:
/// (a) a visitor from the career guide to a booking in their calendar feed; (c) a manager from the team's heat map to
/// a course in a person's plan; (d) a provider from publishing a session to marking its whole attendance at once.
/// (b), HR's import and invitations, is <see cref="OnboardingJourneyTests"/>.
/// </summary>
public sealed class AudienceJourneyTests(PeopleBrowserFixture fixture) : IClassFixture<PeopleBrowserFixture>
{
    private static DateOnly Today => TestClock.Today;

    [Fact]
    public async Task A_visitor_goes_from_the_career_guide_to_a_booking_in_their_calendar_feed()
    {
        var ana = await fixture.World.AddAsync("ana", "Acme", PmoRole.Practitioner, "Alpha", "manager", "Ana Newcomer");
        await using var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.World.App.BaseAddress.ToString() });
        var page = await context.NewPageAsync();

        // The career guide answers at the top, with focus on the answer.
        await page.GotoAsync("/career-guide");
        await page.GetByLabel("The level you work at").SelectOptionAsync("1");
        await page.GetByLabel("The level you aim for").SelectOptionAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show my advice" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/career-guide/advice\?.*#answer$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("^Your advice as of") })).ToBeFocusedAsync();
        await PageChecks.AssertCleanAsync(page);

        // The first recommendation leads to its course, whose schedule leads to a session.
        var first = page.Locator("li.recommendation").First;
        var code = await first.GetAttributeAsync("data-code");
        await first.Locator($"a[href='/courses/{code}']").First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/courses/{code}$"));
        var title = (await page.Locator("h1").InnerTextAsync()).Trim();
        var sessionLink = page.Locator("#sessions tr[data-session] a[href^='/sessions/']").First;
        await Expect(sessionLink).ToBeVisibleAsync();
        await PageChecks.AssertCleanAsync(page);
        await sessionLink.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/sessions/[0-9a-f-]{36}$"));
        var sessionPath = new Uri(page.Url).AbsolutePath;
        var seatsBefore = int.Parse(await page.Locator("#seats-left").InnerTextAsync(), CultureInfo.InvariantCulture);
        await PageChecks.AssertCleanAsync(page);

        // Signing in to book comes back to the session.
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in to book" }).ClickAsync();
        await page.GetByLabel("Email").FillAsync(ana.Email);
        await page.GetByLabel("Password").FillAsync(ana.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(sessionPath) + "$"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Book a place" }).ClickAsync();
        await Expect(page.Locator("#your-booking")).ToContainTextAsync("Your place is confirmed.");
        await Expect(page.Locator("#seats-left")).ToHaveTextAsync((seatsBefore - 1).ToString(CultureInfo.InvariantCulture));

        // The booking is in My bookings, and in the private feed a calendar app subscribes to (no cookie).
        await page.GotoAsync("/me/bookings");
        var sessionId = sessionPath["/sessions/".Length..];
        await Expect(page.Locator($"tr[data-session='{sessionId}'] .status")).ToHaveTextAsync("Confirmed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Make a private calendar address" }).ClickAsync();
        var feedUrl = (await page.Locator("#calendar-feed-link .feed-url").InnerTextAsync()).Trim();
        Assert.Matches(@"/calendar/[^/]+\.ics$", feedUrl);
        await PageChecks.AssertCleanAsync(page);

        using var calendarApp = new HttpClient();
        var feed = await calendarApp.GetAsync(feedUrl);
        Assert.True(feed.IsSuccessStatusCode, $"the feed answered {(int)feed.StatusCode}");
        Assert.Equal("text/calendar", feed.Content.Headers.ContentType!.MediaType);
        var text = (await feed.Content.ReadAsStringAsync()).Replace("\r\n ", "", StringComparison.Ordinal);
        Assert.Contains(title, text, StringComparison.Ordinal);
        Assert.Contains("BEGIN:VEVENT", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manager_goes_from_the_teams_heat_map_to_a_course_in_a_persons_plan()
    {
        DemoResult demo;
        await using (var scope = fixture.World.App.Services.CreateAsyncScope())
            demo = await scope.ServiceProvider.GetRequiredService<DemoOrganisation>().CreateAsync(new DemoOptions(60, "Journey Demo", Seed: 5));
        var account = demo.Accounts.First(a => a.Role == PmoRole.PmoManager);

        // The manager lands on the team page; the heat map's cells have their colours.
        var manager = await fixture.SignInAsAsync(account.Email, demo.Password);
        await Expect(manager).ToHaveURLAsync(new Regex("/team$"));
        var colours = await manager.EvaluateAsync<string[]>(
            "[...document.querySelectorAll('table.heatmap td[class^=\"gap-\"]:not(.gap-none)')].map(td => getComputedStyle(td).backgroundColor)");
        Assert.NotEmpty(colours);
        Assert.All(colours, c => Assert.NotEqual("rgba(0, 0, 0, 0)", c));
        await PageChecks.AssertCleanAsync(manager);

        // A person with advice to act on: the first member whose page offers a course to add.
        var people = await manager.Locator("table.team tbody a[href^='/people/']").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.NotEmpty(people);
        ILocator? add = null;
        foreach (var href in people.Take(10))
        {
            await manager.Locator($"table.team tbody a[href='{href}']").First.ClickAsync();
            await Expect(manager).ToHaveURLAsync(new Regex(Regex.Escape(href) + "$"));
            await Expect(manager.Locator("#advice")).ToBeVisibleAsync();
            var buttons = manager.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Add .+ to the plan$") });
            if (await buttons.CountAsync() > 0)
            {
                add = buttons.First;
                break;
            }
            await manager.GoBackAsync();
        }
        Assert.True(add is not null, "no team member's page offered a course to add to the plan");

        // The advice says why, and the course goes into the person's plan.
        await Expect(manager.Locator("#advice li.recommendation").First).ToBeVisibleAsync();
        await PageChecks.AssertCleanAsync(manager);
        var button = (await add!.InnerTextAsync()).Trim();
        var code = await add.GetAttributeAsync("value");
        await add.ClickAsync();
        var item = manager.Locator($"table.plan tbody tr[data-code='{code}']");
        await Expect(item).ToContainTextAsync(Regex.Match(button, "^Add (.+) to the plan$").Groups[1].Value);
        await Expect(item.Locator("td").Nth(2)).ToHaveTextAsync("planned");
        await Expect(manager.GetByRole(AriaRole.Button, new() { Name = button })).ToHaveCountAsync(0);
        await PageChecks.AssertCleanAsync(manager);
        await manager.Context.CloseAsync();
    }

    [Fact]
    public async Task A_practitioner_follows_a_job_to_its_page_with_how_to_apply_and_what_they_lack()
    {
        var page = await fixture.SignInAsync("pat");
        await page.GotoAsync("/jobs");
        var first = page.Locator("ul.job-list li.job h2 a").First;
        var title = (await first.InnerTextAsync()).Trim();
        await first.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/jobs/\d+$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync(title);
        await Expect(page.Locator("#apply a.apply")).ToHaveAttributeAsync("href", new Regex("^(https://|mailto:)"));
        await Expect(page.Locator("#asks a[href^='/courses/']").First).ToBeVisibleAsync();
        await Expect(page.Locator("#lacking")).ToContainTextAsync(new Regex("You have everything|Measured against your record"));
        await BrowserApp.ScreenshotAsync(page, "job-page-desktop");
        await page.SetViewportSizeAsync(PageChecks.PhoneWidth, 844);
        await BrowserApp.ScreenshotAsync(page, "job-page-phone");
        await PageChecks.AssertCleanAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_provider_publishes_a_session_and_marks_its_whole_attendance_at_once()
    {
        // The provider-admin lands on the provider desk and publishes a certification course.
        var provider = await fixture.SignInAsync("provider");
        await Expect(provider).ToHaveURLAsync(new Regex("/provider$"));
        await PageChecks.AssertCleanAsync(provider);
        var starts = Today.AddDays(15);
        await provider.GetByLabel("Course").SelectOptionAsync("aipmo-ipmo-foundation");
        await provider.GetByLabel("First day").FillAsync(starts.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await provider.GetByLabel("Last day").FillAsync(starts.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await provider.GetByLabel("Delivery").SelectOptionAsync("classroom");
        await provider.GetByLabel("Seats").FillAsync("4");
        await provider.GetByLabel("Venue").FillAsync("Harbour Lane, Bristol");
        await provider.GetByLabel("Price per person").FillAsync("1450");
        await provider.GetByRole(AriaRole.Button, new() { Name = "Publish the session" }).ClickAsync();
        await Expect(provider).ToHaveURLAsync(new Regex(@"/provider/sessions/[0-9a-f-]{36}$"));
        var sessionId = Guid.Parse(new Uri(provider.Url).AbsolutePath.Split('/')[^1]);
        await Expect(provider.Locator("#seats-left")).ToHaveTextAsync("4");

        // Four people book it through the app: three places, then the last seat.
        var names = new[] { "Ada Attendee", "Ben Busy", "Cy Certified", "Di Diligent" };
        for (var i = 0; i < names.Length; i++)
        {
            var member = await fixture.World.AddAsync($"learner{i}", "Acme", PmoRole.Practitioner, "Alpha", "manager", names[i]);
            using var api = fixture.World.Api(member.Key);
            var booked = await api.PostAsJsonAsync($"/api/sessions/{sessionId}/bookings", new { });
            Assert.True(booked.IsSuccessStatusCode, await booked.Content.ReadAsStringAsync());
        }
        await provider.ReloadAsync();
        await Expect(provider.Locator("#seats-left")).ToHaveTextAsync("0");
        await Expect(provider.Locator("table.attendees tbody tr")).ToHaveCountAsync(4);

        // The course runs: its days are now behind us (the clock cannot be moved, so the dates are).
        await using (var db = await SessionKit.SystemAsync(fixture.World.App))
            await db.Sessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.StartsOn, Today.AddDays(-3)).SetProperty(x => x.EndsOn, Today.AddDays(-1))
                .SetProperty(x => x.ExamOn, Today.AddDays(-1)).SetProperty(x => x.BookingDeadline, Today.AddDays(-4)));

        // One form: everyone attended but Ben; exams per person; one save.
        await provider.ReloadAsync();
        await provider.GetByLabel("Everyone confirmed attended, except those marked \"Did not attend\" below").CheckAsync();
        await provider.GetByLabel("Did Ben Busy attend?").SelectOptionAsync("no");
        await provider.GetByLabel("Ada Attendee's exam").SelectOptionAsync("passed");
        await provider.GetByLabel("Cy Certified's exam").SelectOptionAsync("passed");
        await provider.GetByLabel("Di Diligent's exam").SelectOptionAsync("failed");
        await BrowserApp.ScreenshotAsync(provider, "provider-attendance-desktop");
        var posts = 0;
        provider.Request += (_, request) => posts += request.Method == "POST" ? 1 : 0;
        await provider.GetByRole(AriaRole.Button, new() { Name = "Save attendance" }).ClickAsync();
        await Expect(provider.Locator("#attendance-saved")).ToHaveTextAsync("Attendance saved for 4 people.");
        Assert.Equal(1, posts);
        await Expect(provider.GetByLabel("Did Ada Attendee attend?")).ToHaveValueAsync("yes");
        await Expect(provider.GetByLabel("Did Ben Busy attend?")).ToHaveValueAsync("no");
        await Expect(provider.GetByLabel("Cy Certified's exam")).ToHaveValueAsync("passed");
        await Expect(provider.GetByLabel("Di Diligent's exam")).ToHaveValueAsync("failed");
        await PageChecks.AssertCleanAsync(provider);
        await provider.SetViewportSizeAsync(PageChecks.PhoneWidth, 844);
        await BrowserApp.ScreenshotAsync(provider, "provider-attendance-phone");
        // On a phone each person is a card: the exam choice is in view without scrolling sideways.
        var exam = (await provider.GetByLabel("Di Diligent's exam").BoundingBoxAsync())!;
        Assert.True(exam.X >= 0 && exam.X + exam.Width <= PageChecks.PhoneWidth, $"the exam choice spans {exam.X}–{exam.X + exam.Width}px");

        // The marks reached each person's record: two certificates, three courses done.
        using (var hr = fixture.World.Api("hr"))
        {
            foreach (var (i, certified) in new[] { (0, true), (1, false), (2, true), (3, false) })
            {
                var record = await hr.GetFromJsonAsync<JsonElement>($"/api/people/{fixture.World[$"learner{i}"].PersonId}");
                Assert.Equal(certified, record.GetProperty("certificates").EnumerateArray().Any(c => c.GetProperty("code").GetString() == "aipmo-ipmo-foundation"));
            }
        }

        // The attendee list downloads as CSV, with the marks.
        var download = await provider.RunAndWaitForDownloadAsync(() => provider.GetByRole(AriaRole.Link, new() { Name = "CSV" }).ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains("Ben Busy,confirmed,,", csv, StringComparison.Ordinal);
        Assert.Contains("did not attend", csv, StringComparison.Ordinal);
        Assert.Contains("Cy Certified,confirmed,", csv, StringComparison.Ordinal);
        await provider.Context.CloseAsync();
    }
}
