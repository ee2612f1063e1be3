using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Testing;
using PmoPath.Testing.Sessions;
using Xunit;

namespace PmoPath.Web.Tests.Scale;

/// <summary>
/// PostgreSQL's connection budget (docs/adr/0010): each instance opens at most <c>Database:MaxPoolSize</c>
/// connections, a request that cannot get one in time is answered 503 with <c>Retry-After</c> and changes nothing,
/// and instances share a server with a small <c>max_connections</c> without one starving another's start.
/// </summary>
public sealed class ConnectionBudgetTests
{
    private static async Task<(string Token, Guid Organisation)> HrAsync(TestApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<AccountAdmin>();
        var organisation = await admin.AddOrganisationAsync("Acme");
        await admin.AddUserAsync(new NewUser("Acme", "hr@acme.test", PmoRole.OrgAdmin), "correct horse battery staple");
        return ((await app.Services.GetRequiredService<ApiTokens>().CreateAsync("hr@acme.test", "tests", null)).Token, organisation.Id);
    }

    private static HttpClient Api(TestApp app, string token)
    {
        var client = new HttpClient { BaseAddress = app.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task A_request_that_gets_no_connection_in_time_is_answered_503_with_Retry_After()
    {
        await using var app = await TestApp.StartOnPostgresAsync(await PostgresServer.CreateDatabaseAsync(),
            "--Database:MaxPoolSize=2", "--Database:ConnectionWaitSeconds=1");
        var (token, _) = await HrAsync(app);
        using var hr = Api(app, token);
        Assert.Equal(HttpStatusCode.OK, (await hr.GetAsync("/api/people")).StatusCode);

        // Both of the instance's connections are held (as by two long requests).
        var contexts = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var held = new List<AppDbContext>();
        for (var i = 0; i < 2; i++)
        {
            var db = await contexts.CreateDbContextAsync();
            await db.Database.OpenConnectionAsync();
            held.Add(db);
        }
        using (var busy = await hr.GetAsync("/api/people"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
            Assert.Equal("5", busy.Headers.GetValues("Retry-After").Single());
            Assert.Contains("Try again", await busy.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        foreach (var db in held)
            await db.DisposeAsync();
        Assert.Equal(HttpStatusCode.OK, (await hr.GetAsync("/api/people")).StatusCode);
    }

    [Fact]
    public async Task Three_instances_on_a_server_of_50_connections_answer_every_booking_of_a_burst_and_lose_none()
    {
        var server = await PostgresServer.StartClusterAsync(maxConnections: 50);
        try
        {
            await BurstAsync(await PostgresServer.CreateDatabaseAsync(server));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await PostgresServer.StopClusterAsync(server);
        }
    }

    private static async Task BurstAsync(string database)
    {
        string[] budget = ["--Database:MaxPoolSize=15", "--RateLimits:AnonymousApi=100000"];
        await using var first = await TestApp.StartOnPostgresAsync(database, budget);
        await using var second = await TestApp.StartOnPostgresAsync(database, budget);
        var (token, _) = await HrAsync(first);
        var session = await SessionKit.InsertAsync(first, "meridian-pmo-academy", "setting-up-a-pmo", TestClock.Today.AddDays(40), seats: 200);
        var people = await SessionKit.AddPeopleAsync(first, "Acme", 300);

        // 200 bookings at once through two instances, then a third instance starts while the server is busy with them.
        var apps = new List<TestApp> { first, second };
        var clients = apps.Select(a => Api(a, token)).ToList();
        var burst = people.Take(200).Select((person, i) => BookAsync(clients[i % clients.Count], session, person)).ToList();
        await using var third = await TestApp.StartOnPostgresAsync(database, budget);
        var answers = (await Task.WhenAll(burst)).ToList();
        clients.Add(Api(third, token));
        answers.AddRange(await Task.WhenAll(people.Skip(200).Select((person, i) => BookAsync(clients[i % clients.Count], session, person))));

        Assert.Equal(300, answers.Count);
        Assert.All(answers, a => Assert.True(a is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"answered {(int)a}"));
        var counts = await SessionKit.CountAsync(first, session);
        // None lost and none invented: every 201 is a booking in the database, and only those.
        Assert.Equal(answers.Count(a => a == HttpStatusCode.Created), counts.Confirmed + counts.Waitlisted);
        Assert.Equal(counts.Confirmed, counts.Counter);
        Assert.True(counts.Confirmed <= 200);

        await using var probe = new NpgsqlConnection(database);
        await probe.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()", probe);
        Assert.True((long)(await count.ExecuteScalarAsync())! <= 3 * 15 + 1, "more connections than three pools of 15");
        foreach (var client in clients)
            client.Dispose();
    }

    private static async Task<HttpStatusCode> BookAsync(HttpClient client, Guid session, Guid person)
    {
        using var response = await client.PostAsJsonAsync($"/api/sessions/{session}/bookings", new { personId = person });
        return response.StatusCode;
    }
}
