using System.Diagnostics;
using Npgsql;

namespace PmoPath.Testing;

/// <summary>
/// A real PgBouncer (Debian's <c>pgbouncer</c>) on a free loopback port in front of a test PostgreSQL server, in
/// transaction pooling mode: a server connection belongs to a client only for one transaction, as in a hosted
/// deployment with many instances (docs/adr/0010). Every database of the server is reachable through it by name.
/// </summary>
public sealed class PgBouncer : IAsyncDisposable
{
    private readonly string _folder;
    private readonly int _pid;
    private int _stopped;

    private PgBouncer(string folder, int port, int pid)
    {
        _folder = folder;
        Port = port;
        _pid = pid;
    }

    public int Port { get; }

    /// <summary>
    /// Starts one in front of <paramref name="server"/> (a connection string to it). <paramref name="poolSize"/> is the
    /// number of server connections it opens per database: 1 makes every client share one server session.
    /// </summary>
    public static async Task<PgBouncer> StartAsync(string server, int poolSize = 20)
    {
        const string program = "/usr/sbin/pgbouncer";
        if (!File.Exists(program))
            throw new InvalidOperationException("No PgBouncer for the tests: install the Debian package 'pgbouncer'.");
        var target = new NpgsqlConnectionStringBuilder(server);
        var folder = Directory.CreateTempSubdirectory("pmopath-pgbouncer-").FullName;
        var port = PostgresServer.FreePort();
        await File.WriteAllTextAsync(Path.Combine(folder, "users.txt"), $"\"{target.Username}\" \"\"\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "pgbouncer.ini"), $"""
            [databases]
            * = host={target.Host} port={target.Port}

            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = {port}
            unix_socket_dir =
            auth_type = trust
            auth_file = {folder}/users.txt
            pool_mode = transaction
            default_pool_size = {poolSize}
            max_client_conn = 2000
            max_user_connections = 200
            server_idle_timeout = 10
            logfile = {folder}/pgbouncer.log
            pidfile = {folder}/pgbouncer.pid
            """);
        // PgBouncer refuses to run as root; as root it runs as postgres, like the server.
        var asRoot = Environment.UserName == "root";
        if (asRoot)
            await PostgresServer.RunAsync("chown", $"-R postgres:postgres {folder}");
        await PostgresServer.RunAsPostgresAsync(asRoot, program, $"-d {folder}/pgbouncer.ini");
        var pidFile = Path.Combine(folder, "pgbouncer.pid");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!File.Exists(pidFile) || (await File.ReadAllTextAsync(pidFile, deadline.Token)).Trim().Length == 0)
            await Task.Delay(50, deadline.Token);
        var bouncer = new PgBouncer(folder, port, int.Parse((await File.ReadAllTextAsync(pidFile, deadline.Token)).Trim(), System.Globalization.CultureInfo.InvariantCulture));
        // Stopped when its server stops, before it (at process exit the test host may be ended soon after the first stop).
        PostgresServer.StopFirst(server, bouncer.Stop);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => bouncer.Stop();
        return bouncer;
    }

    /// <summary>
    /// <paramref name="database"/> (a connection string to a database of the server) reached through PgBouncer, with the
    /// Npgsql settings transaction pooling needs: no reset of session state on close (PgBouncer owns the server sessions),
    /// and no automatically prepared statements (a prepared statement lives in a server session this client may not get again).
    /// </summary>
    public string Through(string database) => new NpgsqlConnectionStringBuilder(database)
    {
        Host = "127.0.0.1",
        Port = Port,
        NoResetOnClose = true,
        MaxAutoPrepare = 0,
    }.ConnectionString;

    /// <summary>PgBouncer's log: what it refused and why.</summary>
    public string Log => File.Exists(Path.Combine(_folder, "pgbouncer.log")) ? File.ReadAllText(Path.Combine(_folder, "pgbouncer.log")) : "";

    private void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
            return;
        try
        {
            // No wait: the daemon is not this process's child, so it is not ours to reap, and at process exit the
            // server's stop must follow at once. The kill frees its port straight away.
            using var process = Process.GetProcessById(_pid);
            process.Kill();
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }
}
