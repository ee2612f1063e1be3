using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Testing;
using PmoPath.Testing.People;
using PmoPath.Web.Hosting;

namespace PmoPath.Web.Tests.Security;

/// <summary>
/// Sessions end on the server, lockout is for interactive sign-in only, tokens expire and die with a password reset,
/// and sign-in says nothing about which accounts exist: through the real pages and a captured cookie.
/// </summary>
public abstract partial class SignInSecurityTests(PeopleWorld world)
{
    [Fact]
    public async Task A_cookie_captured_before_sign_out_no_longer_works_after_it()
    {
        var member = await world.AddAsync("out-" + Guid.NewGuid().ToString("N")[..6], "Acme", PmoRole.Practitioner);
        using var browser = await SignInAsync(member);
        var captured = CookieOf(browser);
        using (var thief = WithCookie(captured))
            Assert.Equal(HttpStatusCode.OK, (await thief.GetAsync("/me")).StatusCode);

        var signedOut = await PeopleWorld.PostFormAsync(browser, "/account/sign-out", "sign-out", []);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        using var replay = WithCookie(captured);
        var after = await replay.GetAsync("/me");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/sign-in", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_reset_ends_every_session_and_revokes_every_token()
    {
        var member = await world.AddAsync("reset-" + Guid.NewGuid().ToString("N")[..6], "Acme", PmoRole.Practitioner);
        using var browser = await SignInAsync(member);
        var captured = CookieOf(browser);
        using (var api = world.ApiWithToken(member.Token))
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/me")).StatusCode);

        await ResetPasswordAsync(member, "a brand new pass phrase for this");

        using (var replay = WithCookie(captured))
            Assert.Equal(HttpStatusCode.Redirect, (await replay.GetAsync("/me")).StatusCode);
        using (var api = world.ApiWithToken(member.Token))
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/me")).StatusCode);
        await using var db = await SystemAsync();
        var user = await db.Users.SingleAsync(u => u.Email == member.Email);
        Assert.All(await db.ApiTokens.Where(t => t.UserId == user.Id).ToListAsync(), t => Assert.NotNull(t.RevokedAtUtc));
    }

    [Fact]
    public async Task A_locked_account_keeps_its_API_tokens()
    {
        var member = await world.AddAsync("locked-" + Guid.NewGuid().ToString("N")[..6], "Acme", PmoRole.Practitioner);
        using var browser = world.Browser();
        for (var i = 0; i < AccountSetup.MaxFailedSignIns; i++)
            await SignInFormAsync(browser, member.Email, "not the right password");
        await using (var scope = world.App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync(member.Email))!));
        }

        using var api = world.ApiWithToken(member.Token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task A_token_made_without_a_lifetime_expires_after_90_days()
    {
        var member = await world.AddAsync("expiry-" + Guid.NewGuid().ToString("N")[..6], "Acme", PmoRole.Practitioner);
        var created = await world.App.Services.GetRequiredService<ApiTokens>().CreateAsync(member.Email, "no lifetime given", null);
        Assert.NotNull(created.ExpiresAtUtc);
        Assert.Equal(world.App.Clock.GetUtcNow().UtcDateTime.AddDays(90), created.ExpiresAtUtc);
    }

    [Fact]
    public async Task Locked_wrong_password_and_unknown_account_get_the_same_answer()
    {
        var locked = await world.AddAsync("same-" + Guid.NewGuid().ToString("N")[..6], "Acme", PmoRole.Practitioner);
        using var browser = world.Browser();
        for (var i = 0; i < AccountSetup.MaxFailedSignIns; i++)
            await SignInFormAsync(browser, locked.Email, "not the right password");

        var lockedAnswer = ErrorOf(await SignInFormAsync(browser, locked.Email, locked.Password));
        var wrongAnswer = ErrorOf(await SignInFormAsync(browser, world["sam"].Email, "not the right password"));
        var unknownAnswer = ErrorOf(await SignInFormAsync(browser, $"nobody-{Guid.NewGuid():N}@acme.test", "not the right password"));

        Assert.False(string.IsNullOrWhiteSpace(wrongAnswer));
        Assert.Equal(wrongAnswer, lockedAnswer);
        Assert.Equal(wrongAnswer, unknownAnswer);
    }

    [Fact]
    public async Task An_unknown_email_takes_about_as_long_as_a_wrong_password()
    {
        // Several known accounts, so that none is locked by the tries; medians, and a generous margin: a password
        // hash costs tens of milliseconds, a lookup of a missing row well under ten.
        var known = new List<Member>();
        for (var i = 0; i < 3; i++)
            known.Add(await world.AddAsync($"timing-{i}-" + Guid.NewGuid().ToString("N")[..6], "Acme", PmoRole.Practitioner));
        using var browser = world.Browser();
        var token = await AntiforgeryAsync(browser);
        var wrong = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < 9; i++)
        {
            wrong.Add(await TimePostAsync(browser, token, known[i % known.Count].Email, "not the right password"));
            unknown.Add(await TimePostAsync(browser, token, $"nobody-{i}-{Guid.NewGuid():N}@acme.test", "not the right password"));
        }
        var wrongMedian = Median(wrong);
        var unknownMedian = Median(unknown);
        Assert.True(unknownMedian > wrongMedian * 0.4, $"unknown email: median {unknownMedian:0.0} ms; wrong password: median {wrongMedian:0.0} ms");
    }

    [Theory]
    [InlineData("password1234")]
    [InlineData("Password12345678")]
    [InlineData("qwertyuiop123")]
    [InlineData("1qaz2wsx3edc")]
    [InlineData("monkey2024!!!!")]
    public async Task A_common_password_is_refused_naming_the_field(string password)
    {
        await using var scope = world.App.Services.CreateAsyncScope();
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => scope.ServiceProvider.GetRequiredService<AccountAdmin>()
            .AddUserAsync(new NewUser("Acme", $"common-{Guid.NewGuid():N}@acme.test", PmoRole.Practitioner), password));
        Assert.Contains("most common", Assert.Single(error.Errors["password"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_common_password_is_refused_on_the_reset_page_too()
    {
        var member = await world.AddAsync("common-" + Guid.NewGuid().ToString("N")[..6], "Acme", PmoRole.Practitioner);
        using var browser = world.Browser();
        await PeopleWorld.PostFormAsync(browser, "/account/forgot-password", "forgot", new() { ["Input.Email"] = member.Email });
        var mail = world.Mail().Last(m => m.Contains($"To: {member.Email}", StringComparison.Ordinal) && m.Contains("reset-password", StringComparison.Ordinal));
        var link = new Uri(UrlInMail().Match(mail).Value).PathAndQuery;
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + link).Query);
        var refused = await PeopleWorld.PostFormAsync(browser, link, "set-password", new()
        {
            ["Input.Email"] = query["email"]!, ["Input.Code"] = query["code"]!, ["Input.Password"] = "password1234", ["Input.Confirm"] = "password1234",
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("most common", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static async Task<string> AntiforgeryAsync(HttpClient browser)
    {
        var page = await browser.GetStringAsync("/account/sign-in");
        return WebUtility.HtmlDecode(AntiforgeryField().Match(page).Groups[1].Value);
    }

    private static async Task<double> TimePostAsync(HttpClient browser, string token, string email, string password)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in", ["__RequestVerificationToken"] = token, ["Input.Email"] = email, ["Input.Password"] = password,
        });
        var watch = Stopwatch.StartNew();
        using var response = await browser.PostAsync("/account/sign-in", form);
        await response.Content.ReadAsStringAsync();
        watch.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return watch.Elapsed.TotalMilliseconds;
    }

    private async Task ResetPasswordAsync(Member member, string password)
    {
        using var browser = world.Browser();
        await PeopleWorld.PostFormAsync(browser, "/account/forgot-password", "forgot", new() { ["Input.Email"] = member.Email });
        var mail = world.Mail().Last(m => m.Contains($"To: {member.Email}", StringComparison.Ordinal) && m.Contains("reset-password", StringComparison.Ordinal));
        var link = new Uri(UrlInMail().Match(mail).Value).PathAndQuery;
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + link).Query);
        var reset = await PeopleWorld.PostFormAsync(browser, link, "set-password", new()
        {
            ["Input.Email"] = query["email"]!, ["Input.Code"] = query["code"]!, ["Input.Password"] = password, ["Input.Confirm"] = password,
        });
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
    }

    private readonly Dictionary<HttpClient, CookieContainer> _jars = [];

    private async Task<HttpClient> SignInAsync(Member member)
    {
        var jar = new CookieContainer();
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = world.App.BaseAddress };
        _jars[browser] = jar;
        var response = await SignInFormAsync(browser, member.Email, member.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    private string CookieOf(HttpClient browser) =>
        _jars[browser].GetCookies(world.App.BaseAddress)["pmopath"]?.Value ?? throw new InvalidOperationException("No sign-in cookie.");

    /// <summary>A client that sends only the captured cookie, as someone who copied it would.</summary>
    private HttpClient WithCookie(string value)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = world.App.BaseAddress };
        client.DefaultRequestHeaders.Add("Cookie", $"pmopath={value}");
        return client;
    }

    private static string ErrorOf(HttpResponseMessage response)
    {
        var html = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        return WebUtility.HtmlDecode(ErrorParagraph().Match(html).Groups[1].Value);
    }

    private Task<HttpResponseMessage> SignInFormAsync(HttpClient browser, string email, string password) =>
        PeopleWorld.PostFormAsync(browser, "/account/sign-in", "sign-in", new() { ["Input.Email"] = email, ["Input.Password"] = password });

    private async Task<AppDbContext> SystemAsync() =>
        (await world.App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync()).BindTo(Caller.System);

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex UrlInMail();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("<p class=\"error\" role=\"alert\">([^<]*)</p>")]
    private static partial Regex ErrorParagraph();
}

public sealed class SignInSecurityOnSqliteTests(SqlitePeopleWorld world) : SignInSecurityTests(world), IClassFixture<SqlitePeopleWorld>;

public sealed class SignInSecurityOnPostgresTests(PostgresPeopleWorld world) : SignInSecurityTests(world), IClassFixture<PostgresPeopleWorld>;
