using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PmoPath.Testing;
using PmoPath.Testing.People;
using PmoPath.Testing.Sessions;

namespace PmoPath.Web.Tests.Sessions;

/// <summary>
/// Many bookings and cancellations at once through the real HTTP pipeline: no seat sold twice, no booking
/// lost, no person booked twice, the waitlist promoted exactly (docs/adr/0007).
/// </summary>
public abstract class BookingConcurrencyTests(PeopleWorld world)
{
    protected PeopleWorld World => world;

    /// <summary>Sends every request at once (released together) and returns the answers in order.</summary>
    protected static async Task<(HttpStatusCode Status, JsonElement Body)[]> AllAtOnceAsync(IReadOnlyList<Func<Task<HttpResponseMessage>>> requests)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = requests.Select(async send =>
        {
            await gate.Task;
            using var response = await send();
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default);
        }).ToList();
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }

    protected static Func<Task<HttpResponseMessage>> Book(HttpClient client, Guid session, Guid person) =>
        () => client.PostAsJsonAsync($"/api/sessions/{session}/bookings", new { personId = person });

    protected static HttpClient ClientFor(TestApp app, string token)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected static void AssertAll(HttpStatusCode expected, IEnumerable<(HttpStatusCode Status, JsonElement Body)> answers)
    {
        foreach (var (status, body) in answers)
            Assert.True(status == expected, $"Expected {(int)expected}, got {(int)status}: {body}");
    }

    [Fact]
    public async Task Two_hundred_parallel_bookings_fill_ten_seats_and_waitlist_the_rest()
    {
        var session = await SessionKit.PublishAsync(world, "provider", SessionKit.Body(seats: 10, daysAhead: 60));
        var people = await SessionKit.AddPeopleAsync(world.App, "Acme", 200, prefix: "Rush");
        using var hr = ClientFor(world.App, world["hr"].Token);

        var answers = await AllAtOnceAsync([.. people.Select(p => Book(hr, session, p))]);

        AssertAll(HttpStatusCode.Created, answers);
        Assert.Equal(10, answers.Count(a => a.Body.GetProperty("status").GetString() == "confirmed"));
        Assert.Equal(190, answers.Count(a => a.Body.GetProperty("status").GetString() == "waitlisted"));
        Assert.Equal(200, answers.Select(a => a.Body.GetProperty("personId").GetGuid()).Distinct().Count());
        Assert.Equal((10, 10, 190, 0, 200), await SessionKit.CountAsync(world.App, session));
    }

    [Fact]
    public async Task Parallel_bookings_are_told_waitlist_places_one_to_n_in_the_stored_order()
    {
        var session = await SessionKit.PublishAsync(world, "provider", SessionKit.Body(seats: 5, daysAhead: 64));
        var people = await SessionKit.AddPeopleAsync(world.App, "Acme", 80, prefix: "Queue");
        using var hr = ClientFor(world.App, world["hr"].Token);

        var answers = await AllAtOnceAsync([.. people.Select(p => Book(hr, session, p))]);

        AssertAll(HttpStatusCode.Created, answers);
        await AssertPlacesToldMatchStoredOrderAsync(world.App, session, answers, seats: 5);
    }

    /// <summary>
    /// The waitlist places told in the 201 answers are exactly 1..N, and each is the booking's rank on the stored
    /// waitlist (by sequence); every seat holder came before everyone waiting; sequences are unique.
    /// </summary>
    protected static async Task AssertPlacesToldMatchStoredOrderAsync(TestApp app, Guid session, IEnumerable<(HttpStatusCode Status, JsonElement Body)> answers, int seats)
    {
        var told = answers.Where(a => a.Body.GetProperty("status").GetString() == "waitlisted")
            .ToDictionary(a => a.Body.GetProperty("id").GetGuid(), a => a.Body.GetProperty("waitlistPosition").GetInt32());
        Assert.Equal(Enumerable.Range(1, told.Count), told.Values.Order());
        await using var db = await SessionKit.SystemAsync(app);
        var stored = db.Bookings.Where(b => b.SessionId == session).OrderBy(b => b.Sequence)
            .Select(b => new { b.Id, b.Status, b.Sequence }).ToList();
        Assert.Equal(stored.Count, stored.Select(b => b.Sequence).Distinct().Count());
        Assert.Equal(seats, stored.TakeWhile(b => b.Status == PmoPath.Sessions.BookingStatus.Confirmed).Count());
        var waiting = stored.Where(b => b.Status == PmoPath.Sessions.BookingStatus.Waitlisted).Select(b => b.Id).ToList();
        Assert.Equal(told.Count, waiting.Count);
        for (var place = 1; place <= waiting.Count; place++)
            Assert.True(told[waiting[place - 1]] == place, $"The booking stored at waitlist place {place} was told {told[waiting[place - 1]]}.");
        // What the API shows afterwards agrees with what was told.
        foreach (var (id, place) in told.Take(10))
            Assert.Equal(place, (await db.Bookings.Where(b => b.Id == id).Select(b => db.Bookings.Count(o => o.SessionId == b.SessionId
                && o.Status == PmoPath.Sessions.BookingStatus.Waitlisted && o.Sequence < b.Sequence)).FirstAsync()) + 1);
    }

    [Fact]
    public async Task The_same_person_booked_twenty_times_at_once_gets_one_place()
    {
        var session = await SessionKit.PublishAsync(world, "provider", SessionKit.Body(seats: 10, daysAhead: 61));
        var person = (await SessionKit.AddPeopleAsync(world.App, "Acme", 1, prefix: "Eager"))[0];
        using var hr = ClientFor(world.App, world["hr"].Token);

        var answers = await AllAtOnceAsync([.. Enumerable.Range(0, 20).Select(_ => Book(hr, session, person))]);

        Assert.Equal(1, answers.Count(a => a.Status == HttpStatusCode.Created));
        Assert.Equal(19, answers.Count(a => a.Status == HttpStatusCode.Conflict));
        Assert.Equal((1, 1, 0, 0, 1), await SessionKit.CountAsync(world.App, session));
    }

    [Fact]
    public async Task Cancellations_racing_bookings_keep_the_counts_exact()
    {
        var session = await SessionKit.PublishAsync(world, "provider", SessionKit.Body(seats: 10, daysAhead: 62));
        var first = await SessionKit.AddPeopleAsync(world.App, "Acme", 20, prefix: "Early");
        var late = await SessionKit.AddPeopleAsync(world.App, "Acme", 40, prefix: "Late");
        using var hr = ClientFor(world.App, world["hr"].Token);
        var booked = new List<(Guid Id, string Status)>();
        foreach (var person in first)
        {
            using var response = await hr.PostAsJsonAsync($"/api/sessions/{session}/bookings", new { personId = person });
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            booked.Add((body.GetProperty("id").GetGuid(), body.GetProperty("status").GetString()!));
        }
        var confirmed = booked.Where(b => b.Status == "confirmed").Select(b => b.Id).ToList();
        var waiting = booked.Where(b => b.Status == "waitlisted").Select(b => b.Id).ToList();
        Assert.Equal(10, confirmed.Count);

        // Six seats freed, three waitlist places given up, forty new bookings, all at once.
        var requests = new List<Func<Task<HttpResponseMessage>>>();
        requests.AddRange(confirmed.Take(6).Select(id => (Func<Task<HttpResponseMessage>>)(() => hr.DeleteAsync($"/api/bookings/{id}"))));
        requests.AddRange(waiting.Take(3).Select(id => (Func<Task<HttpResponseMessage>>)(() => hr.DeleteAsync($"/api/bookings/{id}"))));
        requests.AddRange(late.Select(p => Book(hr, session, p)));
        var answers = await AllAtOnceAsync(requests);

        AssertAll(HttpStatusCode.OK, answers.Take(9));
        AssertAll(HttpStatusCode.Created, answers.Skip(9));
        var (counter, nowConfirmed, nowWaiting, cancelled, people) = await SessionKit.CountAsync(world.App, session);
        Assert.Equal(10, counter);
        Assert.Equal(10, nowConfirmed);
        Assert.Equal(20 - 9 + 40 - 10, nowWaiting);
        Assert.Equal(9, cancelled);
        Assert.Equal(nowConfirmed + nowWaiting, people);
        // Eleven of the first round remain and were all ahead of every late booking: they hold the ten seats.
        await using var db = await SessionKit.SystemAsync(world.App);
        var seated = db.Bookings.Where(b => b.SessionId == session && b.Status == PmoPath.Sessions.BookingStatus.Confirmed).Select(b => b.PersonId).ToList();
        Assert.All(seated, p => Assert.Contains(p, first));
    }
}

