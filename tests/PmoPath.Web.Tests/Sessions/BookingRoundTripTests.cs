using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PmoPath.Testing;
using PmoPath.Testing.People;
using PmoPath.Testing.Sessions;

namespace PmoPath.Web.Tests.Sessions;

/// <summary>
/// The database commands one booking costs, counted from EF Core's own diagnostics for the one HTTP request (docs/adr/0007,
/// 0043): the reads before the session's lock are few, and under the lock there is one statement batch (lock, seat, the
/// organisation figures' mark, the booking's order) and the save; the mail is an outbox row written in that save, and
/// nothing else about mail happens in the request.
/// </summary>
public abstract class BookingRoundTripTests(PeopleWorld world)
{
    /// <summary>The requests' own commands: authentication (the API token and the account's claims) is counted apart.</summary>
    private static bool IsAuthentication(string sql) => sql.Contains("\"ApiTokens\"", StringComparison.Ordinal) || sql.Contains("\"AspNetUserClaims\"", StringComparison.Ordinal);

    [Fact]
    public async Task One_booking_reads_three_times_before_the_lock_and_holds_it_for_one_batch_and_the_save()
    {
        var session = await SessionKit.PublishAsync(world, "provider", SessionKit.Body(seats: 1, daysAhead: 75));
        var people = await SessionKit.AddPeopleAsync(world.App, "Acme", 2, prefix: "Counted");
        using var probe = new RequestCommands();
        using var hr = new HttpClient { BaseAddress = world.App.BaseAddress };
        hr.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", world["hr"].Token);

        var seated = await BookAsync(hr, probe, "seated", session, people[0]);
        var waiting = await BookAsync(hr, probe, "waiting", session, people[1]);
        var mailed = await BookAsync(hr, probe, "mailed", session, world["sam"].PersonId!.Value);

        Assert.Equal("confirmed", seated.GetProperty("status").GetString());
        Assert.Equal(1, waiting.GetProperty("waitlistPosition").GetInt32());
        Assert.Equal(2, mailed.GetProperty("waitlistPosition").GetInt32());
        foreach (var request in new[] { "seated", "waiting", "mailed" })
        {
            var commands = probe.Of(request);
            var listed = string.Join("\n", commands.Select(c => $"{(c.InTransaction ? "in tx" : "before")}: {c.Sql[..Math.Min(90, c.Sql.Length)]}"));
            var before = commands.Where(c => !c.InTransaction && !IsAuthentication(c.Sql)).ToList();
            var inside = commands.Where(c => c.InTransaction).ToList();
            // The person (with the access check), the session, and the rest of the person's side in one query.
            Assert.True(before.Count == 3, $"{request}: {before.Count} reads before the lock, expected 3:\n{listed}");
            // Under the lock: the one batch that locks, seats, marks and reads the order; then only the save's inserts
            // (one batch on PostgreSQL; SQLite runs an insert a command).
            var notInserts = inside.Where(c => !c.Sql.TrimStart().StartsWith("INSERT", StringComparison.Ordinal)).ToList();
            Assert.True(notInserts.Count == 1 && notInserts[0].Sql.TrimStart().StartsWith("UPDATE \"Sessions\"", StringComparison.Ordinal),
                $"{request}: expected one statement batch besides the inserts under the lock:\n{listed}");
            if (world.Database != TestDatabase.Sqlite)
                Assert.True(inside.Count == 2, $"{request}: {inside.Count} round trips under the lock, expected 2:\n{listed}");
            Assert.Equal(1, probe.Commits(request));
            // Mail: an outbox row written in the booking's own transaction when the person has an account, and no
            // other mail work (claiming, sending) in the request.
            Assert.Equal(request == "mailed" ? 1 : 0, inside.Count(c => c.Sql.Contains("INSERT INTO \"MailOutbox\"", StringComparison.Ordinal)));
            Assert.DoesNotContain(commands, c => !c.InTransaction && c.Sql.Contains("\"MailOutbox\"", StringComparison.Ordinal));
        }
        Assert.Equal((1, 1, 2, 0, 3), await SessionKit.CountAsync(world.App, session));
    }

    private static async Task<JsonElement> BookAsync(HttpClient client, RequestCommands probe, string name, Guid session, Guid person)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session}/bookings") { Content = JsonContent.Create(new { personId = person }) };
        request.Headers.Add(RequestCommands.Header, probe.Name(name));
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{name}: {(int)response.StatusCode} {body}");
        return body;
    }

    /// <summary>
    /// Collects the commands EF Core executes (and the transactions it commits) on behalf of HTTP requests carrying
    /// <see cref="Header"/>, whichever app in this test process serves them: the request's context flows with the work.
    /// </summary>
    private sealed class RequestCommands : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        public const string Header = "X-Counted-Request";

        private readonly string _run = Guid.NewGuid().ToString("N");
        private readonly IDisposable _all;
        private readonly List<IDisposable> _listeners = [];
        private readonly ConcurrentDictionary<string, ConcurrentQueue<(string Sql, bool InTransaction)>> _commands = new();
        private readonly ConcurrentDictionary<string, int> _commits = new();
        private readonly HttpContextAccessor _http = new();

        public RequestCommands() => _all = DiagnosticListener.AllListeners.Subscribe(this);

        public string Name(string request) => $"{_run}:{request}";

        public List<(string Sql, bool InTransaction)> Of(string request) => [.. _commands.GetValueOrDefault(Name(request)) ?? []];

        public int Commits(string request) => _commits.GetValueOrDefault(Name(request));

        void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name)
                lock (_listeners)
                    _listeners.Add(listener.Subscribe(this, name => name == RelationalEventId.CommandExecuted.Name || name == RelationalEventId.TransactionCommitted.Name));
        }

        void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
        {
            if (_http.HttpContext?.Request.Headers[Header].ToString() is not { Length: > 0 } name || !name.StartsWith(_run, StringComparison.Ordinal))
                return;
            if (value.Key == RelationalEventId.TransactionCommitted.Name)
                _commits.AddOrUpdate(name, 1, (_, n) => n + 1);
            else if (value.Value is CommandExecutedEventData executed)
                _commands.GetOrAdd(name, _ => new()).Enqueue((executed.Command.CommandText, executed.Command.Transaction is not null));
        }

        void IObserver<DiagnosticListener>.OnCompleted() { }
        void IObserver<DiagnosticListener>.OnError(Exception error) { }
        void IObserver<KeyValuePair<string, object?>>.OnCompleted() { }
        void IObserver<KeyValuePair<string, object?>>.OnError(Exception error) { }

        public void Dispose()
        {
            _all.Dispose();
            lock (_listeners)
                foreach (var listener in _listeners)
                    listener.Dispose();
        }
    }
}

public sealed class BookingRoundTripOnSqliteTests(SqlitePeopleWorld world) : BookingRoundTripTests(world), IClassFixture<SqlitePeopleWorld>;

public sealed class BookingRoundTripOnPostgresTests(PostgresPeopleWorld world) : BookingRoundTripTests(world), IClassFixture<PostgresPeopleWorld>;
