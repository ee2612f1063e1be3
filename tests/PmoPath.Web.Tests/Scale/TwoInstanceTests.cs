using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Accounts;
using PmoPath.Testing;
using PmoPath.Testing.People;
using Xunit;

namespace PmoPath.Web.Tests.Scale;

/// <summary>
/// Two web instances over one database, as behind a load balancer (docs/adr/0010): whatever one instance
/// issues or counts, the other honours. The anonymous API is limited to ten calls a window so the shared
/// count can be seen; sign-in is not limited here.
/// </summary>
public abstract class TwoInstanceTests(TwoInstanceWorld world)
{
    private const int AnonymousLimit = 10;

    protected TwoInstanceWorld World { get; } = world;

    [Fact]
    public async Task A_sign_in_on_one_instance_is_honoured_by_the_other()
    {
        var cookies = new CookieContainer();
        using var one = Browser(World.App, cookies);
        using var two = Browser(World.Second, cookies);

        var signIn = await PeopleWorld.PostFormAsync(one, "/account/sign-in", "sign-in",
            new() { ["Input.Email"] = World["pat"].Email, ["Input.Password"] = World["pat"].Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        // The cookie was protected with a key from the shared key ring, so the other instance reads it.
        using var record = await two.GetAsync("/me");
        Assert.Equal(HttpStatusCode.OK, record.StatusCode);
        Assert.Contains("Pat Practitioner", await record.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_served_by_one_instance_is_accepted_by_the_other()
    {
        var cookies = new CookieContainer();
        using var one = Browser(World.App, cookies);
        using var two = Browser(World.Second, cookies);

        // The antiforgery token and cookie come from the first instance; the post goes to the second.
        var signIn = await PeopleWorld.PostFormAsync(two, "/account/sign-in", "sign-in",
            new() { ["Input.Email"] = World["sam"].Email, ["Input.Password"] = World["sam"].Password },
            tokenFrom: new Uri(World.App.BaseAddress, "/account/sign-in").ToString());
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        // And a form posted without the token is still refused there.
        using var bare = await two.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in", ["Input.Email"] = World["sam"].Email, ["Input.Password"] = World["sam"].Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
    }

    [Fact]
    public async Task The_anonymous_limit_is_counted_across_both_instances()
    {
        // From an address of its own, so that no other test's calls share the count.
        using var one = FromAddress(World.App, IPAddress.Parse("127.0.0.23"));
        using var two = FromAddress(World.Second, IPAddress.Parse("127.0.0.23"));

        var answers = new List<(int Instance, HttpStatusCode Status)>();
        for (var i = 0; i < 16; i++)
        {
            using var response = await (i % 2 == 0 ? one : two).GetAsync("/api/levels");
            answers.Add((i % 2, response.StatusCode));
        }

        // Either instance alone would have let all eight of its calls through.
        Assert.Equal(AnonymousLimit, answers.Count(a => a.Status == HttpStatusCode.OK));
        Assert.All(answers.Skip(AnonymousLimit), a => Assert.Equal(HttpStatusCode.TooManyRequests, a.Status));
        Assert.Contains(answers, a => a is (1, HttpStatusCode.TooManyRequests));
        Assert.Contains(answers, a => a is (0, HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task A_token_revoked_through_one_instance_is_refused_by_the_other()
    {
        var token = await World.App.Services.GetRequiredService<ApiTokens>().CreateAsync(World["colleague"].Email, "twins", null);
        using var two = World.ApiWithToken(token.Token);
        two.BaseAddress = World.Second.BaseAddress;
        Assert.Equal(HttpStatusCode.OK, (await two.GetAsync("/api/me")).StatusCode);

        await World.App.Services.GetRequiredService<ApiTokens>().RevokeAsync(token.Id);

        Assert.Equal(HttpStatusCode.Unauthorized, (await two.GetAsync("/api/me")).StatusCode);
    }

    /// <summary>A client whose connections come from <paramref name="source"/>, one of the loopback addresses.</summary>
    private static HttpClient FromAddress(TestApp app, IPAddress source) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { BaseAddress = app.BaseAddress };

    private static HttpClient Browser(TestApp app, CookieContainer cookies) =>
        // Cookies are kept per host, not per port, so both instances on 127.0.0.1 see the same jar, as
        // two instances behind one address do.
        new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = app.BaseAddress };
}

/// <summary>The people world with a second instance of the app beside the first, over the same database.</summary>
public abstract class TwoInstanceWorld(TestDatabase database) : PeopleWorld(database), IAsyncLifetime
{
    private TestApp? _second;

    public TestApp Second => _second ?? throw new InvalidOperationException("The second instance has not started.");

    protected override string[] Settings => ["--RateLimits:SignIn=100000", "--RateLimits:AnonymousApi=10", "--RateLimits:WindowSeconds=600"];

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        _second = await TestApp.StartBesideAsync(App, Settings);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_second is not null)
            await _second.DisposeAsync();
        await DisposeAsync();
    }
}

public sealed class SqliteTwoInstanceWorld() : TwoInstanceWorld(TestDatabase.Sqlite);

public sealed class PostgresTwoInstanceWorld() : TwoInstanceWorld(TestDatabase.Postgres);

public sealed class TwoInstancesOnSqliteTests(SqliteTwoInstanceWorld world) : TwoInstanceTests(world), IClassFixture<SqliteTwoInstanceWorld>;

public sealed class TwoInstancesOnPostgresTests(PostgresTwoInstanceWorld world) : TwoInstanceTests(world), IClassFixture<PostgresTwoInstanceWorld>;
