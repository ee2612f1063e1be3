using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PmoPath.Testing;
using PmoPath.Testing.People;

namespace PmoPath.Web.Tests.People;

/// <summary>
/// Every API route and page that takes a person's id, called by everyone who must not reach Pat's data:
/// people of another organisation (each role), a colleague, a manager of another team. The answer is
/// 404 (or 403 where the caller may see Pat but not do this), never Pat's data, and nothing changes.
/// </summary>
public abstract class IsolationMatrixTests(PeopleWorld world) : IAsyncLifetime
{
    /// <summary>Every route that takes a person id ({id}) or a plan item id ({item}), with a body where it needs one.</summary>
    public static readonly (string Method, string Route, object? Body)[] Routes =
    [
        ("GET", "/api/people/{id}", null),
        ("GET", "/api/people/{id}/advice", null),
        ("GET", "/api/people/{id}/plan", null),
        ("POST", "/api/people/{id}/plan", new { courseCode = "agile-pmo" }),
        ("PUT", "/api/people/{id}/plan/{item}", new { status = "dropped", notes = "hijacked" }),
        ("POST", "/api/people/{id}/plan/{item}/comments", new { text = "hijacked" }),
        ("GET", "/api/people/{id}/export", null),
        ("PUT", "/api/people/{id}/record", new { displayName = "Hijacked", level = 1 }),
        ("PATCH", "/api/people/{id}/record", new { displayName = "Hijacked" }),
        ("PUT", "/api/people/{id}/ratings", new { competencies = new Dictionary<string, int> { ["coaching"] = 0 } }),
        ("DELETE", "/api/people/{id}", null),
        ("GET", "/api/people/{id}/bookings", null),
        ("GET", "/api/people/{id}/bookings.ics", null),
    ];

    /// <summary>Who must not reach Pat at all.</summary>
    public static readonly string[] Outsiders = ["hr-b", "manager-b", "quinn", "colleague", "manager2", "provider"];

