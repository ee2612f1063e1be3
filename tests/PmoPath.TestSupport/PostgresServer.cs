using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PmoPath.Testing;

/// <summary>
/// A real PostgreSQL server for the tests. Uses <c>PMOPATH_TEST_POSTGRES</c> (a connection string to a
/// running server) when set; otherwise starts a throw-away cluster from the Debian packages on a free
/// loopback port, once per test process, and stops it when the process exits. Every caller gets a
/// database of its own, so no test sees another's rows. With <c>PMOPATH_TEST_PGBOUNCER=1</c> every such database is
/// reached through a PgBouncer in transaction pooling mode in front of that server (<see cref="PgBouncer"/>), so the
/// PostgreSQL tests run as an app behind a pooler does.
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<Task<string>> Server = new(StartAsync);

    private static readonly Lazy<Task<PgBouncer>> Bouncer = new(async () => await PgBouncer.StartAsync(await Server.Value));

    /// <summary>Whether the shared server's databases are reached through PgBouncer (<c>PMOPATH_TEST_PGBOUNCER=1</c>).</summary>
    public static bool ThroughPgBouncer => Environment.GetEnvironmentVariable("PMOPATH_TEST_PGBOUNCER") is "1" or "true";

    public static async Task<string> CreateDatabaseAsync()
    {
        var database = await CreateDatabaseAsync(await Server.Value);
        return ThroughPgBouncer ? (await Bouncer.Value).Through(database) : database;
    }

    /// <summary>A new database on the shared server, reached through the shared PgBouncer in transaction pooling mode.</summary>
    public static async Task<string> CreateDatabaseThroughPgBouncerAsync() =>
        (await Bouncer.Value).Through(await CreateDatabaseAsync(await Server.Value));

    /// <summary>The shared test server (a connection string to its <c>postgres</c> database), started on first use.</summary>
    public static Task<string> SharedServerAsync() => Server.Value;

    /// <summary>A new database on <paramref name="server"/> (a connection string to its <c>postgres</c> database).</summary>
    public static async Task<string> CreateDatabaseAsync(string server)
    {
        var name = "pmopath_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private static async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("PMOPATH_TEST_POSTGRES") is { Length: > 0 } configured)
            return new NpgsqlConnectionStringBuilder(configured) { Database = "postgres" }.ConnectionString;
        return await StartClusterAsync(maxConnections: 300);
    }

    /// <summary>
    /// Starts a throw-away cluster of the test's own (for a server setting the shared one lacks, such as a small
    /// <c>max_connections</c>), stopped when the process exits; returns a connection string to its <c>postgres</c> database.
    /// </summary>
    public static async Task<string> StartClusterAsync(int maxConnections)
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
            : null;
        if (bin is null)
            throw new InvalidOperationException("No PostgreSQL server for the tests: install the Debian package 'postgresql' or set PMOPATH_TEST_POSTGRES.");

        var data = Directory.CreateTempSubdirectory("pmopath-pg-").FullName;
        var asRoot = Environment.UserName == "root";
        if (asRoot)
            await RunAsync("chown", $"postgres:postgres {data}");
        await RunAsPostgresAsync(asRoot, Path.Combine(bin, "initdb"), $"-D {data} -U postgres --auth=trust -E UTF8 --no-locale");
        return await StartAsync(bin, data, asRoot, $"-c fsync=off -c max_connections={maxConnections}");
    }

    /// <summary>
    /// Starts a streaming replica of <paramref name="primary"/> (a cluster <see cref="StartClusterAsync"/> started), made the
    /// way an operator makes one: a replication role on the primary, <c>pg_basebackup -R</c> from it over loopback, and a
    /// hot standby on a port of its own. Returns a connection string to the replica's <c>postgres</c> database; stop it
    /// with <see cref="StopClusterAsync"/>.
    /// </summary>
    public static async Task<string> StartReplicaAsync(string primary)
    {
        var (bin, _, asRoot) = Clusters[primary].Layout;
        await using (var connection = new NpgsqlConnection(primary))
        {
            await connection.OpenAsync();
            // initdb's pg_hba.conf lets replication connections in from 127.0.0.1; wal_level is "replica" by default.
            await using var role = new NpgsqlCommand(
                $"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ReplicationRole}') THEN CREATE ROLE {ReplicationRole} WITH REPLICATION LOGIN; END IF; END $$", connection);
            await role.ExecuteNonQueryAsync();
        }
        var parent = Directory.CreateTempSubdirectory("pmopath-pg-replica-").FullName;
        if (asRoot)
            await RunAsync("chown", $"postgres:postgres {parent}");
        var data = Path.Combine(parent, "data");
        var source = new NpgsqlConnectionStringBuilder(primary);
        await RunAsPostgresAsync(asRoot, Path.Combine(bin, "pg_basebackup"),
            $"-h 127.0.0.1 -p {source.Port} -U {ReplicationRole} -D {data} -R -X stream -c fast");
        return await StartAsync(bin, data, asRoot, "-c fsync=off -c hot_standby=on");
    }

    /// <summary>The role the replica streams as.</summary>
    public const string ReplicationRole = "pmopath_replication";

    private static async Task<string> StartAsync(string bin, string data, bool asRoot, string settings)
    {
        var port = FreePort();
        await RunAsPostgresAsync(asRoot, Path.Combine(bin, "pg_ctl"),
            $"-D {data} -l {data}/log -w -o \"-p {port} -k {data} -c listen_addresses=127.0.0.1 {settings}\" start");
        var server = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
        var cluster = new Cluster((bin, data, asRoot), () => RunAsPostgresAsync(asRoot, Path.Combine(bin, "pg_ctl"), $"-D {data} -m immediate stop"));
        Clusters[server] = cluster;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (Clusters.TryRemove(server, out _))
                cluster.StopAsync().GetAwaiter().GetResult();
        };
        return server;
    }

    /// <summary>
    /// Has <paramref name="stop"/> (a quick kill of a process in front of the server, such as PgBouncer) run first when
    /// the cluster behind <paramref name="server"/> stops, also at process exit, where the test host may be ended soon.
    /// </summary>
    internal static void StopFirst(string server, Action stop)
    {
        if (Clusters.TryGetValue(server, out var cluster))
            cluster.Companions.Enqueue(stop);
    }

    private sealed record Cluster((string Bin, string Data, bool AsRoot) Layout, Func<Task> Stop)
    {
        public System.Collections.Concurrent.ConcurrentQueue<Action> Companions { get; } = new();

        public async Task StopAsync()
        {
            while (Companions.TryDequeue(out var companion))
                companion();
            await Stop();
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Cluster> Clusters = new();

    /// <summary>Stops a cluster <see cref="StartClusterAsync"/> started, at once (the process-exit stop is only a backstop).</summary>
    public static async Task StopClusterAsync(string server)
    {
        if (Clusters.TryRemove(server, out var cluster))
            await cluster.StopAsync();
    }

    internal static Task RunAsPostgresAsync(bool asRoot, string program, string arguments) =>
        asRoot ? RunAsync("runuser", $"-u postgres -- {program} {arguments}") : RunAsync(program, arguments);

    internal static async Task RunAsync(string program, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {arguments} exited with {process.ExitCode}: {await stderr}");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
