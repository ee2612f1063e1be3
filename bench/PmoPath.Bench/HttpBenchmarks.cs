using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace PmoPath.Bench;

/// <summary>
/// The web app as users meet it: started as its own process over a prepared database, measured with a
/// small fixed-concurrency HTTP client on loopback. For each page or endpoint and each concurrency it
/// prints requests per second and p50/p99 latency beside the same figures for <c>/ping</c> (a constant
/// answer from the same app: the ceiling, measured just before each target) and the ratio; then the server's peak memory and its cold start
/// to the first answered request (the home page). Each cell runs for a bounded time.
/// </summary>
public static partial class HttpBenchmarks
{
    public sealed record Target(string Name, Func<HttpClient> Client, Func<HttpRequestMessage> Request);

    public sealed record Options(string DataFolder, string[] ServerArgs, double Seconds, int[] Concurrency);

    /// <summary>One target at one concurrency, beside the ceiling measured just before it.</summary>
    public sealed record Cell(string Target, int Clients, Figures Figures, Figures Ceiling);

    public sealed record Run(TimeSpan ColdStart, long ServerPeakMegabytes, List<Cell> Cells);

    /// <summary>Starts the server, signs in the given accounts, runs every target, prints the table; returns the figures.</summary>
    public static async Task<Run> RunAsync(Options options, Func<Uri, Task<List<Target>>> targets)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        // bench/run publishes the app ReadyToRun, as it is deployed, and names it here; otherwise the build output.
        var web = Environment.GetEnvironmentVariable("PMOPATH_BENCH_WEB") is { Length: > 0 } published ? published : Path.Combine(AppContext.BaseDirectory, "PmoPath.Web.dll");
        Console.WriteLine($"Web app: {web}.");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { web, $"--urls={address}", $"--Database:DataFolder={options.DataFolder}", "--environment=Production",
                "--Logging:LogLevel:Default=Warning", "--RateLimits:AnonymousApi=1000000000", "--RateLimits:SignIn=1000000",
                "--RateLimits:Advice=1000000000",
                // A throwaway database: its key ring needs no certificate (production refuses to start without one).
                "--DataProtection:AllowUnencrypted=true" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var arg in options.ServerArgs)
            start.ArgumentList.Add(arg);
        var clock = Stopwatch.StartNew();
        using var server = Process.Start(start) ?? throw new InvalidOperationException("The web app did not start.");
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) Console.Error.WriteLine($"  server: {e.Data}"); };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            var coldStart = await FirstAnswerAsync(address, clock);
            Console.WriteLine($"Cold start to the first answered request: {coldStart.TotalMilliseconds:N0} ms (goal under 2,000 ms).");
            var list = await targets(address);
            var cells = new List<Cell>();
            using var ceilingClient = NewClient(address);
            Console.WriteLine($"{"target",-34} {"clients",7} {"req/s",9} {"p50 ms",8} {"p99 ms",8} {"ceiling req/s",14} {"ceiling p99",12} {"share",7}");
            foreach (var concurrency in options.Concurrency)
            {
                foreach (var target in list)
                {
                    // The ceiling just before each target, so that both see the machine in the same state.
                    var ceiling = await LoadAsync(() => ceilingClient, () => new HttpRequestMessage(HttpMethod.Get, "/ping"), concurrency, options.Seconds);
                    var figures = await LoadAsync(target.Client, target.Request, concurrency, options.Seconds);
                    cells.Add(new Cell(target.Name, concurrency, figures, ceiling));
                    Console.WriteLine($"{target.Name,-34} {concurrency,7} {figures.PerSecond,9:N0} {figures.P50,8:0.0} {figures.P99,8:0.0} {ceiling.PerSecond,14:N0} {ceiling.P99,12:0.0} {figures.PerSecond / ceiling.PerSecond,7:P0}{(figures.Failures > 0 ? $"  {figures.Failures} failed" : "")}");
                }
            }
            var peak = Finding.PeakMegabytes(server.Id.ToString(CultureInfo.InvariantCulture));
            Console.WriteLine($"Server peak memory (VmHWM): {peak:N0} MB.");
            return new Run(coldStart, peak, cells);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    public sealed record Figures(double PerSecond, double P50, double P99, int Failures);

    /// <summary>Runs <paramref name="concurrency"/> loops sending the request for the time given (after a short warm-up), each waiting for its answer.</summary>
    public static async Task<Figures> LoadAsync(Func<HttpClient> client, Func<HttpRequestMessage> request, int concurrency, double seconds)
    {
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Loop(TimeSpan.FromSeconds(Math.Min(1, seconds / 3)), null)));
        var latencies = new List<double>[concurrency];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(i => Loop(TimeSpan.FromSeconds(seconds), latencies[i] = [])));
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Figures(all.Length / elapsed, Percentile(all, 0.5), Percentile(all, 0.99), failures);

        async Task Loop(TimeSpan duration, List<double>? into)
        {
            var http = client();
            var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < until)
            {
                var sent = Stopwatch.GetTimestamp();
                bool answered;
                try
                {
                    using var response = await http.SendAsync(request(), HttpCompletionOption.ResponseContentRead);
                    answered = response.IsSuccessStatusCode;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // A request over the client's timeout is a failure of the cell, not of the whole run.
                    answered = false;
                }
                into?.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                if (into is not null && !answered)
                    Interlocked.Increment(ref failures);
            }
        }
    }

    public static HttpClient NewClient(Uri address, CookieContainer? cookies = null) =>
        new(new SocketsHttpHandler { CookieContainer = cookies ?? new CookieContainer(), UseCookies = true, AllowAutoRedirect = false, MaxConnectionsPerServer = 256 })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(60),
        };

    /// <summary>Signs in through the sign-in form, as a browser does, and returns a client carrying the cookie.</summary>
    public static async Task<HttpClient> SignInAsync(Uri address, string email, string password)
    {
        var client = NewClient(address);
        var page = await client.GetStringAsync("/account/sign-in");
        var token = Antiforgery().Match(page).Groups[1].Value;
        using var response = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token), ["Input.Email"] = email, ["Input.Password"] = password,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Signing in as {email} answered {(int)response.StatusCode}.");
        return client;
    }

    public static HttpRequestMessage Json(string path, string body) =>
        new(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static async Task<TimeSpan> FirstAnswerAsync(Uri address, Stopwatch clock)
    {
        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        while (clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            try
            {
                // The home page: the first answer a person gets, after the database is ready and a page has rendered.
                using var response = await probe.GetAsync("/");
                if (response.IsSuccessStatusCode)
                    return clock.Elapsed;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(10);
        }
        throw new TimeoutException("The web app did not answer within 5 minutes.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
