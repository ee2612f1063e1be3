using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PmoPath.Accounts;
using PmoPath.Testing;
using Xunit;

namespace PmoPath.Web.Tests.Scale;

/// <summary>
/// Read-only paths on a streaming replica (docs/adr/0010): a primary and a hot standby made with <c>pg_basebackup -R</c>
/// run on loopback, the app is given both connection strings, and the replica's replay is paused to tell who answers:
/// while it is paused a write through the app is seen at once where the primary answers and not where the replica
/// does; once replay resumes the replica's pages show it too. The organisation view is not among them: its kept figures
/// are computed on the primary, where the writes mark them behind (docs/adr/0027), and read as one row.
/// </summary>
public sealed class ReplicaTests
{
    private const string ReadOnlyApplicationName = "pmopath-read-only";
    private const string Header = "employee_id,email,name,team,manager_email,job_title,level,pmo_type,certificates";
    private static readonly TimeSpan Replication = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_team_view_its_export_and_search_read_from_the_replica_and_show_a_write_once_it_is_replayed()
    {
        // The replica's max_connections must be at least the primary's (PostgreSQL's default, 100).
        var primary = await PostgresServer.StartClusterAsync(maxConnections: 100);
        string? replica = null;
        try
        {
            replica = await PostgresServer.StartReplicaAsync(primary);
            await ReadFromReplicaAsync(primary, replica);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            if (replica is not null)
                await PostgresServer.StopClusterAsync(replica);
            await PostgresServer.StopClusterAsync(primary);
        }
    }

