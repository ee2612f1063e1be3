using System.Net;
using System.Text.RegularExpressions;
using PmoPath.Testing;
using PmoPath.Testing.People;

namespace PmoPath.Web.Tests.Security;

/// <summary>
/// The security headers every answer carries, and HTTPS as a trusted proxy reports it (a Secure cookie, HSTS),
/// through real HTTP.
/// </summary>
public abstract partial class SecurityHeaderTests(PeopleWorld world)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/account/sign-in")]
    [InlineData("/courses")]
    [InlineData("/api/levels")]
    [InlineData("/api/people")]
    [InlineData("/no-such-page")]
    [InlineData("/openapi/v1.json")]
    public async Task Every_answer_carries_the_security_headers(string path)
    {
        using var client = world.Browser();
        using var response = await client.GetAsync(path);

        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        var scripts = csp.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src ", StringComparison.Ordinal));
        Assert.DoesNotContain("unsafe-inline", scripts, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", scripts, StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "no HSTS over plain HTTP");
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_that_says_https_the_cookie_is_secure_and_HSTS_is_sent()
    {
        var (cookie, response) = await SignInAsync(forwardedProto: "https");
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("max-age=", Header(response, "Strict-Transport-Security"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_plain_HTTP_the_cookie_is_not_marked_secure()
    {
        var (cookie, response) = await SignInAsync(forwardedProto: null);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    /// <summary>Signs in by hand (cookies carried in headers), so the answer's Set-Cookie can be read as sent.</summary>
    private async Task<(string Cookie, HttpResponseMessage Response)> SignInAsync(string? forwardedProto)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = world.App.BaseAddress };
        if (forwardedProto is not null)
            client.DefaultRequestHeaders.Add("X-Forwarded-Proto", forwardedProto);
        using var page = await client.GetAsync("/account/sign-in");
        var html = await page.Content.ReadAsStringAsync();
        var token = WebUtility.HtmlDecode(AntiforgeryField().Match(html).Groups[1].Value);
        var cookies = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "sign-in", ["__RequestVerificationToken"] = token,
                ["Input.Email"] = world["pat"].Email, ["Input.Password"] = PeopleWorld.Password,
            }),
        };
        post.Headers.Add("Cookie", cookies);
        var response = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("pmopath=", StringComparison.Ordinal));
        return (cookie, response);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri} has no {name} header.");

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

/// <summary>The app behind a load balancer on loopback, trusted by configuration to report the client's scheme.</summary>
public sealed class SqliteProxiedWorld() : PeopleWorld(TestDatabase.Sqlite)
{
    protected override string[] Settings => [.. base.Settings, "--ForwardedHeaders:KnownProxies:0=127.0.0.1"];
}

public sealed class PostgresProxiedWorld() : PeopleWorld(TestDatabase.Postgres)
{
    protected override string[] Settings => [.. base.Settings, "--ForwardedHeaders:KnownProxies:0=127.0.0.1"];
}

public sealed class SecurityHeadersOnSqliteTests(SqliteProxiedWorld world) : SecurityHeaderTests(world), IClassFixture<SqliteProxiedWorld>;

public sealed class SecurityHeadersOnPostgresTests(PostgresProxiedWorld world) : SecurityHeaderTests(world), IClassFixture<PostgresProxiedWorld>;
