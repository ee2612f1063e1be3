using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using PmoPath.Testing;

namespace PmoPath.Web.Tests.Operations;

/// <summary>
/// A real Prometheus server (Debian's <c>prometheus</c>) on loopback, with a configuration and a storage folder of
/// its own, scraping one target every second. Stopped (the process, never a service) when disposed.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus";

    private readonly Process _process;
    private readonly string _folder;
    private readonly StringWriter _log = new();

    private PrometheusServer(Process process, string folder, Uri address)
    {
        _process = process;
        _folder = folder;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri Address { get; }
    public HttpClient Client { get; }

    /// <summary>Starts Prometheus scraping <paramref name="target"/> (host:port) at <paramref name="path"/>, with a bearer token when given.</summary>
    public static async Task<PrometheusServer> StartAsync(string target, string path = "/metrics", string? token = null)
    {
        if (!File.Exists(Binary))
            throw new InvalidOperationException($"{Binary} is missing: install Debian's prometheus package (.ci/run does).");
        var folder = Directory.CreateTempSubdirectory("pmopath-prometheus-").FullName;
        var config = Path.Combine(folder, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: pmopath
                metrics_path: {path}
                static_configs:
                  - targets: ['{target}']
            {(token is null ? "" : $"    authorization:\n      credentials: '{token}'\n")}
            """);
        var port = FreePort();
        var start = new ProcessStartInfo(Binary)
        {
            ArgumentList =
            {
                $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(folder, "data")}",
                $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start.");
        var server = new PrometheusServer(process, folder, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => server.Log(e.Data);
        process.ErrorDataReceived += (_, e) => server.Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = Deadline.In(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"prometheus exited with {process.ExitCode}: {server.Output}");
            try
            {
                using var ready = await server.Client.GetAsync("-/ready");
                if (ready.IsSuccessStatusCode)
                    return server;
            }
            catch (HttpRequestException) when (!deadline.Passed)
            {
            }
            if (deadline.Passed)
                throw new TimeoutException($"prometheus was not ready after 30 s: {server.Output}");
            await Task.Delay(200);
        }
    }

    public string Output
    {
        get
        {
            lock (_log)
                return _log.ToString();
        }
    }

    private void Log(string? line)
    {
        if (line is null)
            return;
        lock (_log)
            _log.WriteLine(line);
    }

    /// <summary>The value of an instant PromQL query that yields one series, or null while it yields none.</summary>
    public async Task<double?> QueryAsync(string promql)
    {
        using var response = await Client.GetAsync($"api/v1/query?query={Uri.EscapeDataString(promql)}");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        if (body.GetProperty("status").GetString() != "success")
            throw new InvalidOperationException($"Prometheus refused '{promql}': {body}");
        var result = body.GetProperty("data").GetProperty("result");
        if (result.GetArrayLength() == 0)
            return null;
        return double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    /// <summary>Polls <paramref name="promql"/> until its value satisfies <paramref name="done"/>, or fails after the timeout with the last value.</summary>
    public async Task<double> WaitForAsync(string promql, Func<double, bool> done, TimeSpan? timeout = null)
    {
        var deadline = Deadline.In(timeout ?? TimeSpan.FromSeconds(30));
        double? last = null;
        while (!deadline.Passed)
        {
            last = await QueryAsync(promql);
            if (last is { } value && done(value))
                return value;
            await Task.Delay(250);
        }
        throw new TimeoutException($"'{promql}' was {last?.ToString(CultureInfo.InvariantCulture) ?? "empty"} after the timeout. Targets: {await TargetsAsync()} Log: {Output}");
    }

    /// <summary>The scrape targets' health as Prometheus reports it (for a failure's message).</summary>
    public async Task<string> TargetsAsync()
    {
        try
        {
            return await Client.GetStringAsync("api/v1/targets");
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp cleaning.
        }
    }
}