    [Fact]
    public async Task A_read_only_connection_string_on_SQLite_stops_start_up_naming_the_setting()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TestApp.StartAsync(TestDatabase.Sqlite, "--ConnectionStrings:PmoPathReadOnly=Host=127.0.0.1;Database=pmopath"));
        Assert.Contains("ConnectionStrings:PmoPathReadOnly", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Sqlite", refused.Message, StringComparison.Ordinal);
    }

    private static async Task ReadFromReplicaAsync(string primary, string replica)
    {
        var database = await PostgresServer.CreateDatabaseAsync(primary);
        var name = new NpgsqlConnectionStringBuilder(database).Database!;
        var readOnly = new NpgsqlConnectionStringBuilder(replica) { Database = name, ApplicationName = ReadOnlyApplicationName }.ConnectionString;
        await using var app = await TestApp.StartOnPostgresAsync(database, $"--ConnectionStrings:PmoPathReadOnly={readOnly}", "--RateLimits:AnonymousApi=100000");
        using var hr = Api(app, await TokenAsync(app, new NewUser("Acme", "hr@acme.test", PmoRole.OrgAdmin)));
        using var editor = Api(app, await TokenAsync(app, new NewUser("", "editor@pmopath.test", PmoRole.SiteAdmin)));

        await ImportAsync(hr, Row(1), Row(2));
        var team = await TeamIdAsync(database);
        await using (var standby = new NpgsqlConnection(replica))
        {
            await standby.OpenAsync();
            // The replica has replayed everything written so far: its views agree with the primary.
            await using (var direct = new NpgsqlConnection(primary))
            {
                await direct.OpenAsync();
                var written = (string)(await ScalarAsync(direct, "SELECT pg_current_wal_lsn()::text"))!;
                await ReplayedAsync(async () => (bool)(await ScalarAsync(standby, $"SELECT pg_last_wal_replay_lsn() >= '{written}'::pg_lsn"))! ? "replayed" : null);
            }
            Assert.Equal(2, await TeamMembersAsync(hr, team));
            var listed = await PeopleListedAsync(hr);

            await ScalarAsync(standby, "SELECT pg_wal_replay_pause()");
            await ReplayedAsync(async () => (string?)await ScalarAsync(standby, "SELECT pg_get_wal_replay_pause_state()") == "paused" ? "paused" : null);
            Assert.True((bool)(await ScalarAsync(standby, "SELECT pg_is_in_recovery()"))!);

            // Three more people and an article, written through the app to the primary.
            await ImportAsync(hr, Row(1), Row(2), Row(3), Row(4), Row(5));
            using (var created = await editor.PostAsJsonAsync("/api/articles", Article()))
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);

            // Pages that show what was just written read the primary.
            Assert.Equal(listed + 3, await PeopleListedAsync(hr));
            Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync("/api/articles/zeppelin-governance")).StatusCode);
            // The read-only paths answer from the paused replica: the write is not there yet.
            Assert.Equal(2, await TeamMembersAsync(hr, team));
            Assert.Empty(await SearchAsync(app, "zeppelin"));
            using (var export = await hr.GetAsync($"/api/team/export/members.csv?teamId={team}"))
                Assert.Equal(3, (await export.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

            // The replica saw the app's read-only connections; the primary never did.
            Assert.True((long)(await ScalarAsync(standby, $"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{ReadOnlyApplicationName}' AND datname = '{name}'"))! > 0);
            await using (var direct = new NpgsqlConnection(primary))
            {
                await direct.OpenAsync();
                Assert.Equal(0L, await ScalarAsync(direct, $"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{ReadOnlyApplicationName}'"));
            }

            await ScalarAsync(standby, "SELECT pg_wal_replay_resume()");

            // Replayed: the read-only paths show the write.
            Assert.Equal(5, await ReplayedAsync(async () => await TeamMembersAsync(hr, team) is 5 ? (int?)5 : null));
            Assert.Single(await ReplayedAsync(async () => await SearchAsync(app, "zeppelin") is { Count: > 0 } hits ? hits : null));
        }
    }

    private static string Row(int n) => $"E{n},person{n}@acme.test,Person {n},Delivery,,PMO analyst,2,programme-office,";

    private static object Article() => new
    {
        slug = "zeppelin-governance", title = "Zeppelin governance", summary = "Governing a fleet of zeppelins.",
        categories = new[] { "Editors" }, levels = new[] { 2 }, competencies = Array.Empty<string>(), media = Array.Empty<object>(),
        markdown = "## Zeppelins\n\nHow a PMO governs zeppelins.", published = true,
    };

    /// <summary>Polls <paramref name="read"/> until it answers (not null), for at most <see cref="Replication"/>.</summary>
    private static async Task<T> ReplayedAsync<T>(Func<Task<T?>> read)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (await read() is { } answer)
                return answer;
            Assert.True(waited.Elapsed < Replication, $"not replicated within {Replication.TotalSeconds} s");
            await Task.Delay(100);
        }
    }

    private static async Task<string> TokenAsync(TestApp app, NewUser user)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<AccountAdmin>();
        if (user.Organisation.Length > 0)
            await admin.AddOrganisationAsync(user.Organisation);
        await admin.AddUserAsync(user, "correct horse battery staple");
        return (await app.Services.GetRequiredService<ApiTokens>().CreateAsync(user.Email, "tests", null)).Token;
    }

    private static HttpClient Api(TestApp app, string token)
    {
        var client = new HttpClient { BaseAddress = app.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task ImportAsync(HttpClient hr, params string[] rows)
    {
        using var content = new StringContent(string.Join('\n', [Header, .. rows]), Encoding.UTF8, "text/csv");
        using var response = await hr.PostAsync("/api/people/import", content);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<int> PeopleListedAsync(HttpClient hr) =>
        (await hr.GetFromJsonAsync<JsonElement>("/api/people")).GetArrayLength();

    private static async Task<int> TeamMembersAsync(HttpClient hr, Guid team) =>
        (await hr.GetFromJsonAsync<JsonElement>($"/api/team?teamId={team}")).GetProperty("members").GetArrayLength();

    private static async Task<List<JsonElement>> SearchAsync(TestApp app, string words) =>
        [.. (await app.Client.GetFromJsonAsync<JsonElement>($"/api/search?q={words}")).EnumerateArray()];

    private static async Task<Guid> TeamIdAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        return (Guid)(await ScalarAsync(connection, "SELECT \"Id\" FROM \"Teams\" WHERE \"Name\" = 'Delivery'"))!;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
