using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Testing;
using PmoPath.Testing.People;
using PmoPath.Testing.Sessions;
using static PmoPath.Web.Tests.Pages.HtmlPage;

namespace PmoPath.Web.Tests.Sessions;

/// <summary>
/// Private calendar feeds a calendar app subscribes to without a cookie (API and the My bookings page), and the page
/// that asks before a booking is cancelled. Each test adds its own people and sessions.
/// </summary>
public abstract class CalendarFeedTests(PeopleWorld world)
{
    [Fact]
    public async Task A_feed_made_through_the_api_shows_my_bookings_without_a_cookie_until_it_is_revoked()
    {
        var confirmed = await SessionKit.PublishAsync(world, "provider", SessionKit.Body(seats: 3, daysAhead: 44));
        var full = await SessionKit.PublishAsync(world, "provider", SessionKit.Body(seats: 1, daysAhead: 46));
        var cancelledSession = await SessionKit.PublishAsync(world, "provider", SessionKit.Body(seats: 3, daysAhead: 48));
        var me = await world.AddAsync("feed-" + Unique(), "Acme", PmoRole.Practitioner);
        var other = await world.AddAsync("feed-" + Unique(), "Acme", PmoRole.Practitioner);
        using var api = world.Api(me.Key);
        using var otherApi = world.Api(other.Key);
        var mine = await BookAsync(api, confirmed);
        await BookAsync(otherApi, full);
        var waiting = await BookAsync(api, full);
        var cancelled = await BookAsync(api, cancelledSession);
        Assert.True((await api.DeleteAsync($"/api/bookings/{cancelled}")).IsSuccessStatusCode);

        var made = await api.PostAsync("/api/me/calendar-feed", null);
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        var link = await made.Content.ReadFromJsonAsync<JsonElement>();
        var url = new Uri(link.GetProperty("url").GetString()!);
        Assert.Equal("webcal://" + url.Authority + url.PathAndQuery, link.GetProperty("webcalUrl").GetString());
        var secret = url.AbsolutePath["/calendar/".Length..^".ics".Length];
        Assert.True(secret.Length >= 43 && secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'), secret);

        using var anonymous = world.Browser();
        using var feed = await anonymous.GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        Assert.Equal("text/calendar", feed.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", feed.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        Assert.True(feed.Headers.CacheControl?.Private);
        var calendar = Ical.Net.Calendar.Load(await feed.Content.ReadAsStringAsync())!;
        var booked = Assert.Single(calendar.Events, e => e.Uid == $"booking-{mine}@pmopath");
        Assert.Equal(SessionKit.Today.AddDays(44), booked.DtStart!.Date);
        Assert.StartsWith("Waitlisted: ", Assert.Single(calendar.Events, e => e.Uid == $"booking-{waiting}@pmopath").Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(calendar.Events, e => e.Uid == $"booking-{cancelled}@pmopath");
        Assert.Equal(2, calendar.Events.Count);

        // The table keeps the hash alone.
        await using (var db = await SessionKit.SystemAsync(world.App))
        {
            var row = await db.CalendarFeeds.AsNoTracking().SingleAsync(f => f.PersonId == me.PersonId);
            Assert.Equal(ApiTokens.Hash(secret), row.Hash);
            Assert.False(await db.CalendarFeeds.AnyAsync(f => f.Hash.Contains(secret)));
        }

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/api/me/calendar-feed")).StatusCode);
        using var revoked = await anonymous.GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.NotFound, revoked.StatusCode);
        Assert.DoesNotContain("VCALENDAR", await revoked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync("/api/me/calendar-feed")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/calendar/{Guid.NewGuid():N}.ics")).StatusCode);
    }

    [Fact]
    public async Task A_new_feed_replaces_the_old_and_another_persons_feed_never_shows_my_bookings()
    {
        var session = await SessionKit.PublishAsync(world, "provider", SessionKit.Body(seats: 3, daysAhead: 52));
        var me = await world.AddAsync("feed-" + Unique(), "Acme", PmoRole.Practitioner);
        var other = await world.AddAsync("feed-" + Unique(), "Acme", PmoRole.Practitioner);
        using var api = world.Api(me.Key);
        using var otherApi = world.Api(other.Key);
        var mine = await BookAsync(api, session);

        var first = await FeedPathAsync(api);
        var second = await FeedPathAsync(api);
        var theirs = await FeedPathAsync(otherApi);

        using var anonymous = world.Browser();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(first)).StatusCode);
        Assert.Contains($"UID:booking-{mine}@pmopath", await anonymous.GetStringAsync(second), StringComparison.Ordinal);
        var theirFeed = await anonymous.GetStringAsync(theirs);
        Assert.Empty(Ical.Net.Calendar.Load(theirFeed)!.Events);
        Assert.DoesNotContain(mine.ToString(), theirFeed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task My_bookings_makes_shows_once_and_revokes_a_feed_with_its_webcal_link()
    {
        var session = await SessionKit.PublishAsync(world, "provider", SessionKit.Body(seats: 3, daysAhead: 54));
        var me = await world.AddAsync("feed-" + Unique(), "Acme", PmoRole.Practitioner);
        using var browser = await world.SignInAsync(me.Key);
        await PeopleWorld.PostFormAsync(browser, $"/sessions/{session}", "book", []);

        var made = await PeopleWorld.PostFormAsync(browser, "/me/bookings", "calendar-feed", []);
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        var page = await Parse(made);
        var url = Text(page.QuerySelector("#calendar-feed-link .feed-url"));
        Assert.StartsWith(world.App.BaseAddress.GetLeftPart(UriPartial.Authority) + "/calendar/", url, StringComparison.Ordinal);
        Assert.Equal("webcal://" + url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..],
            page.QuerySelector("#calendar-feed-link a")!.GetAttribute("href"));
        using var anonymous = world.Browser();
        Assert.Contains(Ical.Net.Calendar.Load(await anonymous.GetStringAsync(url))!.Events, e => e.DtStart!.Date == SessionKit.Today.AddDays(54));

        // Shown once: the page afterwards says there is one, without the address.
        var again = await browser.GetStringAsync("/me/bookings");
        Assert.DoesNotContain(url, again, StringComparison.Ordinal);
        Assert.Contains("calendar-feed-status", again, StringComparison.Ordinal);

        var revoked = await PeopleWorld.PostFormAsync(browser, "/me/bookings", "revoke-calendar-feed", new() { ["Revoke"] = "yes" });
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(url)).StatusCode);
        Assert.DoesNotContain("calendar-feed-status", await browser.GetStringAsync("/me/bookings"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_a_place_asks_first_and_says_the_first_on_the_waitlist_gets_the_seat()
    {
        var session = await SessionKit.PublishAsync(world, "provider", SessionKit.Body(seats: 1, daysAhead: 56));
        var first = await world.AddAsync("cancel-" + Unique(), "Acme", PmoRole.Practitioner);
        var second = await world.AddAsync("cancel-" + Unique(), "Acme", PmoRole.Practitioner);
        using var firstBrowser = await world.SignInAsync(first.Key);
        using var secondBrowser = await world.SignInAsync(second.Key);
        await PeopleWorld.PostFormAsync(firstBrowser, $"/sessions/{session}", "book", []);

        // The session page and My bookings link to the confirm page; without a waitlist the seat goes back on sale.
        var (_, sessionPage) = await GetAsync(firstBrowser, $"/sessions/{session}");
        var confirmLink = sessionPage.QuerySelector("#your-booking a[href$='/cancel']")!.GetAttribute("href")!;
        var (_, myBookings) = await GetAsync(firstBrowser, "/me/bookings");
        Assert.NotNull(myBookings.QuerySelector($"tr[data-session='{session}'] a[href='{confirmLink}']"));
        var (status, alone) = await GetAsync(firstBrowser, confirmLink);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Cancel your place?", Text(alone.QuerySelector("h1")));
        Assert.Equal("Your seat goes back on sale for anyone to book.", Text(alone.GetElementById("cancel-outcome")));

        // Seeing the page cancels nothing; with a waitlist it says who gets the seat.
        await PeopleWorld.PostFormAsync(secondBrowser, $"/sessions/{session}", "book", []);
        var (_, waiting) = await GetAsync(firstBrowser, confirmLink);
        Assert.Equal("The session has a waitlist (1 person): the first person on the waitlist will get your seat.", Text(waiting.GetElementById("cancel-outcome")));
        Assert.Equal("Confirmed", await StatusAsync(firstBrowser, session));

        // A post without the confirmation cancels nothing either.
        var unconfirmed = await PeopleWorld.PostFormAsync(firstBrowser, confirmLink, "cancel-booking", []);
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.Equal("Confirmed", await StatusAsync(firstBrowser, session));

        var cancelled = await PeopleWorld.PostFormAsync(firstBrowser, confirmLink, "cancel-booking", new() { ["Confirmed"] = "yes" });
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.Equal("Cancelled", await StatusAsync(firstBrowser, session));
        Assert.Equal("Confirmed", await StatusAsync(secondBrowser, session));

        // Someone else's booking is not found.
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(secondBrowser, confirmLink)).Status);
    }

    private static async Task<Guid> BookAsync(HttpClient api, Guid session)
    {
        var response = await api.PostAsJsonAsync($"/api/sessions/{session}/bookings", new { });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<string> FeedPathAsync(HttpClient api)
    {
        var made = await api.PostAsync("/api/me/calendar-feed", null);
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        return new Uri((await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!).PathAndQuery;
    }

    private static async Task<string> StatusAsync(HttpClient browser, Guid session)
    {
        var (_, page) = await GetAsync(browser, "/me/bookings");
        return Text(page.QuerySelector($"tr[data-session='{session}'] .status"));
    }

    private static async Task<(HttpStatusCode Status, IHtmlDocument Page)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return (response.StatusCode, await Parse(response));
    }

    private static async Task<IHtmlDocument> Parse(HttpResponseMessage response) =>
        await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];
}

public sealed class CalendarFeedOnSqliteTests(SqlitePeopleWorld world) : CalendarFeedTests(world), IClassFixture<SqlitePeopleWorld>;

public sealed class CalendarFeedOnPostgresTests(PostgresPeopleWorld world) : CalendarFeedTests(world), IClassFixture<PostgresPeopleWorld>;

/// <summary>The feed is anonymous, so it draws on the per-address limit on anonymous calls.</summary>
public sealed class CalendarFeedRateLimitTests(PmoPath.Web.Tests.People.RateLimitedWorld world) : IClassFixture<PmoPath.Web.Tests.People.RateLimitedWorld>
{
    [Fact]
    public async Task Guessing_feed_addresses_beyond_the_anonymous_limit_gets_429()
    {
        using var anonymous = world.Browser();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
            statuses.Add((await anonymous.GetAsync($"/calendar/{Guid.NewGuid():N}.ics")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, statuses[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        var limited = await anonymous.GetAsync($"/calendar/{Guid.NewGuid():N}.ics");
        Assert.True(limited.Headers.RetryAfter is not null, $"{(int)limited.StatusCode} {limited.Headers} {await limited.Content.ReadAsStringAsync()}");
    }
}
