using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PmoPath.Testing;
using PmoPath.Testing.Hostile;
using PmoPath.Testing.People;
using PmoPath.Testing.Sessions;

namespace PmoPath.Web.Tests.Hostile;

/// <summary>
/// A shared corpus of hostile values — huge, deep, of the wrong type, extreme dates and numbers, control characters —
/// put in place of each field of the JSON API's bodies and into its query strings. Whatever comes in: no 5xx; a 400
/// names what was wrong; a refused write changes nothing.
/// </summary>
public abstract partial class HostileInputTests(PeopleWorld world)
{
    /// <summary>The shared corpus, as JSON values (text), so that the wrong types can be sent too.</summary>
    public static readonly string[] Corpus = HostileCorpus.Json;

    /// <summary>The write endpoints with a valid body each, who sends it, and how to count what it writes.</summary>
    private (string Method, string Url, string Caller, JsonObject Body, Func<Task<int>> Count)[] Writes() =>
    [
        ("POST", "/api/sessions", "provider", JsonSerializer.SerializeToNode(SessionKit.Body(daysAhead: 50))!.AsObject(),
            async () => { await using var db = await SessionKit.SystemAsync(world.App); return await db.Sessions.CountAsync(); }),
        ("POST", "/api/jobs", "hr", new JsonObject
        {
            ["title"] = "PMO Lead", ["level"] = 3, ["pmoType"] = "portfolio-office", ["location"] = "Leeds", ["workMode"] = "hybrid",
            ["opensOn"] = SessionKit.Today.ToString("yyyy-MM-dd"), ["closesOn"] = SessionKit.Today.AddDays(30).ToString("yyyy-MM-dd"),
            ["certificates"] = new JsonArray(), ["competencies"] = new JsonArray(), ["description"] = "Lead the office.",
            ["applyUrl"] = "https://careers.acme.example/pmo-lead",
        }, async () => { await using var db = await SessionKit.SystemAsync(world.App); return await db.Jobs.CountAsync(); }),
        ("PATCH", $"/api/people/{world["colleague"].PersonId}/record", "colleague", new JsonObject
        {
            ["jobTitle"] = "PMO analyst", ["level"] = 2, ["targetLevel"] = 3, ["yearsInPmo"] = 2,
            ["certificates"] = new JsonArray(new JsonObject { ["code"] = "axelos-p3o-foundation", ["achievedOn"] = "2024-01-10" }),
        }, async () => { await using var db = await SessionKit.SystemAsync(world.App); return await db.RecordChanges.CountAsync(); }),
        ("POST", "/api/advice", "", new JsonObject { ["level"] = 2, ["targetLevel"] = 3, ["asOf"] = "2026-11-22" }, () => Task.FromResult(0)),
        ("POST", "/api/articles", "admin", new JsonObject
        {
            ["slug"] = "hostile-article", ["title"] = "Hostile", ["summary"] = "s", ["categories"] = new JsonArray("Editors"),
            ["levels"] = new JsonArray(2), ["competencies"] = new JsonArray(), ["media"] = new JsonArray(), ["markdown"] = "Text.", ["published"] = false,
        }, async () => { await using var db = await SessionKit.SystemAsync(world.App); return await db.Articles.CountAsync(); }),
    ];

    [Fact]
    public async Task Every_field_of_every_body_survives_the_corpus()
    {
        var failures = new List<string>();
        foreach (var (method, url, caller, body, count) in Writes())
        {
            using var client = caller.Length == 0 ? new HttpClient { BaseAddress = world.App.BaseAddress } : world.Api(caller);
            foreach (var field in body.Select(p => p.Key).ToList())
                foreach (var value in Corpus)
                {
                    var text = body.ToJsonString();
                    var hostile = ReplaceField(text, field, value);
                    var before = await count();
                    using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent(hostile, Encoding.UTF8, "application/json") };
                    using var response = await client.SendAsync(request);
                    var answer = await response.Content.ReadAsStringAsync();
                    var status = (int)response.StatusCode;
                    var what = $"{method} {url} {field}={Describe(value)}: {status}";
                    if (status >= 500)
                        failures.Add($"{what} {Shorten(answer)}");
                    else if (status == 400 && !NamesSomething(answer))
                        failures.Add($"{what} names nothing: {Shorten(answer)}");
                    else if (status >= 400 && await count() != before)
                        failures.Add($"{what} but something was written");
                }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
    }

    public static TheoryData<string> Queries() =>
    [
        "/api/courses?level={0}", "/api/courses?kind={0}", "/api/courses?body={0}", "/api/courses/{0}",
        "/api/sessions?from={0}", "/api/sessions?to={0}", "/api/sessions?course={0}&provider={0}",
        "/api/jobs?level={0}&pmoType={0}", "/api/search?q={0}", "/api/search?q=pmo&level={0}&competency={0}",
        "/api/articles?category={0}", "/api/articles/suggested?competency={0}&level={0}", "/api/providers/{0}",
        "/sessions?month={0}", "/jobs?level={0}", "/courses?level={0}", "/search?q={0}",
    ];

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Query_strings_survive_the_corpus(string template)
    {
        var values = new[]
        {
            new string('x', 20_000), "\u0000\u001b", "9999-12-31", "0001-01-01", "-1", "2147483648", "1e308", "%", "'; drop table x; --", "[]", "‮\ud83d\ude00",
        };
        var failures = new List<string>();
        using var client = world.Api("pat");
        foreach (var value in values)
        {
            var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Uri.EscapeDataString(value));
            using var response = await client.GetAsync(url);
            if ((int)response.StatusCode >= 500)
                failures.Add($"{url[..Math.Min(url.Length, 120)]}: {(int)response.StatusCode} {Shorten(await response.Content.ReadAsStringAsync())}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static string ReplaceField(string json, string field, string value)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node[field] = "__HOSTILE__";
        return node.ToJsonString().Replace("\"__HOSTILE__\"", value, StringComparison.Ordinal);
    }

    private static bool NamesSomething(string answer)
    {
        try
        {
            var root = JsonDocument.Parse(answer).RootElement;
            return (root.TryGetProperty("errors", out var errors) && errors.EnumerateObject().Any())
                || (root.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 });
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Describe(string value) => value.Length <= 40 ? value : $"{value[..20]}…({value.Length} chars)";

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}

/// <summary>The people world with the advice limit lifted: the corpus posts the career guide hundreds of times a minute.</summary>
public sealed class SqliteHostileWorld() : PeopleWorld(TestDatabase.Sqlite)
{
    protected override string[] Settings => [.. base.Settings, "--RateLimits:Advice=100000"];
}

public sealed class PostgresHostileWorld() : PeopleWorld(TestDatabase.Postgres)
{
    protected override string[] Settings => [.. base.Settings, "--RateLimits:Advice=100000"];
}

public sealed class HostileInputOnSqliteTests(SqliteHostileWorld world) : HostileInputTests(world), IClassFixture<SqliteHostileWorld>;

public sealed class HostileInputOnPostgresTests(PostgresHostileWorld world) : HostileInputTests(world), IClassFixture<PostgresHostileWorld>;
