using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PmoPath.Web.Hosting;

namespace PmoPath.Cli;

/// <summary>
/// The services a command works with, wired exactly as the web app wires them (same configuration keys:
/// appsettings.json, environment variables such as <c>ConnectionStrings__PmoPath</c>, and
/// <c>--Key=value</c> settings on the command line), so the CLI and the web app share one database.
/// </summary>
public static class CliHost
{
    /// <summary>Separates configuration settings (<c>--Section:Key=value</c>) from the command's own arguments.</summary>
    public static (string[] Settings, string[] Arguments) SplitSettings(string[] args)
    {
        static bool IsSetting(string a) => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=') && a.IndexOf(':') is > 2 and var colon && colon < a.IndexOf('=');
        return ([.. args.Where(IsSetting)], [.. args.Where(a => !IsSetting(a))]);
    }

    public static async Task<IHost> StartAsync(string[] settings, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = settings,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.AddPmoPathDatabase();
        var host = builder.Build();
        await host.Services.InitializeDatabaseAsync(ct);
        return host;
    }
}

/// <summary>Where a command writes, and the settings it was started with.</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error, string[] Settings)
{
    public async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> work, CancellationToken ct)
    {
        using var host = await CliHost.StartAsync(Settings, ct);
        await using var scope = host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }
}
