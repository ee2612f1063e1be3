using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PmoPath.Testing;
using PmoPath.Testing.People;
using PmoPath.Testing.Sessions;
using PmoPath.Web.Tests.Insight;

namespace PmoPath.Web.Tests.Sessions;

/// <summary>
/// A provider marks a whole session's attendance at once, through the API and through the attendee page's one form,
/// all or nothing; the attendee list downloads as CSV and xlsx. On each database.
/// </summary>
public abstract class SessionAttendanceTests(PeopleWorld world)
{
    /// <summary>An IPMO-Foundation session that started four days ago (exam on its last day) with <paramref name="count"/> Acme people booked by HR.</summary>
    private async Task<(Guid Session, List<Guid> Bookings, List<Guid> People, DateOnly ExamOn)> StartedSessionAsync(int count, string prefix)
    {
        var starts = SessionKit.Today.AddDays(-4);
        var id = await SessionKit.InsertAsync(world.App, "harbour-lane-training", "aipmo-ipmo-foundation", starts, 8, deadline: SessionKit.Today.AddDays(3), endsOn: starts.AddDays(2));
        await using (var db = await SessionKit.SystemAsync(world.App))
            await db.Sessions.Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.ExamOn, starts.AddDays(2)));
        var people = await SessionKit.AddPeopleAsync(world.App, "Acme", count, level: 1, prefix: prefix);
        using var hr = world.Api("hr");
        var bookings = new List<Guid>();
        foreach (var person in people)
        {
            var response = await hr.PostAsJsonAsync($"/api/sessions/{id}/bookings", new { personId = person });
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            bookings.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }
        return (id, bookings, people, starts.AddDays(2));
    }

    private async Task<(int Marked, int Certificates, int Completed)> RecordsAsync(Guid session, IReadOnlyList<Guid> people)
    {
        await using var db = await SessionKit.SystemAsync(world.App);
        return (await db.Bookings.CountAsync(b => b.SessionId == session && b.AttendanceMarkedAtUtc != null),
            await db.Certificates.CountAsync(c => people.Contains(c.PersonId) && c.CourseCode == "aipmo-ipmo-foundation"),
            await db.CompletedCourses.CountAsync(c => people.Contains(c.PersonId) && c.CourseCode == "aipmo-ipmo-foundation"));
    }

    [Fact]
    public async Task The_api_marks_a_whole_session_at_once_or_names_the_row_and_saves_nothing()
    {
        var (session, bookings, people, examOn) = await StartedSessionAsync(3, "Batch");
        using var provider = world.Api("provider");

        // The third row says a non-attendee passed the exam: the answer names that row, and the two good rows are not saved either.
        var bad = await provider.PutAsJsonAsync($"/api/provider/sessions/{session}/attendance", new
        {
            attendance = new object[]
            {
                new { bookingId = bookings[0], attended = true, examPassed = true },
                new { bookingId = bookings[1], attended = true, examPassed = false },
                new { bookingId = bookings[2], attended = false, examPassed = true },
            },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("Batch 3", errors.GetProperty("attendance[2].examPassed")[0].GetString(), StringComparison.Ordinal);
        Assert.False(errors.TryGetProperty("attendance[0].examPassed", out _));
        Assert.Equal((0, 0, 0), await RecordsAsync(session, people));

        // Another provider's session is not found; a booking of another session is refused by row.
        using (var other = world.Api("provider2"))
            Assert.Equal(HttpStatusCode.NotFound, (await other.PutAsJsonAsync($"/api/provider/sessions/{session}/attendance",
                new { attendance = new[] { new { bookingId = bookings[0], attended = true } } })).StatusCode);
        var stranger = await provider.PutAsJsonAsync($"/api/provider/sessions/{session}/attendance",
            new { attendance = new[] { new { bookingId = Guid.NewGuid(), attended = true } } });
        Assert.True((await stranger.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("attendance[0].bookingId", out _));

        var good = await provider.PutAsJsonAsync($"/api/provider/sessions/{session}/attendance", new
        {
            attendance = new object[]
            {
                new { bookingId = bookings[0], attended = true, examPassed = true },
                new { bookingId = bookings[1], attended = true, examPassed = false },
                new { bookingId = bookings[2], attended = false },
            },
        });
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        var list = (await good.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToDictionary(b => b.GetProperty("id").GetGuid());
        Assert.True(list[bookings[0]].GetProperty("examPassed").GetBoolean());
        Assert.False(list[bookings[2]].GetProperty("attended").GetBoolean());
        // Two attended, one of them passed: two courses on the record, one certificate, dated the exam day.
        Assert.Equal((3, 1, 2), await RecordsAsync(session, people));
        using var hr = world.Api("hr");
        var record = await hr.GetFromJsonAsync<JsonElement>($"/api/people/{people[0]}");
        Assert.Contains(record.GetProperty("certificates").EnumerateArray(), c => c.GetProperty("achievedOn").GetString() == examOn.ToString("yyyy-MM-dd"));
    }

    [Fact]
    public async Task The_page_marks_everyone_attended_but_the_exceptions_in_one_post()
    {
        var (session, bookings, people, _) = await StartedSessionAsync(4, "Everyone");
        using var browser = await world.SignInAsync("provider");
        var page = await browser.GetStringAsync($"/provider/sessions/{session}");
        Assert.Contains("Everyone confirmed attended", page, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Mark\"", page, StringComparison.Ordinal);

        // A mistake in one row saves no row, and says which person and which column.
        var wrong = await FormPost.SubmitAsync(browser, $"/provider/sessions/{session}", "attendance",
        [
            new("AllAttended", "yes"),
            new($"Attended[{bookings[3]}]", "no"),
            new($"Exam[{bookings[3]}]", "passed"),
        ]);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var shown = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("Everyone 4: Someone who did not attend did not pass the exam.", shown, StringComparison.Ordinal);
        Assert.Contains("<span class=\"field\">Exam</span>", shown, StringComparison.Ordinal);
        Assert.Equal((0, 0, 0), await RecordsAsync(session, people));

        // Everyone attended but the fourth person; the first passed the exam, the second did not.
        var saved = await FormPost.SubmitAsync(browser, $"/provider/sessions/{session}", "attendance",
        [
            new("AllAttended", "yes"),
            new($"Attended[{bookings[0]}]", ""),
            new($"Exam[{bookings[0]}]", "passed"),
            new($"Exam[{bookings[1]}]", "failed"),
            new($"Attended[{bookings[3]}]", "no"),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.EndsWith($"/provider/sessions/{session}?marked=4", saved.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal((4, 1, 3), await RecordsAsync(session, people));
        await using var db = await SessionKit.SystemAsync(world.App);
        var marks = await db.Bookings.Where(b => b.SessionId == session).ToDictionaryAsync(b => b.Id, b => (b.Attended, b.ExamPassed));
        Assert.Equal((true, true), marks[bookings[0]]);
        Assert.Equal((true, false), marks[bookings[1]]);
        Assert.Equal((true, (bool?)null), marks[bookings[2]]);
        Assert.Equal((false, (bool?)null), marks[bookings[3]]);
        Assert.Contains("Attendance saved for 4 people.", await browser.GetStringAsync(saved.Headers.Location!.ToString()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_attendee_list_downloads_as_csv_and_xlsx_for_its_provider_only()
    {
        var (session, _, _, _) = await StartedSessionAsync(2, "Listed");
        using var browser = await world.SignInAsync("provider");
        var page = await browser.GetStringAsync($"/provider/sessions/{session}");
        Assert.Contains($"/provider/sessions/{session}/export/attendees.csv", page, StringComparison.Ordinal);

        var csv = await browser.GetAsync($"/provider/sessions/{session}/export/attendees.csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var rows = ReportFiles.Csv(await csv.Content.ReadAsByteArrayAsync());
        Assert.Equal(["Name", "Status", "Waitlist position", "Booked on", "Cancelled on", "Attended", "Exam"], rows[0]);
        Assert.Equal(["Listed 1", "Listed 2"], rows.Skip(1).Select(r => r[0]));
        Assert.All(rows.Skip(1), r => Assert.Equal("confirmed", r[1]));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", rows[1][3]);

        using var api = world.Api("provider");
        var xlsx = await api.GetAsync($"/api/provider/sessions/{session}/export/attendees.xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var sheet = ReportFiles.Xlsx(await xlsx.Content.ReadAsByteArrayAsync()).Single();
        Assert.Equal("attendees", sheet.Name);
        Assert.Equal(rows.Count, sheet.Rows.Count);
        Assert.Equal("Listed 2", sheet.Rows[2][0].Text);

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/provider/sessions/{session}/export/guests.csv")).StatusCode);
        using var other = world.Api("provider2");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/provider/sessions/{session}/export/attendees.csv")).StatusCode);
    }
}

public sealed class SessionAttendanceOnSqliteTests(SqlitePeopleWorld world) : SessionAttendanceTests(world), IClassFixture<SqlitePeopleWorld>;

public sealed class SessionAttendanceOnPostgresTests(PostgresPeopleWorld world) : SessionAttendanceTests(world), IClassFixture<PostgresPeopleWorld>;