    public static TheoryData<string, string, string> OutsiderCases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var caller in Outsiders)
            foreach (var (method, route, _) in Routes)
                data.Add(caller, method, route);
        return data;
    }

    /// <summary>Callers who see Pat but may not do this: 403 exactly.</summary>
    public static TheoryData<string, string, string> ForbiddenCases() => new()
    {
        { "manager", "POST", "/api/people/{id}/plan" },
        { "manager", "PUT", "/api/people/{id}/plan/{item}" },
        { "manager", "PUT", "/api/people/{id}/record" },
        { "manager", "PATCH", "/api/people/{id}/record" },
        { "manager", "GET", "/api/people/{id}/export" },
        { "manager", "DELETE", "/api/people/{id}" },
        { "pat", "PUT", "/api/people/{id}/ratings" },
        { "pat", "POST", "/api/people/{id}/plan/{item}/comments" },
        { "pat", "DELETE", "/api/people/{id}" },
        { "hr", "POST", "/api/people/{id}/plan" },
    };

    private Guid _itemId;

    public async Task InitializeAsync()
    {
        if (_itemId != Guid.Empty)
            return;
        using var pat = world.Api("pat");
        await pat.PatchAsJsonAsync($"/api/people/{world["pat"].PersonId}/record", new
        {
            displayName = "Pat Practitioner", jobTitle = "PMO analyst secret-title", level = 2, targetLevel = 3,
            certificates = new[] { new { code = "axelos-p3o-foundation", achievedOn = "2024-03-01", certificateNumber = "CERT-SECRET-42" } },
        });
        var plan = await pat.GetFromJsonAsync<JsonElement>($"/api/people/{world["pat"].PersonId}/plan");
        if (plan.GetProperty("items").GetArrayLength() == 0)
        {
            var added = await pat.PostAsJsonAsync($"/api/people/{world["pat"].PersonId}/plan", new { courseCode = "axelos-p3o-practitioner", notes = "plan-secret-note" });
            _itemId = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }
        else
            _itemId = plan.GetProperty("items")[0].GetProperty("id").GetGuid();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(OutsiderCases))]
    public async Task An_outsider_gets_404_and_none_of_Pats_data(string caller, string method, string route)
    {
        using var client = world.Api(caller);
        var response = await SendAsync(client, method, route);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        AssertNoSecrets(body);
        await AssertPatUnchangedAsync();
    }

    [Theory]
    [MemberData(nameof(ForbiddenCases))]
    public async Task A_caller_who_sees_Pat_but_may_not_act_gets_403_and_nothing_changes(string caller, string method, string route)
    {
        using var client = world.Api(caller);
        var response = await SendAsync(client, method, route);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        AssertNoSecrets(await response.Content.ReadAsStringAsync());
        await AssertPatUnchangedAsync();
    }

    [Theory]
    [MemberData(nameof(RouteCases))]
    public async Task Without_a_token_every_route_is_401_not_a_redirect(string method, string route)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = world.App.BaseAddress };
        var response = await SendAsync(client, method, route);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AssertNoSecrets(await response.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, string> RouteCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var (method, route, _) in Routes)
            data.Add(method, route);
        return data;
    }

    [Theory]
    [MemberData(nameof(OutsiderNames))]
    public async Task An_outsider_gets_404_from_Pats_page(string caller)
    {
        using var browser = await world.SignInAsync(caller);
        var response = await browser.GetAsync($"/people/{world["pat"].PersonId}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Pat Practitioner", page, StringComparison.Ordinal);
        AssertNoSecrets(page);
    }

    [Theory]
    [MemberData(nameof(OutsiderNames))]
    public async Task An_outsider_posting_a_comment_form_to_Pats_page_changes_nothing(string caller)
    {
        using var browser = await world.SignInAsync(caller);
        var response = await PeopleWorld.PostFormAsync(browser, $"/people/{world["pat"].PersonId}", "comment",
            new() { ["Comment.ItemId"] = _itemId.ToString(), ["Comment.Text"] = "hijacked" }, tokenFrom: "/people");
        Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("Pat Practitioner", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertPatUnchangedAsync();
    }

    public static TheoryData<string> OutsiderNames() => [.. Outsiders];

    [Fact]
    public async Task A_plan_item_of_Pat_cannot_be_reached_through_the_callers_own_id()
    {
        var colleague = world["colleague"];
        using var client = world.Api("colleague");
        var update = await client.PutAsJsonAsync($"/api/people/{colleague.PersonId}/plan/{_itemId}", new { status = "dropped" });
        Assert.Equal(HttpStatusCode.NotFound, update.StatusCode);
        await AssertPatUnchangedAsync();
    }

    [Fact]
    public async Task The_people_list_holds_only_those_the_caller_may_see()
    {
        async Task<HashSet<Guid>> Visible(string key)
        {
            using var client = world.Api(key);
            var list = await client.GetFromJsonAsync<JsonElement>("/api/people");
            return [.. list.EnumerateArray().Select(p => p.GetProperty("id").GetGuid())];
        }
        Guid Id(string key) => world[key].PersonId!.Value;

        Assert.Equal([Id("pat")], await Visible("pat"));
        Assert.Equal(new HashSet<Guid> { Id("manager"), Id("pat"), Id("sam") }, await Visible("manager"));
        Assert.Equal(new HashSet<Guid> { Id("manager2"), Id("colleague") }, await Visible("manager2"));
        var hr = await Visible("hr");
        Assert.Contains(Id("pat"), hr);
        Assert.DoesNotContain(Id("quinn"), hr);
        Assert.DoesNotContain(Id("hr-b"), hr);
        Assert.Equal(new HashSet<Guid> { Id("manager-b"), Id("quinn") }, await Visible("manager-b"));
    }

    private Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string route)
    {
        var url = route.Replace("{id}", world["pat"].PersonId.ToString(), StringComparison.Ordinal).Replace("{item}", _itemId.ToString(), StringComparison.Ordinal);
        var body = Routes.First(r => r.Method == method && r.Route == route).Body;
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null)
            request.Content = JsonContent.Create(body);
        return client.SendAsync(request);
    }

    private static void AssertNoSecrets(string body)
    {
        foreach (var secret in new[] { "secret-title", "CERT-SECRET-42", "plan-secret-note", "pat@acme.test", "axelos-p3o-practitioner" })
            Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
    }

    private async Task AssertPatUnchangedAsync()
    {
        using var pat = world.Api("pat");
        var record = await pat.GetFromJsonAsync<JsonElement>($"/api/people/{world["pat"].PersonId}");
        Assert.Equal("Pat Practitioner", record.GetProperty("displayName").GetString());
        Assert.Equal(2, record.GetProperty("level").GetInt32());
        Assert.False(record.GetProperty("erased").GetBoolean());
        var plan = await pat.GetFromJsonAsync<JsonElement>($"/api/people/{world["pat"].PersonId}/plan");
        var item = Assert.Single(plan.GetProperty("items").EnumerateArray());
        Assert.Equal("planned", item.GetProperty("status").GetString());
        Assert.Equal("plan-secret-note", item.GetProperty("notes").GetString());
        Assert.Empty(item.GetProperty("comments").EnumerateArray());
    }
}

public sealed class IsolationMatrixOnSqliteTests(SqlitePeopleWorld world) : IsolationMatrixTests(world), IClassFixture<SqlitePeopleWorld>;

public sealed class IsolationMatrixOnPostgresTests(PostgresPeopleWorld world) : IsolationMatrixTests(world), IClassFixture<PostgresPeopleWorld>;
