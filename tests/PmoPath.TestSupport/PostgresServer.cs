using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PmoPath.Testing;

/// <summary>
/// A real PostgreSQL server for the tests. Uses <c>PMOPATH_TEST_POSTGRES</c> (a connection string to a
/// running server) when set; otherwise starts a throw-away cluster from the Debian packages on a free
/// loopback port, once per test process, and stops it when the process exits. Every caller gets a
/// database of its own, so no test sees another's rows.
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<Task<string>> Server = new(StartAsync);

    public static async Task<string> CreateDatabaseAsync() => await CreateDatabaseAsync(await Server.Value);

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
        var port = FreePort();
        await RunAsPostgresAsync(asRoot, Path.Combine(bin, "initdb"), $"-D {data} -U postgres --auth=trust -E UTF8 --no-locale");
        await RunAsPostgresAsync(asRoot, Path.Combine(bin, "pg_ctl"),
            $"-D {data} -l {data}/log -w -o \"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections={maxConnections}\" start");
        var stop = () => RunAsPostgresAsync(asRoot, Path.Combine(bin, "pg_ctl"), $"-D {data} -m immediate stop");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop().GetAwaiter().GetResult();
        var server = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
        Clusters[server] = stop;
        return server;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Func<Task>> Clusters = new();

    /// <summary>Stops a cluster <see cref="StartClusterAsync"/> started, at once (the process-exit stop is only a backstop).</summary>
    public static async Task StopClusterAsync(string server)
    {
        if (Clusters.TryRemove(server, out var stop))
            await stop();
    }

    private static Task RunAsPostgresAsync(bool asRoot, string program, string arguments) =>
        asRoot ? RunAsync("runuser", $"-u postgres -- {program} {arguments}") : RunAsync(program, arguments);

    private static async Task RunAsync(string program, string arguments)
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
