using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PmoPath.Web.Hosting;
using Accounts = PmoPath.Accounts;

namespace PmoPath.Cli;

/// <summary>
/// The services a command works with, wired exactly as the web app wires them (same configuration keys:
/// appsettings.json, environment variables such as <c>ConnectionStrings__PmoPath</c>, and
/// <c>--Key=value</c> settings on the command line), so the CLI and the web app share one database.
/// </summary>
public static class CliHost
{
    /// <summary>
    /// Separates configuration settings (<c>--Section:Key=value</c>, and <c>--environment=NAME</c>, which the
    /// <c>DOTNET_ENVIRONMENT</c> variable also sets) from the command's own arguments.
    /// </summary>
    public static (string[] Settings, string[] Arguments) SplitSettings(string[] args)
    {
        static bool IsSetting(string a) => a.StartsWith("--environment=", StringComparison.Ordinal)
            || (a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=') && a.IndexOf(':') is > 2 and var colon && colon < a.IndexOf('='));
        return ([.. args.Where(IsSetting)], [.. args.Where(a => !IsSetting(a))]);
    }

    /// <summary>
    /// The host of a command; <paramref name="initialize"/> false leaves the database untouched (db, backup, restore).
    /// <paramref name="clock"/> replaces the system clock (the tests' fake one). <paramref name="needsKeyRing"/>: the
    /// command signs or encrypts with the Data Protection key ring (an invitation link, a signing key), so outside
    /// Development and Testing it is refused before it touches anything unless the key ring is protected as the web
    /// app requires (docs/adr/0019, addendum).
    /// </summary>
    public static async Task<IHost> StartAsync(string[] settings, CancellationToken ct, bool initialize = true, TimeProvider? clock = null, bool needsKeyRing = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = settings,
            ContentRootPath = AppContext.BaseDirectory,
        });
        var unprotected = builder.UnprotectedKeyRing();
        if (needsKeyRing && unprotected is not null)
            throw new KeyRingUnprotectedException(unprotected);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        // The key ring lives in the database (docs/adr/0005), encrypted with DataProtection:Certificate when it is set;
        // without it, the "unencrypted at rest" warning is expected (the web app is the one that refuses to start).
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.Logging.AddFilter("PmoPath", LogLevel.Warning);
        // Logs go to standard error, so standard output holds only what a command prints (a token, JSON).
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        // The operator at the command line works in system mode: every organisation (docs/adr/0005).
        builder.Services.AddSingleton(Accounts.Caller.System);
        if (clock is not null)
            builder.Services.AddSingleton(clock);
        builder.AddPmoPathDatabase();
        // Any other use of the key ring by a command in that case fails with the same words instead of writing a key
        // in the clear (a command that can use it is marked needsKeyRing, so it is refused before it changes anything).
        if (unprotected is not null)
            builder.Services.Replace(ServiceDescriptor.Singleton<IDataProtectionProvider>(new RefusingDataProtection(unprotected)));
        var host = builder.Build();
        if (initialize)
            await host.Services.InitializeDatabaseAsync(ct);
        return host;
    }
}

/// <summary>Where a command writes, the settings it was started with, and the clock it reads (null: the system's).</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error, string[] Settings, TimeProvider? Clock = null)
{
    public async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> work, CancellationToken ct, bool initialize = true, bool needsKeyRing = false)
    {
        using var host = await CliHost.StartAsync(Settings, ct, initialize, Clock, needsKeyRing);
        await using var scope = host.Services.CreateAsyncScope();
        var result = await work(scope.ServiceProvider);
        // Mail the command wrote (an invitation, reminders) goes out before the process ends; what cannot be sent
        // now stays in the outbox for the web app's sender or the next command (docs/adr/0021). The commands that
        // leave the database untouched (db, backup, restore) write no mail, and may face a database without an
        // outbox table yet, or none at all.
        if (initialize)
            await host.Services.GetRequiredService<Accounts.MailSender>().FlushAsync(ct);
        return result;
    }
}

/// <summary>A command that uses the key ring, refused because the key ring would be stored unencrypted; the message names the settings.</summary>
public sealed class KeyRingUnprotectedException(string message) : InvalidOperationException(message);

/// <summary>Stands in for the key ring when it may not be used: creating a protector works, using one fails naming the settings.</summary>
internal sealed class RefusingDataProtection(string refusal) : IDataProtector
{
    public IDataProtector CreateProtector(string purpose) => this;

    public byte[] Protect(byte[] plaintext) => throw new KeyRingUnprotectedException(refusal);

    public byte[] Unprotect(byte[] protectedData) => throw new KeyRingUnprotectedException(refusal);
}
