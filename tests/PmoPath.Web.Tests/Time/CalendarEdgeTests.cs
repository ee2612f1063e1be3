using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Accounts;
using PmoPath.Testing;
using PmoPath.Testing.People;
using PmoPath.Testing.Sessions;
using Xunit;
using static PmoPath.Testing.TestDates;

namespace PmoPath.Web.Tests.Time;

/// <summary>
/// The days people count on, at the edges of the calendar: each test starts an app of its own and moves its clock
/// across UTC midnight, a month's end, a leap day or a change to summer time, so the outcome never depends on when
/// the suite runs.
/// </summary>
public abstract class CalendarEdgeTests(TestDatabase database)
{
    private async Task<PeopleWorld> WorldAsync()
    {
        PeopleWorld world = database == TestDatabase.Sqlite ? new SqlitePeopleWorld() : new PostgresPeopleWorld();
        await world.InitializeAsync();
        return world;
    }

    private static async Task<JsonElement> ReminderAsync(HttpClient client, Guid personId) =>
        Assert.Single((await client.GetFromJsonAsync<JsonElement>($"/api/people/{personId}/plan")).GetProperty("reminders").EnumerateArray());

    [Fact]
    public async Task Days_left_to_a_renewal_drop_by_one_at_UTC_midnight_at_the_end_of_February()
    {
        var world = await WorldAsync();
        try
        {
            var pat = world["pat"];
            using var client = world.ApiWithToken(pat.Token);
            var record = await client.PatchAsJsonAsync($"/api/people/{pat.PersonId}/record", new
            {
                level = 2, certificates = new[] { new { code = "axelos-p3o-foundation", achievedOn = "2024-03-20" } },
            });
            Assert.Equal(HttpStatusCode.OK, record.StatusCode);

            world.App.Clock.SetUtcNow(new DateTimeOffset(2027, 2, 28, 23, 59, 30, TimeSpan.Zero));
            var before = await ReminderAsync(client, pat.PersonId!.Value);
            Assert.Equal("2027-03-20", before.GetProperty("renewBy").GetString());
            Assert.Equal(20, before.GetProperty("daysLeft").GetInt32());

            world.App.Clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(19, (await ReminderAsync(client, pat.PersonId!.Value)).GetProperty("daysLeft").GetInt32());
        }
        finally
        {
            await world.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_certificate_gained_on_a_leap_day_is_renewed_by_the_last_day_of_February()
    {
        var world = await WorldAsync();
        try
        {
            var pat = world["pat"];
            using var client = world.ApiWithToken(pat.Token);
            await client.PatchAsJsonAsync($"/api/people/{pat.PersonId}/record", new
            {
                level = 2, certificates = new[] { new { code = "axelos-p3o-foundation", achievedOn = "2024-02-29" } },
            });

            world.App.Clock.SetUtcNow(new DateTimeOffset(2027, 2, 28, 12, 0, 0, TimeSpan.Zero));
            var due = await ReminderAsync(client, pat.PersonId!.Value);
            Assert.Equal("2027-02-28", due.GetProperty("renewBy").GetString());
            Assert.Equal(0, due.GetProperty("daysLeft").GetInt32());
        }
        finally
        {
            await world.DisposeAsync();
        }
    }

    [Fact]
    public async Task Booking_closes_at_midnight_in_the_sessions_own_time_zone_after_the_clocks_go_forward()
    {
        var world = await WorldAsync();
        try
        {
            // Europe/London is on summer time (UTC+1) from 28 March 2027: its 31 March ends at 22:59:59 UTC.
            var deadline = new DateOnly(2027, 3, 31);
            var session = await SessionKit.InsertAsync(world.App, "meridian-pmo-academy", "setting-up-a-pmo", deadline.AddDays(14), 10, deadline);
            var people = await SessionKit.AddPeopleAsync(world.App, "Acme", 2, prefix: "Edge");
            using var hr = world.ApiWithToken(world["hr"].Token);

            world.App.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 31, 22, 59, 59, TimeSpan.Zero));
            using (var open = await hr.PostAsJsonAsync($"/api/sessions/{session}/bookings", new { personId = people[0] }))
                Assert.Equal(HttpStatusCode.Created, open.StatusCode);

            world.App.Clock.Advance(TimeSpan.FromSeconds(2));
            using var closed = await hr.PostAsJsonAsync($"/api/sessions/{session}/bookings", new { personId = people[1] });
            Assert.Equal(HttpStatusCode.BadRequest, closed.StatusCode);
            Assert.Contains("Bookings for this session closed on 31 Mar 2027.", await closed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await world.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_API_token_expires_at_the_instant_its_lifetime_ends()
    {
        var world = await WorldAsync();
        try
        {
            var created = await world.App.Services.GetRequiredService<ApiTokens>().CreateAsync(world["pat"].Email, "edge", TimeSpan.FromDays(1));
            using var client = world.ApiWithToken(created.Token);
            world.App.Clock.SetUtcNow(new DateTimeOffset(DateTime.SpecifyKind(created.ExpiresAtUtc!.Value, DateTimeKind.Utc)).AddSeconds(-1));
            using (var valid = await client.GetAsync("/api/me"))
                Assert.Equal(HttpStatusCode.OK, valid.StatusCode);

            world.App.Clock.Advance(TimeSpan.FromSeconds(2));
            using var expired = await client.GetAsync("/api/me");
            Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        }
        finally
        {
            await world.DisposeAsync();
        }
    }
}

public sealed class CalendarEdgeOnSqliteTests() : CalendarEdgeTests(TestDatabase.Sqlite);

public sealed class CalendarEdgeOnPostgresTests() : CalendarEdgeTests(TestDatabase.Postgres);
