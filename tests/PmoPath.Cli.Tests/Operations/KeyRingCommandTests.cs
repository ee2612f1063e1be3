using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Testing;
using PmoPath.Testing.People;
using PmoPath.Web;
using PmoPath.Web.Hosting;

namespace PmoPath.Cli.Tests.Operations;

/// <summary>
/// <c>pmopath</c> shares the key ring with the web app through the same <c>DataProtection:Certificate</c> settings:
/// in production, an invitation link the CLI mails with an encrypted key ring is accepted by the web app, and without
/// a certificate the commands that use the key ring are refused naming the settings, having changed nothing.
/// </summary>
public sealed partial class KeyRingCommandTests : IDisposable
{
    private const string PfxPassword = "pfx pass phrase for the key ring";
    private readonly string _folder = Directory.CreateTempSubdirectory("pmopath-cli-keyring-").FullName;

    [Fact]
    public async Task An_invitation_mailed_by_the_CLI_with_an_encrypted_key_ring_is_accepted_by_the_web_app()
    {
        string[] certificate = [$"--{KeyRingSetup.PathSetting}={WritePfx()}", $"--DataProtection:Certificate:Password={PfxPassword}"];
        string[] settings = [$"--Database:DataFolder={_folder}", "--environment=Production", .. certificate];
        Assert.Equal(0, (await CliRun.RunAsync(settings, "orgs", "add", "Acme")).ExitCode);
        var staff = Path.Combine(_folder, "staff.csv");
        await File.WriteAllTextAsync(staff, "employee_id,email,name,team,manager_email,level,pmo_type\nE1,kim@acme.example,Kim Keys,Alpha,,2,programme-office\n");
        var invited = await CliRun.RunAsync(settings, "import", "staff", staff, "--org", "Acme", "--invite");
        Assert.Equal(0, invited.ExitCode);

        var keys = await KeyXmlAsync();
        Assert.NotEmpty(keys);
        Assert.All(keys, xml => Assert.Contains("<EncryptedData", xml, StringComparison.Ordinal));
        Assert.All(keys, xml => Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal));

        var mail = Directory.GetFiles(Path.Combine(_folder, "mail"), "*.eml").Select(File.ReadAllText).Single(m => m.Contains("To: kim@acme.example", StringComparison.Ordinal));
        var link = new Uri(UrlInMail().Match(mail).Value).PathAndQuery;
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + link).Query);

        await using var app = TestApp.Build(["--urls=http://127.0.0.1:0", "--environment=Production", .. settings], TestClock.New());
        await app.InitializeAsync();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = new Uri(address) };
        const string chosen = "kim's long pass phrase here";
        var accepted = await PeopleWorld.PostFormAsync(browser, link, "set-password",
            new() { ["Input.Email"] = query["email"]!, ["Input.Code"] = query["code"]!, ["Input.Password"] = chosen, ["Input.Confirm"] = chosen });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Contains("Kim Keys", await browser.GetStringAsync("/me"), StringComparison.Ordinal);
        await app.StopAsync();
    }

    [Fact]
    public async Task In_production_without_a_certificate_the_commands_that_use_the_key_ring_are_refused_naming_the_settings()
    {
        string[] settings = [$"--Database:DataFolder={_folder}", "--environment=Production"];
        // A command that does not use the key ring runs.
        Assert.Equal(0, (await CliRun.RunAsync(settings, "orgs", "add", "Acme")).ExitCode);
        var staff = Path.Combine(_folder, "staff.csv");
        await File.WriteAllTextAsync(staff, "employee_id,email,name,team,manager_email,level,pmo_type\nE1,kim@acme.example,Kim Keys,Alpha,,2,programme-office\n");

        var refusals = new[]
        {
            await CliRun.RunAsync(settings, "users", "add", "--org", "Acme", "--email", "lee@acme.example", "--role", "practitioner"),
            await CliRun.RunAsync(settings, "import", "staff", staff, "--org", "Acme", "--invite"),
            await CliRun.RunAsync(settings, "credentials", "rotate-key"),
        };
        foreach (var refused in refusals)
        {
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains(KeyRingSetup.PathSetting, refused.Error, StringComparison.Ordinal);
            Assert.Contains(KeyRingSetup.ThumbprintSetting, refused.Error, StringComparison.Ordinal);
            Assert.Contains(KeyRingSetup.AllowUnencryptedSetting, refused.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", refused.Error, StringComparison.Ordinal); // words, not a stack trace
        }
        // Nothing was changed: no account, no imported person, no key in the clear, no signing key, no mail.
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM AspNetUsers"));
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM People"));
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM DataProtectionKeys"));
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM MailOutbox"));

        // The accepted risk, said out loud, lets the same command run (and store its key in the clear).
        var optedOut = await CliRun.RunAsync([.. settings, $"--{KeyRingSetup.AllowUnencryptedSetting}=true"],
            "users", "add", "--org", "Acme", "--email", "lee@acme.example", "--role", "practitioner");
        Assert.Equal(0, optedOut.ExitCode);
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM AspNetUsers"));
        Assert.Contains(await KeyXmlAsync(), xml => xml.Contains("<masterKey", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"https?://\S+/account/accept-invitation\S+")]
    private static partial Regex UrlInMail();

    private string WritePfx()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=PmoPath key ring test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(TestClock.Start.AddYears(-1), TestClock.Start.AddYears(10));
        var path = Path.Combine(_folder, "keyring.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, PfxPassword));
        return path;
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "pmopath.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<string>> KeyXmlAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "pmopath.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Xml FROM DataProtectionKeys";
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync())
            keys.Add(reader.GetString(0));
        return keys;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Held by a pooled connection; the temp folder is cleaned by the OS.
        }
    }
}
