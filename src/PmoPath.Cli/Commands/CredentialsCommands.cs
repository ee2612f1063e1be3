using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Credentials;

namespace PmoPath.Cli.Commands;

/// <summary>
/// <c>pmopath credentials keys</c>, <c>pmopath credentials rotate-key</c> and <c>pmopath credentials retire-key KID</c>:
/// the keys that sign Open Badges credentials (docs/adr/0029). Rotating makes a new key that signs from then on; the
/// older keys stay in the JWKS, so what they signed still verifies. Retiring withdraws a key that leaked.
/// </summary>
public static class CredentialsCommands
{
    public static Command Build(CliConsole console)
    {
        var keys = new Command("keys", "List the signing keys: kid, made, retired.");
        keys.SetAction((parse, ct) => console.WithServicesAsync(async services =>
        {
            var all = await services.GetRequiredService<CredentialKeys>().ListAsync(ct);
            if (all.Count == 0)
                await console.Out.WriteLineAsync("No signing key yet: the first credential issued makes one.");
            var signing = all.Where(k => k.RetiredAtUtc is null).MaxBy(k => k.CreatedAtUtc)?.Id;
            foreach (var key in all)
                await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{key.Id}  made {key.CreatedAtUtc:yyyy-MM-dd HH:mm}Z  {(key.RetiredAtUtc is { } r ? $"retired {r:yyyy-MM-dd HH:mm}Z" : key.Id == signing ? "signs new credentials" : "published, verifies older credentials")}"));
            return PmoPathCli.Ok;
        }, ct));

        var rotate = new Command("rotate-key", "Make a new signing key; new credentials are signed with it, older ones still verify.");
        rotate.SetAction((parse, ct) => console.WithServicesAsync(async services =>
        {
            var kid = await services.GetRequiredService<CredentialKeys>().RotateAsync(ct);
            await console.Out.WriteLineAsync($"New signing key {kid}. Older keys stay published in the JWKS.");
            return PmoPathCli.Ok;
        }, ct, needsKeyRing: true));

        var kidArgument = new Argument<string>("KID") { Description = "The key's kid, as `pmopath credentials keys` lists it." };
        var retire = new Command("retire-key", "Withdraw a key (one that leaked): it leaves the JWKS, and what it signed no longer verifies.") { kidArgument };
        retire.SetAction((parse, ct) => console.WithServicesAsync(async services =>
        {
            var kid = parse.GetValue(kidArgument)!;
            try
            {
                await services.GetRequiredService<CredentialKeys>().RetireAsync(kid, ct);
            }
            catch (Exception e) when (e is NotFoundException or ConflictException)
            {
                await console.Error.WriteLineAsync($"KID: {e.Message}");
                return PmoPathCli.BadInput;
            }
            await console.Out.WriteLineAsync($"Retired {kid}: it is no longer published.");
            return PmoPathCli.Ok;
        }, ct));

        return new Command("credentials", "The keys that sign Open Badges credentials.") { keys, rotate, retire };
    }
}
