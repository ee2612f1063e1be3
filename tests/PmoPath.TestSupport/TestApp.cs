using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using PmoPath.Web;

namespace PmoPath.Testing;

public enum TestDatabase
{
    Sqlite,
    Postgres,

    /// <summary>A database on the test PostgreSQL server reached through PgBouncer in transaction pooling mode.</summary>
    PostgresThroughPgBouncer,
}

/// <summary>
/// The real web app on a real Kestrel port on loopback, over a fresh database of its own: a new SQLite
/// file in a temporary folder, or a new database on the test PostgreSQL server.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestApp(WebApplication app, FakeTimeProvider clock, Uri baseAddress, string dataFolder, string? connectionString)
    {
        _app = app;
        Clock = clock;
        BaseAddress = baseAddress;
        DataFolder = dataFolder;
        ConnectionString = connectionString;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => _app.Services;

    /// <summary>The app's clock: it stands at <see cref="TestClock.Start"/> until the test moves it.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>Counts the SQL commands a marked request makes (<see cref="Testing.RoundTrips"/>).</summary>
    public RoundTrips RoundTrips => _app.Services.GetRequiredService<RoundTrips>();

    /// <summary>A temporary folder of this app's own: the SQLite file lives here, and tests may write files here.</summary>
    public string DataFolder { get; }

    /// <summary>The connection string of a PostgreSQL database, or null on SQLite.</summary>
    public string? ConnectionString { get; }

    /// <summary>The command-line style settings that point another host (such as the CLI) at the same database.</summary>
    public IReadOnlyList<string> DatabaseArgs => ConnectionString is null
        ? [$"--Database:DataFolder={DataFolder}"]
        : ["--Database:Provider=Postgres", $"--ConnectionStrings:PmoPath={ConnectionString}"];

    public static Task<TestApp> StartAsync(TestDatabase database = TestDatabase.Sqlite, params string[] extraArgs) =>
        StartAsync(TestClock.New(), database, extraArgs);

    /// <summary>Starts the app on <paramref name="clock"/> (one standing at a date the test chose).</summary>
    public static async Task<TestApp> StartAsync(FakeTimeProvider clock, TestDatabase database = TestDatabase.Sqlite, params string[] extraArgs)
    {
        var folder = Directory.CreateTempSubdirectory("pmopath-test-").FullName;
        var connectionString = database switch
        {
            TestDatabase.Postgres => await PostgresServer.CreateDatabaseAsync(),
            TestDatabase.PostgresThroughPgBouncer => await PostgresServer.CreateDatabaseThroughPgBouncerAsync(),
            _ => null,
        };
        var args = new List<string> { "--urls=http://127.0.0.1:0", "--environment=Testing", $"--Database:DataFolder={folder}" };
        if (connectionString is not null)
            args.AddRange(["--Database:Provider=Postgres", $"--ConnectionStrings:PmoPath={connectionString}"]);
        args.AddRange(extraArgs);

        var app = Build(args, clock);
        return await LaunchAsync(app, clock, folder, connectionString);
    }

    /// <summary>Starts the app over an existing PostgreSQL database (one on a server the test started itself).</summary>
    public static async Task<TestApp> StartOnPostgresAsync(string connectionString, params string[] extraArgs)
    {
        var folder = Directory.CreateTempSubdirectory("pmopath-test-").FullName;
        var clock = TestClock.New();
        var app = Build(["--urls=http://127.0.0.1:0", "--environment=Testing", $"--Database:DataFolder={folder}",
            "--Database:Provider=Postgres", $"--ConnectionStrings:PmoPath={connectionString}", .. extraArgs], clock);
        return await LaunchAsync(app, clock, folder, connectionString);
    }

    /// <summary>
    /// Starts a second instance of the app over the same database as <paramref name="other"/>: two web servers
    /// on their own ports sharing one PostgreSQL (or one SQLite file), as a hosted PmoPath runs. Both read one clock.
    /// </summary>
    public static async Task<TestApp> StartBesideAsync(TestApp other, params string[] extraArgs)
    {
        var folder = Directory.CreateTempSubdirectory("pmopath-test-").FullName;
        var args = new List<string> { "--urls=http://127.0.0.1:0", "--environment=Testing", $"--Mail:PickupFolder={Path.Combine(folder, "mail")}" };
        args.AddRange(other.DatabaseArgs);
        args.AddRange(extraArgs);
        var app = Build(args, other.Clock);
        return await LaunchAsync(app, other.Clock, folder, other.ConnectionString);
    }

    /// <summary>Migrates, starts and wraps a built app: the one start sequence of every way a test starts one.</summary>
    private static async Task<TestApp> LaunchAsync(WebApplication app, FakeTimeProvider clock, string folder, string? connectionString)
    {
        await app.InitializeAsync();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new TestApp(app, clock, new Uri(address), folder, connectionString);
    }

    /// <summary>The web app as PmoPath builds it, reading <paramref name="clock"/> instead of the system's.</summary>
    public static WebApplication Build(IEnumerable<string> args, TimeProvider clock) =>
        PmoPathApp.Build([.. args], services =>
        {
            services.Replace(ServiceDescriptor.Singleton(clock));
            services.AddSingleton<RoundTrips>();
            services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(sp => sp.GetRequiredService<RoundTrips>());
        });

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a pooled connection; the temp folder is cleaned by the OS.
        }
    }
}