public sealed class BookingConcurrencyOnSqliteTests(SqlitePeopleWorld world) : BookingConcurrencyTests(world), IClassFixture<SqlitePeopleWorld>
{
    [Fact]
    public async Task Two_web_instances_over_one_file_tell_every_waitlist_place_once_and_in_order()
    {
        await using var second = await TestApp.StartBesideAsync(World.App);
        var session = await SessionKit.PublishAsync(World, "provider", SessionKit.Body(seats: 10, daysAhead: 65));
        var people = await SessionKit.AddPeopleAsync(World.App, "Acme", 120, prefix: "Twin file");
        using var one = ClientFor(World.App, World["hr"].Token);
        using var two = ClientFor(second, World["hr"].Token);

        var answers = await AllAtOnceAsync([.. people.Select((p, i) => Book(i % 2 == 0 ? one : two, session, p))]);

        AssertAll(HttpStatusCode.Created, answers);
        Assert.Equal((10, 10, 110, 0, 120), await SessionKit.CountAsync(World.App, session));
        await AssertPlacesToldMatchStoredOrderAsync(World.App, session, answers, seats: 10);
    }
}

public sealed class BookingConcurrencyOnPostgresTests(PostgresPeopleWorld world) : BookingConcurrencyTests(world), IClassFixture<PostgresPeopleWorld>
{
    [Fact]
    public async Task Two_web_instances_over_one_database_sell_each_seat_once()
    {
        await using var second = await TestApp.StartBesideAsync(World.App);
        var session = await SessionKit.PublishAsync(World, "provider", SessionKit.Body(seats: 10, daysAhead: 63));
        var people = await SessionKit.AddPeopleAsync(World.App, "Acme", 200, prefix: "Twin");
        using var one = ClientFor(World.App, World["hr"].Token);
        using var two = ClientFor(second, World["hr"].Token);

        var answers = await AllAtOnceAsync([.. people.Select((p, i) => Book(i % 2 == 0 ? one : two, session, p))]);

        AssertAll(HttpStatusCode.Created, answers);
        Assert.Equal(10, answers.Count(a => a.Body.GetProperty("status").GetString() == "confirmed"));
        Assert.Equal((10, 10, 190, 0, 200), await SessionKit.CountAsync(World.App, session));
        await AssertPlacesToldMatchStoredOrderAsync(World.App, session, answers, seats: 10);

        // Cancellations through one instance and bookings through the other, at once.
        var confirmed = answers.Where(a => a.Body.GetProperty("status").GetString() == "confirmed").Select(a => a.Body.GetProperty("id").GetGuid()).ToList();
        var more = await SessionKit.AddPeopleAsync(World.App, "Acme", 20, prefix: "Twin late");
        var mixed = await AllAtOnceAsync([
            .. confirmed.Take(5).Select(id => (Func<Task<HttpResponseMessage>>)(() => one.DeleteAsync($"/api/bookings/{id}"))),
            .. more.Select(p => Book(two, session, p)),
        ]);
        AssertAll(HttpStatusCode.OK, mixed.Take(5));
        AssertAll(HttpStatusCode.Created, mixed.Skip(5));
        Assert.Equal((10, 10, 190 - 5 + 20, 5, 215), await SessionKit.CountAsync(World.App, session));
    }
}
