using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PmoPath.Web;

namespace PmoPath.Cli.Commands;

/// <summary><c>pmopath serve [--urls URL]</c>: the web app, exactly as <c>dotnet run --project src/PmoPath.Web</c> runs it.</summary>
public static class ServeCommand
{
    public static Command Build(CliConsole console)
    {
        var urls = new Option<string?>("--urls") { Description = $"Where to listen; default {PmoPathApp.DefaultUrl}." };
        var serve = new Command("serve", "Run the PmoPath web app.") { urls };
        serve.SetAction(async (parse, ct) =>
        {
            string[] args = parse.GetValue(urls) is { } value ? [.. console.Settings, $"--urls={value}"] : console.Settings;
            var app = PmoPathApp.Build(args, console.Clock is { } clock ? services => services.Replace(ServiceDescriptor.Singleton(clock)) : null);
            await app.ServeAsync(ct);
            return PmoPathCli.Ok;
        });
        return serve;
    }
}
