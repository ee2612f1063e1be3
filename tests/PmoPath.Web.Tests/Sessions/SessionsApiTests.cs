using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PmoPath.Testing;
using PmoPath.Testing.People;
using PmoPath.Testing.Sessions;

namespace PmoPath.Web.Tests.Sessions;

/// <summary>Publishing sessions, booking, waitlists, cancellations, attendance and in-house runs through the API, on each database.</summary>
public abstract class SessionsApiTests(PeopleWorld world)
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task<JsonElement> BookAsync(string key, Guid session, Guid? person = null, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var client = world.Api(key);
        var response = await client.PostAsJsonAsync($"/api/sessions/{session}/bookings", person is null ? new { } : (object)new { personId = person });
        var body = await JsonAsync(response);
        Assert.True(expected == response.StatusCode, $"{key} booking answered {(int)response.StatusCode}: {body}");
        return body;
    }

    /// <summary>Parses iCalendar text with Ical.Net, an implementation independent of PmoPath's writer.</summary>
    private static Ical.Net.Calendar ParseCalendar(string text) =>
        Ical.Net.Calendar.Load(text) ?? throw new InvalidOperationException("Ical.Net found no calendar.");

    private async Task<JsonElement> SessionAsync(Guid id)
    {
        using var client = world.Api("pat");
        return await client.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}");
    }

    [Fact]
    public async Task A_provider_publishes_a_session_that_everyone_can_find()
    {
        var body = SessionKit.Body(seats: 12, daysAhead: 40, course: "pmo-coaching");
        var id = await SessionKit.PublishAsync(world, "provider", body);

        var session = await world.App.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}");
        Assert.Equal("harbour-lane-training", session.GetProperty("providerCode").GetString());
        Assert.Equal("Coaching for PMO Practitioners", session.GetProperty("courseTitle").GetString());
        Assert.Equal(12, session.GetProperty("seats").GetInt32());
        Assert.Equal(0, session.GetProperty("confirmed").GetInt32());
        Assert.Equal(12, session.GetProperty("seatsLeft").GetInt32());
        Assert.True(session.GetProperty("bookingOpen").GetBoolean());
        Assert.Equal(body["startsOn"], session.GetProperty("bookingDeadline").GetString() is { } d ? DateOnly.Parse(d).AddDays(1).ToString("yyyy-MM-dd") : null);

        var list = await world.App.Client.GetFromJsonAsync<JsonElement>("/api/sessions?course=pmo-coaching");
        Assert.Contains(list.EnumerateArray(), s => s.GetProperty("id").GetGuid() == id);
        var elsewhere = await world.App.Client.GetFromJsonAsync<JsonElement>("/api/sessions?course=agile-pmo&provider=meridian-pmo-academy");
        Assert.DoesNotContain(elsewhere.EnumerateArray(), s => s.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task The_schedule_lists_the_sessions_that_overlap_the_dates_from_and_to()
    {
        // Far enough ahead that only this test's sessions fall in the window, whatever else the class publishes.
        var day = SessionKit.Today.AddDays(400);
        var before = await SessionKit.InsertAsync(world.App, "meridian-pmo-academy", "setting-up-a-pmo", day, 10);
        var spanning = await SessionKit.InsertAsync(world.App, "meridian-pmo-academy", "setting-up-a-pmo", day.AddDays(10), 10, endsOn: day.AddDays(12));
        var after = await SessionKit.InsertAsync(world.App, "meridian-pmo-academy", "setting-up-a-pmo", day.AddDays(30), 10);
        HashSet<Guid> ours = [before, spanning, after];

        async Task<List<Guid>> Between(DateOnly? from, DateOnly? to)
        {
            var query = string.Join('&', new[] { from is { } f ? $"from={f:yyyy-MM-dd}" : null, to is { } t ? $"to={t:yyyy-MM-dd}" : null }.OfType<string>());
            var sessions = (await world.App.Client.GetFromJsonAsync<JsonElement>($"/api/sessions?course=setting-up-a-pmo&{query}")).EnumerateArray().ToList();
            // Every session listed overlaps the window: it ends on or after from, and starts on or before to.
            foreach (var s in sessions)
            {
                if (from is { } first)
                    Assert.True(DateOnly.Parse(s.GetProperty("endsOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= first);
                if (to is { } last)
                    Assert.True(DateOnly.Parse(s.GetProperty("startsOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture) <= last);
            }
            return [.. sessions.Select(s => s.GetProperty("id").GetGuid()).Where(ours.Contains)];
        }

        Assert.Equal([before, spanning, after], await Between(day, day.AddDays(30)));
        Assert.Equal([spanning], await Between(day.AddDays(5), day.AddDays(20)));
        // A session still running on the first day counts; one starting on the last day counts.
        Assert.Equal([spanning], await Between(day.AddDays(12), day.AddDays(12)));
        Assert.Equal([spanning, after], await Between(day.AddDays(11), day.AddDays(30)));
        Assert.Equal([before], await Between(null, day.AddDays(9)));
        Assert.Equal([after], await Between(day.AddDays(13), null));
        Assert.Empty(await Between(day.AddDays(31), day.AddDays(60)));

        var bad = await world.App.Client.GetAsync("/api/sessions?from=2026-13-01");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("from", (await JsonAsync(bad)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certification_session_takes_its_exam_day_from_the_catalogue()
    {
        var body = SessionKit.Body(course: "aipmo-ipmo-foundation", daysAhead: 50);
        body["endsOn"] = SessionKit.Today.AddDays(52).ToString("yyyy-MM-dd");
        var id = await SessionKit.PublishAsync(world, "provider", body);
        var session = await SessionAsync(id);
        // IPMO-Foundation's exam is on day 3 of 3.
        Assert.Equal(SessionKit.Today.AddDays(52).ToString("yyyy-MM-dd"), session.GetProperty("examOn").GetString());
    }

    public static TheoryData<string, object?, string> BadFields() => new()
    {
        { "startsOn", SessionKit.Today.AddDays(-3).ToString("yyyy-MM-dd"), "not in the future" },
        { "endsOn", SessionKit.Today.AddDays(10).ToString("yyyy-MM-dd"), "cannot end before it starts" },
        { "seats", 0, "1 to 1000 seats" },
        { "seats", -5, "1 to 1000 seats" },
        { "courseCode", "no-such-course", "not a course in the catalogue" },
        { "timeZone", "Mars/Olympus", "not a time zone" },
        { "currency", "pounds", "ISO 4217" },
        { "price", -1, "0 to" },
        { "delivery", "carrier-pigeon", "" },
        { "dailyEnd", "08:00:00", "cannot end before it starts" },
        { "bookingDeadline", SessionKit.Today.AddDays(40).ToString("yyyy-MM-dd"), "close before the session starts" },
        { "examOn", SessionKit.Today.AddDays(31).ToString("yyyy-MM-dd"), "has no exam" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_bad_field_is_refused_by_name_and_nothing_is_saved(string field, object? value, string message)
    {
        var body = SessionKit.Body(daysAhead: 30);
        body[field] = value;
        await using var db = await SessionKit.SystemAsync(world.App);
        var before = await db.Sessions.CountAsync();

        using var client = world.Api("provider");
        var response = await client.PostAsJsonAsync("/api/sessions", body);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        if (field == "delivery")
            Assert.Contains("delivery", text, StringComparison.OrdinalIgnoreCase);
        else
        {
            var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
            Assert.True(errors.TryGetProperty(field, out var messages), text);
            Assert.Contains(message, messages[0].GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(before, await db.Sessions.CountAsync());
    }

    [Fact]
    public async Task A_provider_not_accredited_for_a_certification_is_refused()
    {
        using var client = world.Api("provider");
        var response = await client.PostAsJsonAsync("/api/sessions", SessionKit.Body(course: "axelos-p3o-foundation"));
        var body = await JsonAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not accredited", body.GetProperty("errors").GetProperty("courseCode")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_course_is_only_run_the_ways_the_catalogue_offers()
    {
        using var client = world.Api("provider");
        var response = await client.PostAsJsonAsync("/api/sessions", SessionKit.Body(course: "aipmo-ipmo-expert", delivery: "classroom"));
        var body = await JsonAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("residential", body.GetProperty("errors").GetProperty("delivery")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pat")]
    [InlineData("hr")]
    [InlineData("manager")]
    public async Task Only_a_provider_admin_publishes(string key)
    {
        using var client = world.Api(key);
        var response = await client.PostAsJsonAsync("/api/sessions", SessionKit.Body());
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var anonymous = await world.App.Client.PostAsJsonAsync("/api/sessions", SessionKit.Body());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Seats_fill_then_the_waitlist_and_a_cancellation_promotes_the_first_waiting()
    {
        var id = await SessionKit.PublishAsync(world, "provider", SessionKit.Body(seats: 2, daysAhead: 35));

        var pat = await BookAsync("pat", id);
        Assert.Equal("confirmed", pat.GetProperty("status").GetString());
        Assert.Equal(1, (await SessionAsync(id)).GetProperty("seatsLeft").GetInt32());
        var sam = await BookAsync("sam", id);
        Assert.Equal("confirmed", sam.GetProperty("status").GetString());
        var colleague = await BookAsync("colleague", id);
        Assert.Equal("waitlisted", colleague.GetProperty("status").GetString());
        Assert.Equal(1, colleague.GetProperty("waitlistPosition").GetInt32());
        var quinn = await BookAsync("quinn", id);
        Assert.Equal(2, quinn.GetProperty("waitlistPosition").GetInt32());

        var session = await SessionAsync(id);
        Assert.Equal(0, session.GetProperty("seatsLeft").GetInt32());
        Assert.Equal(2, session.GetProperty("waitlisted").GetInt32());

        using (var client = world.Api("pat"))
        {
            var cancelled = await client.DeleteAsync($"/api/bookings/{pat.GetProperty("id").GetGuid()}");
            Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
            Assert.Equal("cancelled", (await JsonAsync(cancelled)).GetProperty("status").GetString());
            var again = await client.DeleteAsync($"/api/bookings/{pat.GetProperty("id").GetGuid()}");
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        using (var client = world.Api("colleague"))
        {
            var promoted = await client.GetFromJsonAsync<JsonElement>($"/api/bookings/{colleague.GetProperty("id").GetGuid()}");
            Assert.Equal("confirmed", promoted.GetProperty("status").GetString());
        }
        using (var client = world.Api("quinn"))
        {
            var still = await client.GetFromJsonAsync<JsonElement>($"/api/bookings/{quinn.GetProperty("id").GetGuid()}");
            Assert.Equal("waitlisted", still.GetProperty("status").GetString());
            Assert.Equal(1, still.GetProperty("waitlistPosition").GetInt32());
        }
        var counts = await SessionKit.CountAsync(world.App, id);
        Assert.Equal((2, 2, 1, 1, 3), counts);
    }

    [Fact]
    public async Task A_person_cannot_hold_two_places_on_one_session()
    {
        var id = await SessionKit.PublishAsync(world, "provider", SessionKit.Body(seats: 5, daysAhead: 36));
        await BookAsync("sam", id);
        var second = await BookAsync("sam", id, expected: HttpStatusCode.Conflict);
        Assert.Contains("already", second.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // Their manager booking them again is the same second place.
        await BookAsync("manager", id, world["sam"].PersonId, HttpStatusCode.Conflict);
        Assert.Equal(1, (await SessionKit.CountAsync(world.App, id)).Confirmed);
    }

    [Fact]
    public async Task Prerequisites_are_checked_against_the_record_with_the_reason()
    {
        var body = SessionKit.Body(course: "aipmo-ipmo-expert", delivery: "residential", daysAhead: 60);
        body["endsOn"] = SessionKit.Today.AddDays(64).ToString("yyyy-MM-dd");
        body["dailyStart"] = null;
        body["dailyEnd"] = null;
        body["venue"] = "Leigh Court";
        var id = await SessionKit.PublishAsync(world, "provider", body);
        var people = await SessionKit.AddPeopleAsync(world.App, "Acme", 1, level: 2, prefix: "Level two");

        var refused = await BookAsync("hr", id, people[0], HttpStatusCode.BadRequest);
        var reason = refused.GetProperty("errors").GetProperty("prerequisites")[0].GetString();
        Assert.Contains("level 4", reason, StringComparison.Ordinal);
        Assert.Contains("level 2", reason, StringComparison.Ordinal);
        Assert.Equal(0, (await SessionKit.CountAsync(world.App, id)).Confirmed + (await SessionKit.CountAsync(world.App, id)).Waitlisted);

        var expert = await SessionKit.AddPeopleAsync(world.App, "Acme", 1, level: 4, prefix: "Level four");
        Assert.Equal("confirmed", (await BookAsync("hr", id, expert[0])).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Booking_moves_the_plan_item_to_booked_and_cancelling_moves_it_back()
    {
        var id = await SessionKit.PublishAsync(world, "provider", SessionKit.Body(seats: 3, daysAhead: 37, course: "pmo-coaching"));
        var person = world["colleague"].PersonId!.Value;
        using var client = world.Api("colleague");
        var added = await client.PostAsJsonAsync($"/api/people/{person}/plan", new { courseCode = "pmo-coaching" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        var booking = await BookAsync("colleague", id);
        Assert.Equal("booked", await PlanStatusAsync(client, person, "pmo-coaching"));
        await client.DeleteAsync($"/api/bookings/{booking.GetProperty("id").GetGuid()}");
        Assert.Equal("planned", await PlanStatusAsync(client, person, "pmo-coaching"));
    }

    private static async Task<string?> PlanStatusAsync(HttpClient client, Guid person, string code)
    {
        var plan = await client.GetFromJsonAsync<JsonElement>($"/api/people/{person}/plan");
        return plan.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("code").GetString() == code).GetProperty("status").GetString();
    }

    [Fact]
    public async Task Who_may_book_for_whom()
    {
        var id = await SessionKit.PublishAsync(world, "provider", SessionKit.Body(seats: 20, daysAhead: 38));
        // A manager books a member of their team; HR anyone in the organisation.
        await BookAsync("manager", id, world["pat"].PersonId);
        await BookAsync("hr", id, world["colleague"].PersonId);
        // Nobody reaches a person they cannot see: another team, another organisation, a colleague.
        await BookAsync("manager", id, world["colleague"].PersonId, HttpStatusCode.NotFound);
        await BookAsync("hr-b", id, world["sam"].PersonId, HttpStatusCode.NotFound);
        await BookAsync("pat", id, world["sam"].PersonId, HttpStatusCode.NotFound);
        // A provider-admin has no person to book.
        await BookAsync("provider", id, expected: HttpStatusCode.BadRequest);
        Assert.Equal(2, (await SessionKit.CountAsync(world.App, id)).Confirmed);
    }

    [Fact]
    public async Task Nobody_cancels_or_reads_a_booking_they_cannot_see()
    {
        var id = await SessionKit.PublishAsync(world, "provider", SessionKit.Body(seats: 4, daysAhead: 39));
        var booking = (await BookAsync("sam", id)).GetProperty("id").GetGuid();
        foreach (var key in new[] { "pat", "colleague", "manager2", "hr-b", "quinn", "provider", "provider2" })
        {
            using var client = world.Api(key);
            Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/bookings/{booking}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/bookings/{booking}")).StatusCode);
        }
        Assert.Equal(1, (await SessionKit.CountAsync(world.App, id)).Confirmed);
        using var manager = world.Api("manager");
        Assert.Equal(HttpStatusCode.OK, (await manager.DeleteAsync($"/api/bookings/{booking}")).StatusCode);
    }

    [Fact]
    public async Task Bookings_close_after_the_deadline()
    {
        var id = await SessionKit.InsertAsync(world.App, "harbour-lane-training", "agile-pmo", SessionKit.Today.AddDays(5), 10, deadline: SessionKit.Today.AddDays(-2));
        var refused = await BookAsync("pat", id, expected: HttpStatusCode.BadRequest);
        Assert.Contains("closed", refused.GetProperty("errors").GetProperty("sessionId")[0].GetString(), StringComparison.Ordinal);
        Assert.False((await SessionAsync(id)).GetProperty("bookingOpen").GetBoolean());
    }

    [Fact]
    public async Task Attendance_by_the_provider_completes_the_plan_and_adds_the_certificate()
    {
        var starts = SessionKit.Today.AddDays(-4);
        var id = await SessionKit.InsertAsync(world.App, "harbour-lane-training", "aipmo-ipmo-foundation", starts, 8, deadline: SessionKit.Today.AddDays(3), endsOn: starts.AddDays(2));
        await using (var db = await SessionKit.SystemAsync(world.App))
            await db.Sessions.Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.ExamOn, starts.AddDays(2)));
        var person = (await SessionKit.AddPeopleAsync(world.App, "Acme", 1, level: 1, prefix: "Attendee"))[0];
        var booking = (await BookAsync("hr", id, person)).GetProperty("id").GetGuid();

        using (var other = world.Api("provider2"))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await other.PutAsJsonAsync($"/api/bookings/{booking}/attendance", new { attended = true })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/sessions/{id}/bookings")).StatusCode);
        }
        using var provider = world.Api("provider");
        var attendees = await provider.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}/bookings");
        Assert.Equal("Attendee 1", attendees[0].GetProperty("personName").GetString());

        var bad = await provider.PutAsJsonAsync($"/api/bookings/{booking}/attendance", new { attended = false, examPassed = true });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await JsonAsync(bad)).GetProperty("errors").TryGetProperty("examPassed", out _));

        var marked = await provider.PutAsJsonAsync($"/api/bookings/{booking}/attendance", new { attended = true, examPassed = true });
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);

        using var hr = world.Api("hr");
        var record = await hr.GetFromJsonAsync<JsonElement>($"/api/people/{person}");
        Assert.Contains(record.GetProperty("certificates").EnumerateArray(), c => c.GetProperty("code").GetString() == "aipmo-ipmo-foundation"
            && c.GetProperty("achievedOn").GetString() == starts.AddDays(2).ToString("yyyy-MM-dd"));
        var plan = await hr.GetFromJsonAsync<JsonElement>($"/api/people/{person}/plan");
        Assert.Equal("done", plan.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "aipmo-ipmo-foundation").GetProperty("status").GetString());
        // Marked once, recorded once.
        await provider.PutAsJsonAsync($"/api/bookings/{booking}/attendance", new { attended = true, examPassed = true });
        record = await hr.GetFromJsonAsync<JsonElement>($"/api/people/{person}");
        Assert.Single(record.GetProperty("certificates").EnumerateArray());
        Assert.Equal(HttpStatusCode.Conflict, (await hr.DeleteAsync($"/api/bookings/{booking}")).StatusCode);
    }

    [Fact]
    public async Task Attendance_is_not_marked_before_the_session_starts()
    {
        var id = await SessionKit.PublishAsync(world, "provider", SessionKit.Body(daysAhead: 41));
        var booking = (await BookAsync("pat", id)).GetProperty("id").GetGuid();
        using var provider = world.Api("provider");
        var response = await provider.PutAsJsonAsync($"/api/bookings/{booking}/attendance", new { attended = true });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty("attended", out _));
    }

    [Fact]
    public async Task An_in_house_run_is_requested_answered_and_seen_only_by_its_organisation()
    {
        using var hr = world.Api("hr");
        var bad = await hr.PostAsJsonAsync("/api/inhouse-requests", new { providerCode = "harbour-lane-training", courseCode = "agile-pmo", people = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await JsonAsync(bad)).GetProperty("errors").TryGetProperty("people", out _));
        using (var pat = world.Api("pat"))
            Assert.Equal(HttpStatusCode.Forbidden, (await pat.PostAsJsonAsync("/api/inhouse-requests", new { providerCode = "harbour-lane-training", courseCode = "agile-pmo", people = 8 })).StatusCode);

        var made = await hr.PostAsJsonAsync("/api/inhouse-requests", new { providerCode = "harbour-lane-training", courseCode = "agile-pmo", people = 8, notes = "For the Alpha team" });
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        var requestId = (await JsonAsync(made)).GetProperty("id").GetGuid();

        using var provider = world.Api("provider");
        var requests = await provider.GetFromJsonAsync<JsonElement>("/api/inhouse-requests");
        Assert.Contains(requests.EnumerateArray(), r => r.GetProperty("id").GetGuid() == requestId && r.GetProperty("organisation").GetString() == "Acme");
        using (var other = world.Api("provider2"))
            Assert.DoesNotContain((await other.GetFromJsonAsync<JsonElement>("/api/inhouse-requests")).EnumerateArray(), r => r.GetProperty("id").GetGuid() == requestId);
        using (var hrB = world.Api("hr-b"))
            Assert.DoesNotContain((await hrB.GetFromJsonAsync<JsonElement>("/api/inhouse-requests")).EnumerateArray(), r => r.GetProperty("id").GetGuid() == requestId);

        var body = SessionKit.Body(seats: 8, daysAhead: 45);
        body["inHouseRequestId"] = requestId;
        var sessionId = await SessionKit.PublishAsync(world, "provider", body);
        var answered = (await hr.GetFromJsonAsync<JsonElement>("/api/inhouse-requests")).EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == requestId);
        Assert.Equal("answered", answered.GetProperty("status").GetString());
        Assert.Equal(sessionId, answered.GetProperty("sessionId").GetGuid());
        // Answering twice is refused.
        using (var again = world.Api("provider"))
            Assert.Equal(HttpStatusCode.BadRequest, (await again.PostAsJsonAsync("/api/sessions", body)).StatusCode);

        var session = await SessionAsync(sessionId);
        Assert.True(session.GetProperty("inHouse").GetBoolean());
        Assert.Equal("confirmed", (await BookAsync("pat", sessionId)).GetProperty("status").GetString());
        // Outside Acme the session does not exist.
        Assert.Equal(HttpStatusCode.NotFound, (await world.App.Client.GetAsync($"/api/sessions/{sessionId}")).StatusCode);
        Assert.DoesNotContain((await world.App.Client.GetFromJsonAsync<JsonElement>("/api/sessions?course=agile-pmo")).EnumerateArray(), s => s.GetProperty("id").GetGuid() == sessionId);
        await BookAsync("quinn", sessionId, expected: HttpStatusCode.NotFound);
        using (var other = world.Api("provider2"))
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/sessions/{sessionId}")).StatusCode);
    }

    [Fact]
    public async Task A_provider_declines_a_request_with_a_reason()
    {
        using var hr = world.Api("hr");
        var made = await hr.PostAsJsonAsync("/api/inhouse-requests", new { providerCode = "meridian-pmo-academy", courseCode = "benefits-management", people = 12 });
        var requestId = (await JsonAsync(made)).GetProperty("id").GetGuid();
        using (var wrong = world.Api("provider"))
            Assert.Equal(HttpStatusCode.NotFound, (await wrong.PostAsJsonAsync($"/api/inhouse-requests/{requestId}/decline", new { reason = "no" })).StatusCode);
        using var provider = world.Api("provider2");
        Assert.Equal(HttpStatusCode.BadRequest, (await provider.PostAsJsonAsync($"/api/inhouse-requests/{requestId}/decline", new { reason = "" })).StatusCode);
        var declined = await provider.PostAsJsonAsync($"/api/inhouse-requests/{requestId}/decline", new { reason = "Fully booked until spring." });
        Assert.Equal("declined", (await JsonAsync(declined)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await provider.PostAsJsonAsync($"/api/inhouse-requests/{requestId}/decline", new { reason = "again" })).StatusCode);
    }

    [Fact]
    public async Task Calendars_carry_the_sessions_and_the_booking_mail_an_invitation()
    {
        var id = await SessionKit.PublishAsync(world, "provider2", new Dictionary<string, object?>(SessionKit.Body(seats: 6, daysAhead: 42, course: "benefits-management"))
        {
            ["venue"] = "Meridian House, Birmingham",
            ["delivery"] = "classroom",
        });
        var feed = await world.App.Client.GetAsync("/api/courses/benefits-management/sessions.ics");
        Assert.Equal("text/calendar", feed.Content.Headers.ContentType?.MediaType);
        var text = await feed.Content.ReadAsStringAsync();
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", text, StringComparison.Ordinal);
        Assert.Contains($"UID:session-{id}@pmopath", text, StringComparison.Ordinal);
        Assert.Contains($"DTSTART;TZID=Europe/London:{SessionKit.Today.AddDays(42):yyyyMMdd}T093000", text, StringComparison.Ordinal);
        Assert.Contains("BEGIN:VTIMEZONE", text, StringComparison.Ordinal);
        // Read by an independent parser (Ical.Net), the feed holds the session with its dates in its own zone.
        var feedEvent = Assert.Single(ParseCalendar(text).Events, e => e.Uid == $"session-{id}@pmopath");
        Assert.Equal("Europe/London", feedEvent.DtStart!.TzId);
        Assert.Equal(SessionKit.Today.AddDays(42), feedEvent.DtStart.Date);
        Assert.Equal(new TimeOnly(9, 30), feedEvent.DtStart.Time);
        Assert.Equal(new TimeOnly(16, 30), feedEvent.DtEnd!.Time);
        Assert.Equal("Meridian House, Birmingham", feedEvent.Location);
        var single = ParseCalendar(await world.App.Client.GetStringAsync($"/api/sessions/{id}/calendar.ics"));
        Assert.Equal(feedEvent.DtStart.Date, Assert.Single(single.Events, e => e.Uid == $"session-{id}@pmopath").DtStart!.Date);

        var booking = (await BookAsync("sam", id)).GetProperty("id").GetGuid();
        var mail = world.Mail().Single(m => m.Contains($"UID:booking-{booking}@pmopath", StringComparison.Ordinal) && m.Contains("Subject: Booked:", StringComparison.Ordinal));
        Assert.Contains($"To: {world["sam"].Email}", mail, StringComparison.Ordinal);
        Assert.Contains("Content-Type: text/calendar; method=REQUEST", mail, StringComparison.Ordinal);
        Assert.Contains($"UID:booking-{booking}@pmopath", mail, StringComparison.Ordinal);
        Assert.Contains("METHOD:REQUEST", mail, StringComparison.Ordinal);
        // The file is valid MIME as a mail client reads it: the recipient, the subject and the invitation as its own part.
        using var parsed = MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(mail)));
        Assert.Equal(world["sam"].Email, Assert.Single(parsed.To.Mailboxes).Address);
        Assert.StartsWith("Booked: ", parsed.Subject, StringComparison.Ordinal);
        var invitation = Assert.Single(parsed.BodyParts.OfType<MimeKit.TextPart>(), p => p.ContentType.IsMimeType("text", "calendar"));
        Assert.Equal("REQUEST", invitation.ContentType.Parameters["method"]);
        Assert.Contains($"UID:booking-{booking}@pmopath", invitation.Text, StringComparison.Ordinal);
        var invited = ParseCalendar(invitation.Text);
        Assert.Equal("REQUEST", invited.Method);
        var invitedEvent = Assert.Single(invited.Events);
        Assert.Equal($"booking-{booking}@pmopath", invitedEvent.Uid);
        Assert.Equal(SessionKit.Today.AddDays(42), invitedEvent.DtStart!.Date);
        Assert.Equal($"mailto:{world["sam"].Email}", Assert.Single(invitedEvent.Attendees).Value?.ToString(), StringComparer.OrdinalIgnoreCase);

        using var sam = world.Api("sam");
        var mine = await sam.GetStringAsync($"/api/people/{world["sam"].PersonId}/bookings.ics");
        Assert.Contains($"UID:booking-{booking}@pmopath", mine, StringComparison.Ordinal);
        Assert.Contains(ParseCalendar(mine).Events, e => e.Uid == $"booking-{booking}@pmopath" && e.DtStart!.Date == SessionKit.Today.AddDays(42));
        using var pat = world.Api("pat");
        Assert.Equal(HttpStatusCode.NotFound, (await pat.GetAsync($"/api/people/{world["sam"].PersonId}/bookings.ics")).StatusCode);

        await sam.DeleteAsync($"/api/bookings/{booking}");
        var cancelMail = world.Mail().Single(m => m.Contains($"UID:booking-{booking}@pmopath", StringComparison.Ordinal) && m.Contains("Subject: Cancelled:", StringComparison.Ordinal));
        Assert.Contains("METHOD:CANCEL", cancelMail, StringComparison.Ordinal);
        using var cancelParsed = MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(cancelMail)));
        var cancelled = ParseCalendar(cancelParsed.BodyParts.OfType<MimeKit.TextPart>().Single(p => p.ContentType.IsMimeType("text", "calendar")).Text);
        Assert.Equal("CANCEL", cancelled.Method);
        var cancelledEvent = Assert.Single(cancelled.Events);
        Assert.Equal($"booking-{booking}@pmopath", cancelledEvent.Uid);
        Assert.Equal("CANCELLED", cancelledEvent.Status);
        Assert.Equal(1, cancelledEvent.Sequence);
        var after = await sam.GetStringAsync($"/api/people/{world["sam"].PersonId}/bookings.ics");
        Assert.DoesNotContain($"UID:booking-{booking}@pmopath", after, StringComparison.Ordinal);
        Assert.DoesNotContain(ParseCalendar(after).Events, e => e.Uid == $"booking-{booking}@pmopath");
    }
}

public sealed class SessionsApiOnSqliteTests(SqlitePeopleWorld world) : SessionsApiTests(world), IClassFixture<SqlitePeopleWorld>;

public sealed class SessionsApiOnPostgresTests(PostgresPeopleWorld world) : SessionsApiTests(world), IClassFixture<PostgresPeopleWorld>;
