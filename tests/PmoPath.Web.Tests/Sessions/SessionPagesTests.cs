using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using PmoPath.Accounts;
using PmoPath.Testing;
using PmoPath.Testing.People;
using static PmoPath.Web.Tests.Pages.HtmlPage;

namespace PmoPath.Web.Tests.Sessions;

/// <summary>
/// The session pages through their links and forms, as a browser without JavaScript uses them: the course
/// page's upcoming sessions, the schedule's month grid, booking and cancelling, the provider desk and the
/// in-house requests. Each test publishes its own sessions and adds its own people, so none depends on another.
/// </summary>
public abstract class SessionPagesTests(PeopleWorld world)
{
    private static DateOnly Today => TestClock.Today;

    [Fact]
    public async Task The_course_page_lists_its_upcoming_sessions_with_seats_left_and_the_calendar_feed()
    {
        var id = await PublishAsync("agile-pmo", Today.AddDays(20), seats: 2, venue: "Room " + Unique());
        var full = await PublishAsync("agile-pmo", Today.AddDays(21), seats: 1);
        using var member = await NewPractitionerAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await BookAsync(member.Client, full)).StatusCode);

        var (status, page) = await GetAsync(world.Browser(), "/courses/agile-pmo");

        Assert.Equal(HttpStatusCode.OK, status);
        var section = page.GetElementById("sessions")!;
        Assert.Equal("Upcoming sessions", Text(section.QuerySelector("h2")));
        var row = section.QuerySelector($"tr[data-session='{id}']")!;
        Assert.NotNull(row);
        Assert.Contains("2 of 2 seats left", Text(row), StringComparison.Ordinal);
        Assert.Contains("£450", Text(row), StringComparison.Ordinal);
        Assert.Contains("Harbour Lane", Text(row), StringComparison.Ordinal);
        Assert.Contains(SessionDays(Today.AddDays(20)), Text(row), StringComparison.Ordinal);
        Assert.NotNull(row.QuerySelector($"a[href='/sessions/{id}']"));
        Assert.Contains("Full — join the waitlist", Text(section.QuerySelector($"tr[data-session='{full}']")), StringComparison.Ordinal);
        Assert.NotNull(section.QuerySelector("a[href='/api/courses/agile-pmo/sessions.ics']"));
    }

    [Fact]
    public async Task A_course_without_sessions_says_so()
    {
        // The sample schedule has no MoP Practitioner runs, and no test here publishes one.
        var (_, page) = await GetAsync(world.Browser(), "/courses/axelos-mop-practitioner");

        var section = page.GetElementById("sessions")!;
        Assert.Null(section.QuerySelector("table"));
        Assert.Contains("No sessions of", Text(section), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_schedule_month_grid_shows_a_session_on_each_of_its_days_and_lists_it_below()
    {
        var month = new DateOnly(Today.Year, Today.Month, 1).AddMonths(2);
        var starts = month.AddDays(9);
        var id = await PublishAsync("agile-pmo", starts, starts.AddDays(2), seats: 5);

        var key = month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var (status, page) = await GetAsync(world.Browser(), $"/sessions?month={key}");

        Assert.Equal(HttpStatusCode.OK, status);
        var grid = page.QuerySelector("table.month-grid")!;
        Assert.Contains(month.ToString("MMMM yyyy", CultureInfo.InvariantCulture), Text(grid.QuerySelector("caption")), StringComparison.Ordinal);
        Assert.Equal(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], grid.QuerySelectorAll("thead th").Select(Text));
        for (var day = starts.AddDays(-1); day <= starts.AddDays(3); day = day.AddDays(1))
        {
            var cell = grid.QuerySelector($"td[data-date='{Iso(day)}']")!;
            var shown = cell.QuerySelector($"a[href='/sessions/{id}']") is not null;
            Assert.Equal(day >= starts && day <= starts.AddDays(2), shown);
        }
        // Monday first: the 1st sits in the column of its weekday.
        var firstRow = grid.QuerySelector("tbody tr")!.QuerySelectorAll("td").ToList();
        Assert.Equal(Iso(month), firstRow[((int)month.DayOfWeek + 6) % 7].GetAttribute("data-date"));
        Assert.NotNull(page.QuerySelector($"a[rel=prev][href='/sessions?month={month.AddMonths(-1):yyyy-MM}']"));
        Assert.NotNull(page.QuerySelector($"a[rel=next][href='/sessions?month={month.AddMonths(1):yyyy-MM}']"));
        Assert.NotNull(page.GetElementById("list-heading")!.Closest("section")!.QuerySelector($"tr[data-session='{id}']"));
    }

    [Fact]
    public async Task The_schedule_filters_by_course_and_names_a_bad_month()
    {
        var month = new DateOnly(Today.Year, Today.Month, 1).AddMonths(3);
        var agile = await PublishAsync("agile-pmo", month.AddDays(4), seats: 5);
        var coaching = await PublishAsync("pmo-coaching", month.AddDays(5), seats: 5, delivery: "classroom", venue: "Bristol");

        var (_, page) = await GetAsync(world.Browser(), $"/sessions?month={month:yyyy-MM}&course=pmo-coaching");
        var (badStatus, bad) = await GetAsync(world.Browser(), "/sessions?month=someday");

        Assert.NotNull(page.QuerySelector($"table.month-grid a[href='/sessions/{coaching}']"));
        Assert.Null(page.QuerySelector($"a[href='/sessions/{agile}']"));
        Assert.Equal("pmo-coaching", page.QuerySelector("#f-course option[selected]")?.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Contains("month", Text(bad.QuerySelector("[role=alert] .field")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Booking_on_the_session_page_confirms_a_place_then_waitlists_and_refuses_a_second_booking()
    {
        var id = await PublishAsync("agile-pmo", Today.AddDays(30), seats: 1);
        using var first = await NewPractitionerAsync();
        using var second = await NewPractitionerAsync();

        var (_, before) = await GetAsync(first.Client, $"/sessions/{id}");
        Assert.Equal("1", Text(before.GetElementById("seats-left")));
        Assert.Equal("Book a place", Text(before.QuerySelector("form.book-form button")));

        var booked = await BookAsync(first.Client, id);
        Assert.Equal(HttpStatusCode.Redirect, booked.StatusCode);
        var (_, after) = await GetAsync(first.Client, $"/sessions/{id}");
        Assert.Contains("Your place is confirmed.", Text(after.GetElementById("your-booking")), StringComparison.Ordinal);
        Assert.Equal("0", Text(after.GetElementById("seats-left")));
        Assert.Contains("1 seat: 1 confirmed, 0 on the waitlist", Text(after.QuerySelector(".seats")), StringComparison.Ordinal);

        var (_, full) = await GetAsync(second.Client, $"/sessions/{id}");
        Assert.Equal("Join the waitlist", Text(full.QuerySelector("form.book-form button")));
        Assert.Equal(HttpStatusCode.Redirect, (await BookAsync(second.Client, id)).StatusCode);
        var (_, waiting) = await GetAsync(second.Client, $"/sessions/{id}");
        Assert.Contains("You are number 1 on the waitlist.", Text(waiting.GetElementById("your-booking")), StringComparison.Ordinal);
        Assert.Null(waiting.QuerySelector("form.book-form"));
    }

    [Fact]
    public async Task Booking_IPMO_Expert_without_working_at_level_4_names_the_unmet_prerequisite()
    {
        var id = await PublishAsync("aipmo-ipmo-expert", Today.AddDays(40), Today.AddDays(44), seats: 8, delivery: "residential", venue: "Leigh Court");
        using var member = await NewPractitionerAsync();

        var response = await BookAsync(member.Client, id);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Parse(response);
        var alert = page.QuerySelector("#book-heading ~ [role=alert]") ?? page.QuerySelector("[role=alert]");
        Assert.Equal("Prerequisites", Text(alert!.QuerySelector(".field")));
        Assert.Contains("currently working at level 4", Text(alert), StringComparison.Ordinal);
        var (_, unchanged) = await GetAsync(member.Client, $"/sessions/{id}");
        Assert.Equal("8", Text(unchanged.GetElementById("seats-left")));
        Assert.Null(unchanged.GetElementById("your-booking"));
    }

    [Fact]
    public async Task A_manager_books_a_team_member_with_the_book_for_picker()
    {
        var id = await PublishAsync("agile-pmo", Today.AddDays(33), seats: 3);
        var member = await world.AddAsync("team-" + Unique(), "Acme", PmoRole.Practitioner, "Alpha", "manager", "Tara Teammate");
        using var manager = await world.SignInAsync("manager");

        var (_, page) = await GetAsync(manager, $"/sessions/{id}");
        Assert.NotNull(page.QuerySelector($"#b-person option[value='{member.PersonId}']"));
        Assert.Null(page.QuerySelector($"#b-person option[value='{world["colleague"].PersonId}']"));

        var booked = await PeopleWorld.PostFormAsync(manager, $"/sessions/{id}", "book", new() { ["Book.PersonId"] = member.PersonId.ToString()! });
        Assert.Equal(HttpStatusCode.Redirect, booked.StatusCode);
        var (_, after) = await GetAsync(manager, PathOf(booked));
        Assert.Contains("Tara Teammate: place confirmed", Text(after.GetElementById("booked-for")), StringComparison.Ordinal);
        Assert.Equal("2", Text(after.GetElementById("seats-left")));

        // Booking the same person twice is refused, saying why.
        var again = await PeopleWorld.PostFormAsync(manager, $"/sessions/{id}", "book", new() { ["Book.PersonId"] = member.PersonId.ToString()! });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("Tara Teammate already has a place", Text((await Parse(again)).QuerySelector("[role=alert]")), StringComparison.Ordinal);

        // Someone outside the manager's teams cannot be booked by naming them.
        var outside = await PeopleWorld.PostFormAsync(manager, $"/sessions/{id}", "book", new() { ["Book.PersonId"] = world["colleague"].PersonId.ToString()! });
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Equal("Book for", Text((await Parse(outside)).QuerySelector("[role=alert] .field")));
    }

    [Fact]
    public async Task An_anonymous_visitor_is_asked_to_sign_in_and_comes_back_to_the_session()
    {
        var id = await PublishAsync("agile-pmo", Today.AddDays(25), seats: 4);

        var (status, page) = await GetAsync(world.Browser(), $"/sessions/{id}");

        Assert.Equal(HttpStatusCode.OK, status);
        var link = page.QuerySelectorAll("a").First(a => Text(a) == "Sign in to book");
        Assert.Equal($"/account/sign-in?returnUrl=%2Fsessions%2F{id}", link.GetAttribute("href"));
        Assert.Null(page.QuerySelector("form.book-form"));
        Assert.NotNull(page.QuerySelector($"a[href='/api/sessions/{id}/calendar.ics']"));
        Assert.NotNull(page.QuerySelector("a[href='/providers/harbour-lane-training']"));
        Assert.NotNull(page.QuerySelector("a[href='/courses/agile-pmo']"));

        // Signing in through that link comes back to the session.
        var member = await world.AddAsync("back-" + Unique(), "Acme", PmoRole.Practitioner);
        using var browser = world.Browser();
        var signedIn = await PeopleWorld.PostFormAsync(browser, link.GetAttribute("href")!, "sign-in",
            new() { ["Input.Email"] = member.Email, ["Input.Password"] = member.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal($"/sessions/{id}", PathOf(signedIn));
    }

    [Fact]
    public async Task An_unknown_session_is_the_not_found_page()
    {
        var (status, page) = await GetAsync(world.Browser(), $"/sessions/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("We can't find that page", Text(page.QuerySelector("h1")));
    }

    [Fact]
    public async Task My_bookings_lists_a_booking_and_cancelling_it_promotes_the_first_on_the_waitlist()
    {
        var id = await PublishAsync("agile-pmo", Today.AddDays(35), seats: 1);
        using var first = await NewPractitionerAsync();
        using var second = await NewPractitionerAsync();
        await BookAsync(first.Client, id);
        await BookAsync(second.Client, id);

        var (_, mine) = await GetAsync(first.Client, "/me/bookings");
        var row = mine.QuerySelector($"tr[data-session='{id}']")!;
        Assert.Equal("Confirmed", Text(row.QuerySelector(".status")));
        Assert.NotNull(mine.QuerySelector("a[href='/me/bookings.ics']"));
        var (_, theirs) = await GetAsync(second.Client, "/me/bookings");
        Assert.Equal("On the waitlist: number 1", Text(theirs.QuerySelector($"tr[data-session='{id}'] .status")));

        var cancelled = await PeopleWorld.PostFormAsync(first.Client, $"/me/bookings/{row.GetAttribute("data-booking")}/cancel", "cancel-booking", new() { ["Confirmed"] = "yes" });

        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        var (_, afterMine) = await GetAsync(first.Client, "/me/bookings");
        Assert.Equal("Cancelled", Text(afterMine.QuerySelector($"tr[data-session='{id}'] .status")));
        Assert.Null(afterMine.QuerySelector($"tr[data-session='{id}'] a[href$='/cancel']"));
        var (_, afterTheirs) = await GetAsync(second.Client, "/me/bookings");
        Assert.Equal("Confirmed", Text(afterTheirs.QuerySelector($"tr[data-session='{id}'] .status")));
    }

    [Fact]
    public async Task A_provider_sees_its_attendee_list_and_another_provider_gets_not_found()
    {
        var id = await PublishAsync("agile-pmo", Today.AddDays(45), seats: 1);
        using var first = await NewPractitionerAsync("Ada Attendee");
        using var second = await NewPractitionerAsync("Wes Waiting");
        await BookAsync(first.Client, id);
        await BookAsync(second.Client, id);

        using var provider = await world.SignInAsync("provider");
        var (status, page) = await GetAsync(provider, $"/provider/sessions/{id}");
        using var other = await world.SignInAsync("provider2");
        var (otherStatus, otherPage) = await GetAsync(other, $"/provider/sessions/{id}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Ada Attendee", Text(page.GetElementById("confirmed-heading")!.Closest("section")), StringComparison.Ordinal);
        Assert.Contains("Wes Waiting", Text(page.QuerySelector("ol.waitlist")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, otherStatus);
        Assert.DoesNotContain("Ada Attendee", otherPage.DocumentElement.TextContent, StringComparison.Ordinal);

        // Attendance is marked from the first day; before it the form says so, naming the column.
        var booking = page.QuerySelector("table.attendees tbody tr")!.GetAttribute("data-booking")!;
        var early = await PeopleWorld.PostFormAsync(provider, $"/provider/sessions/{id}", "attendance",
            new() { [$"Attended[{booking}]"] = "yes" });
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        var alert = (await Parse(early)).QuerySelector("[role=alert]");
        Assert.Equal("Attended", Text(alert!.QuerySelector(".field")));
        Assert.Contains("mark attendance from then", Text(alert), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_practitioner_gets_no_provider_desk_and_a_visitor_is_sent_to_sign_in()
    {
        using var member = await NewPractitionerAsync();

        var practitioner = await member.Client.GetAsync("/provider");
        var anonymous = await world.Browser().GetAsync("/provider");
        using var hr = await world.SignInAsync("hr");
        var hrDesk = await hr.GetAsync("/provider/sessions/" + Guid.NewGuid());

        Assert.Equal(HttpStatusCode.Redirect, practitioner.StatusCode);
        Assert.StartsWith("/account/denied", PathOf(practitioner), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/sign-in", PathOf(anonymous), StringComparison.Ordinal);
        Assert.StartsWith("/account/denied", PathOf(hrDesk), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, await StatusAsync(member.Client, "/inhouse"));
    }

    [Fact]
    public async Task The_provider_publishes_through_the_form_and_a_bad_field_is_named()
    {
        using var provider = await world.SignInAsync("provider");
        var (_, desk) = await GetAsync(provider, "/provider");
        Assert.Equal("Europe/London", desk.QuerySelector("#p-zone")?.GetAttribute("value"));
        var offered = desk.QuerySelectorAll("#p-course option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Contains("agile-pmo", offered);
        Assert.DoesNotContain("axelos-p3o-foundation", offered);

        var fields = new Dictionary<string, string>
        {
            ["Publish.CourseCode"] = "agile-pmo", ["Publish.StartsOn"] = Iso(Today.AddDays(50)), ["Publish.EndsOn"] = "",
            ["Publish.DailyStart"] = "09:30", ["Publish.DailyEnd"] = "16:30", ["Publish.TimeZone"] = "Europe/London",
            ["Publish.Delivery"] = "virtual", ["Publish.Venue"] = "Online", ["Publish.Seats"] = "0", ["Publish.Price"] = "450",
            ["Publish.Currency"] = "GBP", ["Publish.ExamOn"] = "", ["Publish.BookingDeadline"] = "", ["Publish.Notes"] = "Form-made", ["Publish.InHouseRequestId"] = "",
        };
        var bad = await PeopleWorld.PostFormAsync(provider, "/provider", "publish", fields);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("Seats", Text((await Parse(bad)).QuerySelector("[role=alert] .field")));

        fields["Publish.Seats"] = "6";
        var good = await PeopleWorld.PostFormAsync(provider, "/provider", "publish", fields);
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var location = PathOf(good);
        Assert.StartsWith("/provider/sessions/", location, StringComparison.Ordinal);
        var (_, session) = await GetAsync(world.Browser(), location.Replace("/provider", "", StringComparison.Ordinal));
        Assert.Equal("6", Text(session.GetElementById("seats-left")));
        Assert.Contains("09:30–16:30", Text(session.QuerySelector(".facts")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_org_admin_asks_for_an_in_house_run_bad_input_is_named_and_the_provider_answers_it()
    {
        using var hr = await world.SignInAsync("hr");
        var notes = "Team day " + Unique();
        var fields = new Dictionary<string, string>
        {
            ["Ask.ProviderCode"] = "harbour-lane-training", ["Ask.CourseCode"] = "pmo-coaching", ["Ask.People"] = "0",
            ["Ask.PreferredFrom"] = Iso(Today.AddDays(60)), ["Ask.PreferredTo"] = Iso(Today.AddDays(90)), ["Ask.Delivery"] = "classroom",
            ["Ask.Notes"] = notes,
        };
        var bad = await PeopleWorld.PostFormAsync(hr, "/inhouse", "request", fields);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("Number of people", Text((await Parse(bad)).QuerySelector("[role=alert] .field")));

        fields["Ask.People"] = "9";
        Assert.Equal(HttpStatusCode.Redirect, (await PeopleWorld.PostFormAsync(hr, "/inhouse", "request", fields)).StatusCode);
        var (_, mine) = await GetAsync(hr, "/inhouse");
        var requestId = mine.QuerySelectorAll("tr[data-request]").Single(r => Text(r).Contains(notes, StringComparison.Ordinal) && r.GetAttribute("data-status") == "open").GetAttribute("data-request")!;

        // The provider answers from its desk: the form starts from the request.
        using var provider = await world.SignInAsync("provider");
        var (_, desk) = await GetAsync(provider, "/provider");
        Assert.NotNull(desk.QuerySelector($"tr[data-request='{requestId}'] a[href='/provider?request={requestId}#publish']"));
        var (_, answer) = await GetAsync(provider, $"/provider?request={requestId}");
        Assert.Equal(requestId, answer.QuerySelector("input[name='Publish.InHouseRequestId']")?.GetAttribute("value"));
        Assert.Equal("pmo-coaching", answer.QuerySelector("#p-course option[selected]")?.GetAttribute("value"));
        Assert.Equal("9", answer.QuerySelector("#p-seats")?.GetAttribute("value"));
        var published = await PeopleWorld.PostFormAsync(provider, $"/provider?request={requestId}", "publish", new()
        {
            ["Publish.CourseCode"] = "pmo-coaching", ["Publish.StartsOn"] = Iso(Today.AddDays(70)), ["Publish.Delivery"] = "classroom",
            ["Publish.Venue"] = "Acme HQ", ["Publish.Seats"] = "9", ["Publish.Price"] = "300", ["Publish.Currency"] = "GBP",
            ["Publish.TimeZone"] = "Europe/London", ["Publish.InHouseRequestId"] = requestId,
        });
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var sessionId = PathOf(published)["/provider/sessions/".Length..];

        // HR sees the answer; the in-house session is theirs alone.
        var (_, answered) = await GetAsync(hr, "/inhouse");
        Assert.NotNull(answered.QuerySelector($"tr[data-request='{requestId}'][data-status=answered] a[href='/sessions/{sessionId}']"));
        using var outsider = await world.SignInAsync("quinn");
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(outsider, $"/sessions/{sessionId}"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(hr, $"/sessions/{sessionId}"));
    }

    [Fact]
    public async Task The_provider_declines_a_request_with_a_reason_and_the_organisation_sees_it()
    {
        using var api = world.Api("hr");
        var asked = await api.PostAsJsonAsync("/api/inhouse-requests", new { providerCode = "harbour-lane-training", courseCode = "agile-pmo", people = 4 });
        Assert.True(asked.IsSuccessStatusCode, await asked.Content.ReadAsStringAsync());
        var requestId = (await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var provider = await world.SignInAsync("provider");

        var empty = await PeopleWorld.PostFormAsync(provider, "/provider", "decline", new() { ["Decline.RequestId"] = requestId, ["Decline.Reason"] = " " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("Reason", Text((await Parse(empty)).QuerySelector("[role=alert] .field")));

        var declined = await PeopleWorld.PostFormAsync(provider, "/provider", "decline", new() { ["Decline.RequestId"] = requestId, ["Decline.Reason"] = "No trainer free that month." });
        Assert.Equal(HttpStatusCode.Redirect, declined.StatusCode);
        using var hr = await world.SignInAsync("hr");
        var (_, mine) = await GetAsync(hr, "/inhouse");
        Assert.Contains("Declined: No trainer free that month.", Text(mine.QuerySelector($"tr[data-request='{requestId}']")), StringComparison.Ordinal);
        using var other = await world.SignInAsync("provider2");
        var (_, otherDesk) = await GetAsync(other, "/provider");
        Assert.Null(otherDesk.QuerySelector($"tr[data-request='{requestId}']"));
    }

    // ---------- helpers ----------

    private sealed record SignedIn(Member Member, HttpClient Client) : IDisposable
    {
        public void Dispose() => Client.Dispose();
    }

    private async Task<SignedIn> NewPractitionerAsync(string? name = null)
    {
        var member = await world.AddAsync("s-" + Unique(), "Acme", PmoRole.Practitioner, name: name);
        return new SignedIn(member, await world.SignInAsync(member.Key));
    }

    private async Task<Guid> PublishAsync(string course, DateOnly starts, DateOnly? ends = null, int seats = 2, string delivery = "virtual", string venue = "Online")
    {
        using var api = world.Api("provider");
        var response = await api.PostAsJsonAsync("/api/sessions", new
        {
            courseCode = course, startsOn = starts, endsOn = ends ?? starts, delivery, venue, seats, price = 450, currency = "GBP",
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static Task<HttpResponseMessage> BookAsync(HttpClient client, Guid sessionId) =>
        PeopleWorld.PostFormAsync(client, $"/sessions/{sessionId}", "book", []);

    private static async Task<(HttpStatusCode Status, IHtmlDocument Page)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return (response.StatusCode, await Parse(response));
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return response.StatusCode;
    }

    private static async Task<IHtmlDocument> Parse(HttpResponseMessage response) =>
        await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    /// <summary>Where a redirect points, as a local path and query.</summary>
    private static string PathOf(HttpResponseMessage response) =>
        response.Headers.Location is { IsAbsoluteUri: true } absolute ? absolute.PathAndQuery : response.Headers.Location?.OriginalString ?? "";

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string SessionDays(DateOnly d) => d.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];
}

public sealed class SessionPagesOnSqliteTests(SqlitePeopleWorld world) : SessionPagesTests(world), IClassFixture<SqlitePeopleWorld>;

public sealed class SessionPagesOnPostgresTests(PostgresPeopleWorld world) : SessionPagesTests(world), IClassFixture<PostgresPeopleWorld>;
