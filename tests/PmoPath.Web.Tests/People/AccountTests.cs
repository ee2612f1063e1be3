using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Testing;
using PmoPath.Testing.People;
using PmoPath.Web.Hosting;

namespace PmoPath.Web.Tests.People;

/// <summary>Sign-in, lockout, passwords, invitations, resets, antiforgery and the audit log, through the real pages.</summary>
public abstract partial class AccountTests(PeopleWorld world)
{
    [Fact]
    public async Task Signing_in_leads_to_my_record_and_is_audited()
    {
        using var browser = await world.SignInAsync("pat");
        var me = await browser.GetAsync("/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var page = await me.Content.ReadAsStringAsync();
        Assert.Contains("Pat Practitioner", page, StringComparison.Ordinal);
        Assert.Contains("Sign out", page, StringComparison.Ordinal);

        await using var db = await SystemAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.SignIn && a.SubjectPersonId == world["pat"].PersonId));
    }

    [Fact]
    public async Task A_signed_in_person_downloads_their_data_from_my_record()
    {
        using var browser = await world.SignInAsync("sam");
        var response = await browser.GetAsync("/me/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var json = await response.Content.ReadAsStringAsync();
        Assert.Contains(world["sam"].Email, json, StringComparison.Ordinal);
        Assert.DoesNotContain(world["pat"].Email, json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/me/export")]
    [InlineData("/me")]
    [InlineData("/me/development")]
    [InlineData("/people")]
    public async Task A_page_for_signed_in_people_redirects_to_sign_in(string path)
    {
        using var browser = world.Browser();
        var response = await browser.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_API_does_not_accept_the_sign_in_cookie()
    {
        using var browser = await world.SignInAsync("pat");
        var response = await browser.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused()
    {
        using var browser = world.Browser();
        var response = await browser.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in", ["Input.Email"] = world["pat"].Email, ["Input.Password"] = PeopleWorld.Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.Where(c => c.StartsWith("pmopath=", StringComparison.Ordinal)) : []);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var member = await world.AddAsync("lock-" + Guid.NewGuid().ToString("N")[..6], "Acme", PmoRole.Practitioner);
        using var browser = world.Browser();
        for (var i = 0; i < AccountSetup.MaxFailedSignIns; i++)
        {
            var wrong = await SignInFormAsync(browser, member.Email, "not the right password");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }
        var right = await SignInFormAsync(browser, member.Email, member.Password);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using var db = await SystemAsync();
        Assert.Equal(AccountSetup.MaxFailedSignIns - 1, await db.AuditEntries.CountAsync(a => a.Action == AuditActions.SignInFailed && a.SubjectPersonId == member.PersonId));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.LockedOut && a.SubjectPersonId == member.PersonId));
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_account_get_the_same_answer()
    {
        using var browser = world.Browser();
        var wrong = await (await SignInFormAsync(browser, world["sam"].Email, "not the right password")).Content.ReadAsStringAsync();
        var unknown = await (await SignInFormAsync(browser, "nobody@acme.test", "not the right password")).Content.ReadAsStringAsync();
        Assert.Contains("Wrong email or password.", wrong, StringComparison.Ordinal);
        Assert.Contains("Wrong email or password.", unknown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invited_person_chooses_a_password_of_at_least_12_characters_and_is_signed_in()
    {
        var email = $"invited-{Guid.NewGuid():N}@acme.test";
        await using (var scope = world.App.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<AccountAdmin>().AddUserAsync(new NewUser("Acme", email, PmoRole.Practitioner, "Alpha"));
        var link = LinkIn(world.Mail().Last(m => m.Contains($"To: {email}", StringComparison.Ordinal)));
        Assert.StartsWith("/account/accept-invitation", link, StringComparison.Ordinal);

        using var browser = world.Browser();
        var (mailEmail, code) = Query(link);
        var tooShort = await PeopleWorld.PostFormAsync(browser, link, "set-password",
            new() { ["Input.Email"] = mailEmail, ["Input.Code"] = code, ["Input.Password"] = "elevenchars", ["Input.Confirm"] = "elevenchars" });
        Assert.Equal(HttpStatusCode.OK, tooShort.StatusCode);
        Assert.Contains("at least 12 characters", await tooShort.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        const string chosen = "a long enough pass phrase";
        var accepted = await PeopleWorld.PostFormAsync(browser, link, "set-password",
            new() { ["Input.Email"] = mailEmail, ["Input.Code"] = code, ["Input.Password"] = chosen, ["Input.Confirm"] = chosen });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        // Signed in, the practitioner lands on their own development page, as after signing in.
        Assert.EndsWith("/me/development", accepted.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/me")).StatusCode);

        // The link works once.
        using var again = world.Browser();
        var reused = await PeopleWorld.PostFormAsync(again, link, "set-password",
            new() { ["Input.Email"] = mailEmail, ["Input.Code"] = code, ["Input.Password"] = "another long pass phrase", ["Input.Confirm"] = "another long pass phrase" });
        Assert.Contains("not valid", await reused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_reset_goes_through_the_mail_and_says_nothing_about_unknown_addresses()
    {
        var member = await world.AddAsync("reset-" + Guid.NewGuid().ToString("N")[..6], "Acme", PmoRole.Practitioner);
        using var browser = world.Browser();
        var before = world.Mail().Count;
        var unknown = await PeopleWorld.PostFormAsync(browser, "/account/forgot-password", "forgot", new() { ["Input.Email"] = "nobody@nowhere.test" });
        var known = await PeopleWorld.PostFormAsync(browser, "/account/forgot-password", "forgot", new() { ["Input.Email"] = member.Email });
        Assert.Equal(await Normalise(unknown), await Normalise(known));
        Assert.Equal(before + 1, world.Mail().Count);

        var link = LinkIn(world.Mail().Last(m => m.Contains($"To: {member.Email}", StringComparison.Ordinal) && m.Contains("reset-password", StringComparison.Ordinal)));
        var (email, code) = Query(link);
        const string chosen = "a brand new pass phrase";
        // An address elsewhere is no place to return to; the role's own page is.
        var offSite = await PeopleWorld.PostFormAsync(browser, link + "&returnUrl=" + WebUtility.UrlEncode("//evil.example/x"), "set-password",
            new() { ["Input.Email"] = email, ["Input.Code"] = code, ["Input.Password"] = chosen, ["Input.Confirm"] = chosen });
        Assert.Equal(HttpStatusCode.Redirect, offSite.StatusCode);
        Assert.EndsWith("/me/development", offSite.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // A local return address wins, as on the sign-in page.
        await PeopleWorld.PostFormAsync(browser, "/account/forgot-password", "forgot", new() { ["Input.Email"] = member.Email });
        var second = LinkIn(world.Mail().Last(m => m.Contains($"To: {member.Email}", StringComparison.Ordinal) && m.Contains("reset-password", StringComparison.Ordinal)));
        (email, code) = Query(second);
        var reset = await PeopleWorld.PostFormAsync(browser, second + "&returnUrl=" + WebUtility.UrlEncode("/career-guide"), "set-password",
            new() { ["Input.Email"] = email, ["Input.Code"] = code, ["Input.Password"] = chosen, ["Input.Confirm"] = chosen });
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.EndsWith("/career-guide", reset.Headers.Location!.OriginalString, StringComparison.Ordinal);

        using var fresh = world.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await SignInFormAsync(fresh, member.Email, chosen)).StatusCode);
    }

    [Fact]
    public async Task A_password_shorter_than_12_characters_is_refused_naming_the_field()
    {
        await using var scope = world.App.Services.CreateAsyncScope();
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => scope.ServiceProvider.GetRequiredService<AccountAdmin>()
            .AddUserAsync(new NewUser("Acme", $"short-{Guid.NewGuid():N}@acme.test", PmoRole.Practitioner), "elevenchars"));
        Assert.True(error.Errors.ContainsKey("password"));
    }

    [Fact]
    public async Task The_audit_log_and_the_mail_hold_no_password_or_token()
    {
        using (await world.SignInAsync("pat"))
        {
        }
        using var browser = world.Browser();
        await SignInFormAsync(browser, world["pat"].Email, "a wrong password typed here");
        await SignInFormAsync(browser, "a password typed in the email box", "x");

        await using var db = await SystemAsync();
        var entries = await db.AuditEntries.ToListAsync();
        Assert.NotEmpty(entries);
        var text = string.Join("\n", entries.Select(e => $"{e.Action} {e.Detail} {e.ActorUserId}"));
        foreach (var secret in new[] { PeopleWorld.Password, "a wrong password typed here", "a password typed in the email box" }.Concat(world.Members.Select(m => m.Token)))
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        foreach (var mail in world.Mail())
            Assert.DoesNotContain(PeopleWorld.Password, mail, StringComparison.Ordinal);
        Assert.Contains(entries, e => e.Action == AuditActions.TokenCreated);
        Assert.Contains(entries, e => e.Action == AuditActions.SignInFailed && e.Detail == "unknown account");
    }

    [Fact]
    public async Task A_role_change_is_audited_and_takes_effect_on_the_API()
    {
        var member = await world.AddAsync("promote-" + Guid.NewGuid().ToString("N")[..6], "Acme", PmoRole.Practitioner);
        await using (var scope = world.App.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<AccountAdmin>().SetRoleAsync(member.Email, PmoRole.OrgAdmin);
        using var client = world.ApiWithToken(member.Token);
        var me = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.JsonElement>(client, "/api/me");
        Assert.Equal("org-admin", me.GetProperty("role").GetString());
        await using var db = await SystemAsync();
        var entry = await db.AuditEntries.SingleAsync(a => a.Action == AuditActions.RoleChanged && a.SubjectPersonId == member.PersonId);
        Assert.Equal("practitioner -> org-admin", entry.Detail);
    }

    private Task<HttpResponseMessage> SignInFormAsync(HttpClient browser, string email, string password) =>
        PeopleWorld.PostFormAsync(browser, "/account/sign-in", "sign-in", new() { ["Input.Email"] = email, ["Input.Password"] = password });

    private static async Task<string> Normalise(HttpResponseMessage response) =>
        AntiforgeryValue().Replace(await response.Content.ReadAsStringAsync(), "");

    private static string LinkIn(string mail)
    {
        var url = new Uri(UrlInMail().Match(mail).Value);
        return url.PathAndQuery;
    }

    private static (string Email, string Code) Query(string link)
    {
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + link).Query);
        return (query["email"]!, query["code"]!);
    }

    private async Task<AppDbContext> SystemAsync() =>
        (await world.App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync()).BindTo(Caller.System);

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex UrlInMail();

    [GeneratedRegex("value=\"CfDJ[^\"]*\"")]
    private static partial Regex AntiforgeryValue();
}

public sealed class AccountOnSqliteTests(SqlitePeopleWorld world) : AccountTests(world), IClassFixture<SqlitePeopleWorld>;

public sealed class AccountOnPostgresTests(PostgresPeopleWorld world) : AccountTests(world), IClassFixture<PostgresPeopleWorld>;

/// <summary>An app with low rate limits, to see the 429s.</summary>
public sealed class RateLimitedWorld() : PeopleWorld(TestDatabase.Sqlite)
{
    protected override string[] Settings => ["--RateLimits:SignIn=3", "--RateLimits:AnonymousApi=5"];
}

public sealed class RateLimitTests(RateLimitedWorld world) : IClassFixture<RateLimitedWorld>
{
    [Fact]
    public async Task Sign_in_posts_beyond_the_limit_get_429()
    {
        using var browser = world.Browser();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            statuses.Add((await PeopleWorld.PostFormAsync(browser, "/account/sign-in", "sign-in",
                new() { ["Input.Email"] = world["sam"].Email, ["Input.Password"] = "wrong password here" })).StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task The_anonymous_API_beyond_the_limit_gets_429_but_a_token_holder_does_not()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
            statuses.Add((await world.App.Client.GetAsync("/api/levels")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        var limited = await world.App.Client.GetAsync("/api/levels");
        Assert.True(limited.Headers.RetryAfter is not null);

        using var client = world.Api("pat");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/levels")).StatusCode);
    }
}
