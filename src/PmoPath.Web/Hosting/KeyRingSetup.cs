using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace PmoPath.Web.Hosting;

/// <summary>The <c>DataProtection</c> configuration section: how the key ring is protected at rest.</summary>
public sealed class KeyRingOptions
{
    public const string Section = "DataProtection";

    /// <summary>The certificate whose public key encrypts each key before it is stored (and whose private key reads it).</summary>
    public KeyRingCertificate Certificate { get; set; } = new();

    /// <summary>
    /// Lets the web app store the key ring unencrypted outside Development and Testing. Not recommended: whoever reads
    /// the database or a backup can then forge sign-in cookies and invitation or reset links.
    /// </summary>
    public bool AllowUnencrypted { get; set; }
}

public sealed class KeyRingCertificate
{
    /// <summary>A PKCS#12 (.pfx) file holding the certificate and its private key.</summary>
    public string? Path { get; set; }

    /// <summary>The password of the .pfx file.</summary>
    public string? Password { get; set; }

    /// <summary>Or: the thumbprint of a certificate with its private key in the service user's (or the machine's) <c>My</c> store.</summary>
    public string? Thumbprint { get; set; }
}

/// <summary>
/// Encrypts the Data Protection key ring at rest with a certificate from configuration (docs/adr/0019, addendum). The
/// web app and the CLI both call <see cref="ProtectKeyRing"/>, so either can read keys the other wrote; the web app
/// also calls <see cref="RequireProtectedKeyRing"/>, which stops start-up outside Development and Testing when no
/// certificate is configured, and the CLI refuses the commands that use the key ring in the same case
/// (<see cref="UnprotectedKeyRing"/>). Keys written before a certificate was configured stay readable (they are plain XML);
/// only new keys are encrypted.
/// </summary>
public static class KeyRingSetup
{
    public const string PathSetting = "DataProtection:Certificate:Path";
    public const string ThumbprintSetting = "DataProtection:Certificate:Thumbprint";
    public const string AllowUnencryptedSetting = "DataProtection:AllowUnencrypted";

    /// <summary>Loads the configured certificate, if any, and has new keys encrypted with it; returns it (null when none is configured).</summary>
    public static X509Certificate2? ProtectKeyRing(this IHostApplicationBuilder builder, IDataProtectionBuilder dataProtection)
    {
        var options = Options(builder);
        var certificate = Load(options.Certificate);
        if (certificate is not null)
            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        return certificate;
    }

    /// <summary>Refuses to start outside Development and Testing when the key ring would be stored unencrypted.</summary>
    public static void RequireProtectedKeyRing(this IHostApplicationBuilder builder)
    {
        if (UnprotectedKeyRing(builder) is { } refusal)
            throw new InvalidOperationException(refusal);
    }

    /// <summary>
    /// Why the key ring may not be used as configured (outside Development and Testing, no certificate and no
    /// <see cref="AllowUnencryptedSetting"/>), naming the settings; null when it may.
    /// </summary>
    public static string? UnprotectedKeyRing(this IHostApplicationBuilder builder)
    {
        var environment = builder.Environment;
        if (environment.IsDevelopment() || environment.IsEnvironment("Testing"))
            return null;
        var options = Options(builder);
        if (options.AllowUnencrypted || options.Certificate.Path is { Length: > 0 } || options.Certificate.Thumbprint is { Length: > 0 })
            return null;
        return $"The Data Protection key ring would be stored unencrypted in the database ({environment.EnvironmentName} environment). " +
            $"Set {PathSetting} (a .pfx file, with DataProtection:Certificate:Password) or {ThumbprintSetting} (a certificate in the My store) " +
            $"to encrypt it, or {AllowUnencryptedSetting}=true to accept the risk (not recommended; see docs/operations.md, \"The key ring\").";
    }

    private static KeyRingOptions Options(IHostApplicationBuilder builder) =>
        builder.Configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions();

    private static X509Certificate2? Load(KeyRingCertificate settings)
    {
        if (settings.Path is { Length: > 0 } path)
        {
            var full = System.IO.Path.GetFullPath(path);
            if (!File.Exists(full))
                throw new InvalidOperationException($"{PathSetting} names '{full}', which does not exist.");
            X509Certificate2 loaded;
            try
            {
                loaded = X509CertificateLoader.LoadPkcs12FromFile(full, settings.Password);
            }
            catch (CryptographicException e)
            {
                throw new InvalidOperationException($"{PathSetting} '{full}' could not be read as a .pfx file with DataProtection:Certificate:Password: {e.Message}", e);
            }
            return HasPrivateKey(loaded, PathSetting);
        }
        if (settings.Thumbprint is { Length: > 0 } thumbprint)
        {
            foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
            {
                using var store = new X509Store(StoreName.My, location);
                try
                {
                    store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
                }
                catch (CryptographicException)
                {
                    continue; // No such store on this machine.
                }
                var found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint.Replace(" ", "", StringComparison.Ordinal), validOnly: false);
                if (found.Count > 0)
                    return HasPrivateKey(found[0], ThumbprintSetting);
            }
            throw new InvalidOperationException($"{ThumbprintSetting} '{thumbprint}' names no certificate in the CurrentUser or LocalMachine My store.");
        }
        return null;
    }

    private static X509Certificate2 HasPrivateKey(X509Certificate2 certificate, string setting) => certificate.HasPrivateKey
        ? certificate
        : throw new InvalidOperationException($"The certificate of {setting} has no private key, so the key ring it encrypts could not be read back.");
}
