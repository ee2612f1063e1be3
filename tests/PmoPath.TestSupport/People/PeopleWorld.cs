using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Accounts;
using Xunit;

namespace PmoPath.Testing.People;

/// <summary>One seeded account: its email, password, person and API token.</summary>
public sealed record Member(string Key, string Email, string Password, PmoRole Role, Guid? PersonId, string Token, string Organisation);

/// <summary>
/// The running app over a fresh database with two organisations and their people, for the people,
/// isolation and browser tests:
/// <list type="bullet">
/// <item>Acme: <c>hr</c> (org-admin), <c>manager</c> (pmo-manager of team Alpha), <c>pat</c> and <c>sam</c>
/// (practitioners in Alpha), <c>manager2</c> (pmo-manager of team Beta), <c>colleague</c> (practitioner in Beta).</item>
/// <item>Globex: <c>hr-b</c> (org-admin), <c>manager-b</c> (pmo-manager of team Gamma), <c>quinn</c> (practitioner in Gamma).</item>
/// <item>Providers: <c>provider</c> (provider-admin of harbour-lane-training), <c>provider2</c> (of meridian-pmo-academy).</item>
/// <item>The site: <c>admin</c> (site-admin, in no organisation).</item>
/// </list>
/// </summary>
public abstract partial class PeopleWorld(TestDatabase database) : IAsyncLifetime
{
    public const string Password = "correct horse battery staple";

    private TestApp? _app;
    private readonly Dictionary<string, Member> _members = new(StringComparer.Ordinal);

    public TestApp App => _app ?? throw new InvalidOperationException("The app has not started.");
    public TestDatabase Database { get; } = database;

    /// <summary>Settings for the app; sign-in is not rate limited here so tests can sign in freely.</summary>
    protected virtual string[] Settings => ["--RateLimits:SignIn=100000", "--RateLimits:AnonymousApi=100000"];

    public Member this[string key] => _members[key];
    public IReadOnlyCollection<Member> Members => _members.Values;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(Database, Settings);
        await AddOrganisationAsync("Acme");
        await AddOrganisationAsync("Globex");
        await AddAsync("hr", "Acme", PmoRole.OrgAdmin, null, null, "Hana HR");
        await AddAsync("manager", "Acme", PmoRole.PmoManager, null, null, "Max Manager");
        await AddAsync("manager2", "Acme", PmoRole.PmoManager, null, null, "Mia Manager");
        await AddAsync("pat", "Acme", PmoRole.Practitioner, "Alpha", "manager", "Pat Practitioner");
        await AddAsync("sam", "Acme", PmoRole.Practitioner, "Alpha", "manager", "Sam Practitioner");
        await AddAsync("colleague", "Acme", PmoRole.Practitioner, "Beta", "manager2", "Cole Colleague");
        await AddAsync("hr-b", "Globex", PmoRole.OrgAdmin, null, null, "Hugo HR");
        await AddAsync("manager-b", "Globex", PmoRole.PmoManager, null, null, "Mona Manager");
        await AddAsync("quinn", "Globex", PmoRole.Practitioner, "Gamma", "manager-b", "Quinn Other");
        await AddProviderAdminAsync("provider", "harbour-lane-training");
        await AddProviderAdminAsync("provider2", "meridian-pmo-academy");
        await AddSiteAdminAsync("admin");
    }

    /// <summary>Adds a site-admin (no organisation, no person record) with a password and a token.</summary>
    public async Task<Member> AddSiteAdminAsync(string key)
    {
        var email = $"{key}@pmopath.test";
        await using var scope = App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountAdmin>().AddUserAsync(new NewUser("", email, PmoRole.SiteAdmin), Password);
        var token = await App.Services.GetRequiredService<ApiTokens>().CreateAsync(email, "tests", null);
        return _members[key] = new Member(key, email, Password, PmoRole.SiteAdmin, null, token.Token, "");
    }

    /// <summary>Adds a provider-admin of the provider with a password and a token.</summary>
    public async Task<Member> AddProviderAdminAsync(string key, string providerCode)
    {
        var email = $"{key}@{providerCode}.test";
        await using var scope = App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountAdmin>().AddUserAsync(
            new NewUser("", email, PmoRole.ProviderAdmin, Provider: providerCode), Password);
        var token = await App.Services.GetRequiredService<ApiTokens>().CreateAsync(email, "tests", null);
        return _members[key] = new Member(key, email, Password, PmoRole.ProviderAdmin, null, token.Token, "");
    }

    public async Task AddOrganisationAsync(string name)
    {
        await using var scope = App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountAdmin>().AddOrganisationAsync(name);
    }

    /// <summary>Adds an account with a password and a token; the key is also the email's local part.</summary>
    public async Task<Member> AddAsync(string key, string organisation, PmoRole role, string? team = null, string? managerKey = null, string? name = null)
    {
        var email = $"{key}@{organisation.ToLowerInvariant()}.test";
        await using var scope = App.Services.CreateAsyncScope();
        var added = await scope.ServiceProvider.GetRequiredService<AccountAdmin>().AddUserAsync(
            new NewUser(organisation, email, role, team, managerKey is null ? null : _members[managerKey].Email, name), Password);
        var token = await App.Services.GetRequiredService<ApiTokens>().CreateAsync(email, "tests", null);
        var member = new Member(key, email, Password, role, added.PersonId, token.Token, organisation);
        _members[key] = member;
        return member;
    }

    /// <summary>An API client that sends the member's bearer token.</summary>
    public HttpClient Api(string key) => ApiWithToken(_members[key].Token);

    public HttpClient ApiWithToken(string token)
    {
        var client = new HttpClient { BaseAddress = App.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A browser-like client (cookies, no automatic redirects) that has signed in through the sign-in form.</summary>
    public async Task<HttpClient> SignInAsync(string key)
    {
        var client = Browser();
        var response = await PostFormAsync(client, "/account/sign-in", "sign-in",
            new() { ["Input.Email"] = _members[key].Email, ["Input.Password"] = _members[key].Password });
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Signing in as {key} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    public HttpClient Browser() => new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true })
    {
        BaseAddress = App.BaseAddress,
    };

    /// <summary>
    /// Fetches a page for its antiforgery token (the form's own page, or <paramref name="tokenFrom"/> when that
    /// page is out of the caller's reach), then posts the named form with the fields, as a browser would.
    /// </summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, string formName, Dictionary<string, string> fields, string? tokenFrom = null)
    {
        var page = await client.GetStringAsync(tokenFrom ?? url);
        var token = AntiforgeryField().Match(page);
        var form = new Dictionary<string, string>(fields) { ["_handler"] = formName };
        if (token.Success)
            form["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        return await client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    /// <summary>The mail files the app has written so far, newest last (the outbox is delivered first).</summary>
    public IReadOnlyList<string> Mail()
    {
        Task.Run(() => global::PmoPath.Testing.Mail.OutboxKit.DrainAsync(App)).GetAwaiter().GetResult();
        var folder = Path.Combine(App.DataFolder, "mail");
        return Directory.Exists(folder) ? [.. Directory.GetFiles(folder, "*.eml").Order(StringComparer.Ordinal).Select(File.ReadAllText)] : [];
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

public sealed class SqlitePeopleWorld() : PeopleWorld(TestDatabase.Sqlite);

public sealed class PostgresPeopleWorld() : PeopleWorld(TestDatabase.Postgres);
