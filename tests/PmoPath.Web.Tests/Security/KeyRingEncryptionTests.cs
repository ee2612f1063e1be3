using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Testing;
using PmoPath.Testing.People;
using PmoPath.Web.Hosting;

namespace PmoPath.Web.Tests.Security;

/// <summary>
/// The Data Protection key ring is encrypted at rest with the certificate of <c>DataProtection:Certificate</c> and keys
/// written before it still read, on SQLite and on PostgreSQL (the key ring lives in either database).
/// </summary>
public abstract class KeyRingEncryptionTests(TestDatabase database) : IDisposable
{
    private const string PfxPassword = KeyRingStartupTests.PfxPassword;
    private readonly string _folder = Directory.CreateTempSubdirectory("pmopath-keyring-").FullName;

    [Fact]
    public async Task With_a_certificate_sign_in_works_and_the_stored_keys_are_encrypted()
    {
        await using var app = await TestApp.StartAsync(database, CertificateArgs(WritePfx()));
        var email = await AddPractitionerAsync(app);

        using var browser = await SignInAsync(app, email);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/me")).StatusCode);

        var keys = await KeyXmlAsync(app);
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("<EncryptedData", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Keys_written_before_the_certificate_was_configured_are_still_read()
    {
        await using var before = await TestApp.StartAsync(database);
        var email = await AddPractitionerAsync(before);
        using var browser = await SignInAsync(before, email);
        var unencrypted = Assert.Single(await KeyXmlAsync(before));
        Assert.Contains("<masterKey", unencrypted, StringComparison.Ordinal); // the control: this key is stored in the clear

        await using var after = await TestApp.StartBesideAsync(before, CertificateArgs(WritePfx()));
        var cookie = CookieHeader(before, browser);
        using var replay = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = after.BaseAddress };
        replay.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await replay.GetAsync("/me")).StatusCode);
        using var fresh = await SignInAsync(after, email);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/me")).StatusCode);
    }

    [Fact]
    public async Task A_certificate_named_by_thumbprint_in_the_My_store_encrypts_the_keys()
    {
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(WritePfx(), PfxPassword, X509KeyStorageFlags.Exportable);
        using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadWrite);
        store.Add(certificate);
        try
        {
            await using var app = await TestApp.StartAsync(database, $"--{KeyRingSetup.ThumbprintSetting}={certificate.Thumbprint}");
            var email = await AddPractitionerAsync(app);
            using var browser = await SignInAsync(app, email);
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/me")).StatusCode);
            Assert.All(await KeyXmlAsync(app), xml => Assert.Contains("<EncryptedData", xml, StringComparison.Ordinal));
        }
        finally
        {
            store.Remove(certificate);
        }

        var gone = Assert.Throws<InvalidOperationException>(() => PmoPathApp.Build(
            ["--environment=Production", $"--Database:DataFolder={_folder}", $"--{KeyRingSetup.ThumbprintSetting}={certificate.Thumbprint}"]));
        Assert.Contains(KeyRingSetup.ThumbprintSetting, gone.Message, StringComparison.Ordinal);
    }

    private string WritePfx() => KeyRingStartupTests.WritePfx(_folder);

    private static string[] CertificateArgs(string pfx) => KeyRingStartupTests.CertificateArgs(pfx);

    private static async Task<string> AddPractitionerAsync(TestApp app)
    {
        var email = $"keys-{Guid.NewGuid():N}"[..14] + "@acme.test";
        await using var scope = app.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<AccountAdmin>();
        await admin.AddOrganisationAsync("Acme");
        await admin.AddUserAsync(new NewUser("Acme", email, PmoRole.Practitioner, null, null, "Kim Keys"), PeopleWorld.Password);
        return email;
    }

    private readonly Dictionary<HttpClient, CookieContainer> _jars = [];

    private async Task<HttpClient> SignInAsync(TestApp app, string email)
    {
        var jar = new CookieContainer();
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = app.BaseAddress };
        _jars[browser] = jar;
        var response = await PeopleWorld.PostFormAsync(browser, "/account/sign-in", "sign-in",
            new() { ["Input.Email"] = email, ["Input.Password"] = PeopleWorld.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    private string CookieHeader(TestApp app, HttpClient browser) => _jars[browser].GetCookieHeader(app.BaseAddress);

    private static async Task<List<string>> KeyXmlAsync(TestApp app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml).ToListAsync();
    }

    public void Dispose()
    {
        foreach (var client in _jars.Keys)
            client.Dispose();
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

public sealed class KeyRingEncryptionOnSqliteTests() : KeyRingEncryptionTests(TestDatabase.Sqlite);

public sealed class KeyRingEncryptionOnPostgresTests() : KeyRingEncryptionTests(TestDatabase.Postgres);

/// <summary>
/// A start outside Development and Testing without a certificate stops naming the settings, and a certificate that
/// cannot be read is named; nothing here reaches a database.
/// </summary>
public sealed class KeyRingStartupTests : IDisposable
{
    public const string PfxPassword = "pfx pass phrase for the key ring";
    private readonly string _folder = Directory.CreateTempSubdirectory("pmopath-keyring-").FullName;

    [Fact]
    public void In_production_without_a_certificate_start_up_fails_naming_the_setting()
    {
        var args = new[] { "--environment=Production", $"--Database:DataFolder={_folder}", "--urls=http://127.0.0.1:0" };
        var refused = Assert.Throws<InvalidOperationException>(() => TestApp.Build(args, TestClock.New()));
        Assert.Contains(KeyRingSetup.PathSetting, refused.Message, StringComparison.Ordinal);
        Assert.Contains(KeyRingSetup.ThumbprintSetting, refused.Message, StringComparison.Ordinal);
        Assert.Contains(KeyRingSetup.AllowUnencryptedSetting, refused.Message, StringComparison.Ordinal);

        // The explicit opt-out, and a certificate, each let it start.
        using (var optedOut = TestApp.Build([.. args, $"--{KeyRingSetup.AllowUnencryptedSetting}=true"], TestClock.New()))
            Assert.NotNull(optedOut.Services);
        using (var encrypted = TestApp.Build([.. args, .. CertificateArgs(WritePfx())], TestClock.New()))
            Assert.NotNull(encrypted.Services);
    }

    [Fact]
    public void A_certificate_path_that_does_not_exist_or_a_wrong_password_is_named()
    {
        var args = new[] { "--environment=Production", $"--Database:DataFolder={_folder}", "--urls=http://127.0.0.1:0" };
        var missing = Assert.Throws<InvalidOperationException>(() => TestApp.Build([.. args, $"--{KeyRingSetup.PathSetting}={Path.Combine(_folder, "none.pfx")}"], TestClock.New()));
        Assert.Contains(KeyRingSetup.PathSetting, missing.Message, StringComparison.Ordinal);
        var wrong = Assert.Throws<InvalidOperationException>(() => TestApp.Build([.. args, $"--{KeyRingSetup.PathSetting}={WritePfx()}", "--DataProtection:Certificate:Password=wrong"], TestClock.New()));
        Assert.Contains(KeyRingSetup.PathSetting, wrong.Message, StringComparison.Ordinal);
    }

    private string WritePfx() => WritePfx(_folder);

    /// <summary>A self-signed RSA certificate with its private key, written as a password-protected .pfx file.</summary>
    public static string WritePfx(string folder)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=PmoPath key ring test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: false));
        using var certificate = request.CreateSelfSigned(TestClock.Start.AddYears(-1), TestClock.Start.AddYears(10));
        var path = Path.Combine(folder, $"keyring-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, PfxPassword));
        return path;
    }

    public static string[] CertificateArgs(string pfx) => [$"--{KeyRingSetup.PathSetting}={pfx}", $"--DataProtection:Certificate:Password={PfxPassword}"];

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // The temp folder is cleaned by the OS.
        }
    }
}
