using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace PmoPath.Testing.Mail;

/// <summary>
/// A real SMTP server on loopback for the mail tests: Debian's aiosmtpd (<c>python3-aiosmtpd</c>) with a handler
/// that keeps each accepted message as a file. The port is fixed at creation, so the server can be stopped and
/// started again where the app expects it ("the mail server was down for a while").
/// </summary>
public sealed class SmtpServer : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private Process? _process;

    public SmtpServer()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Folder = Directory.CreateTempSubdirectory("pmopath-smtp-").FullName;
    }

    public int Port { get; }

    /// <summary>Where the server keeps what it received, one <c>.eml</c> file per message.</summary>
    public string Folder { get; }

    /// <summary>The app's settings that send mail to this server (plain SMTP on loopback, quick retries).</summary>
    public string[] AppSettings =>
    [
        "--Mail:SmtpHost=127.0.0.1", $"--Mail:SmtpPort={Port}", "--Mail:SmtpSsl=false",
        "--Mail:RetryFirstDelay=00:00:00.200", "--Mail:RetryMaxDelay=00:00:01", "--Mail:PollInterval=00:00:00.500",
    ];

    public bool IsRunning => _process is { HasExited: false };

    public async Task StartAsync()
    {
        if (IsRunning)
            return;
        var start = new ProcessStartInfo(Python)
        {
            ArgumentList = { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "smtp_folder.FolderHandler", Folder },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["PYTHONPATH"] = Path.Combine(AppContext.BaseDirectory, "Mail");
        _process = Process.Start(start) ?? throw new InvalidOperationException("aiosmtpd did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Deadline.In(TimeSpan.FromSeconds(15));
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"aiosmtpd exited with {_process.ExitCode} (is python3-aiosmtpd installed?).");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (!deadline.Passed)
            {
                await Task.Delay(100);
            }
        }
    }

    public void Stop()
    {
        if (_process is null)
            return;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
        _process = null;
    }

    /// <summary>The messages received so far, parsed by MimeKit, oldest first.</summary>
    public List<MimeMessage> Received() =>
        [.. Directory.GetFiles(Folder, "*.eml").Order(StringComparer.Ordinal).Select(path => MimeMessage.Load(path))];

    /// <summary>Waits until <paramref name="done"/> holds for what was received, or fails after the timeout.</summary>
    public async Task<List<MimeMessage>> WaitForAsync(Func<List<MimeMessage>, bool> done, TimeSpan? timeout = null)
    {
        var deadline = Deadline.In(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var received = Received();
            if (done(received))
                return received;
            if (deadline.Passed)
                throw new TimeoutException($"The SMTP server received {received.Count} messages, not what was awaited.");
            await Task.Delay(100);
        }
    }

    public void Dispose()
    {
        Stop();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp cleaning.
        }
    }
}
