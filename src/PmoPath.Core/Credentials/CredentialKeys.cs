using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PmoPath.Accounts;
using PmoPath.Data;

namespace PmoPath.Credentials;

/// <summary>The key that signs now: its <c>kid</c> and the private key.</summary>
public sealed record SigningKey(string Id, RSA Rsa);

/// <summary>
/// The credential signing keys (docs/adr/0029): RSA 3072, made on first need, the private key protected with ASP.NET
/// Data Protection before it is stored (the key ring itself is encrypted at rest with the configured certificate).
/// The newest key that is not retired signs; every key that is not retired is published in the JWKS, so rotating
/// keeps older credentials verifiable. Keys are cached in memory once read.
/// </summary>
public sealed class CredentialKeys(IDbContextFactory<AppDbContext> contexts, IDataProtectionProvider protection, IOptions<MailOptions> mail, TimeProvider clock) : IDisposable
{
    private const int KeySize = 3072;
    private readonly IDataProtector _protector = protection.CreateProtector("PmoPath.Credentials.SigningKey.v1");
    private readonly ConcurrentDictionary<string, RSA> _private = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _making = new(1, 1);

    /// <summary>The address of the JWKS, from <c>Mail:SiteUrl</c> (the site's address as people reach it).</summary>
    public string JwksUrl => SiteUrl + "/.well-known/jwks.json";

    public string SiteUrl => mail.Value.SiteUrl.TrimEnd('/');

    /// <summary>The key that signs new credentials; the first call on an empty database makes one.</summary>
    public async Task<SigningKey> CurrentAsync(CancellationToken ct = default)
    {
        var key = await NewestAsync(ct);
        if (key is null)
        {
            await _making.WaitAsync(ct);
            try
            {
                key = await NewestAsync(ct) ?? await MakeAsync(ct);
            }
            finally
            {
                _making.Release();
            }
        }
        return new SigningKey(key.Id, PrivateKey(key));
    }

    /// <summary>Makes a new key that signs from now on; the older ones stay published. Returns the new <c>kid</c>.</summary>
    public async Task<string> RotateAsync(CancellationToken ct = default) => (await MakeAsync(ct)).Id;

    /// <summary>Withdraws a key: it is no longer published, so the credentials it signed no longer verify. For a key that leaked.</summary>
    public async Task RetireAsync(string kid, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var key = await db.CredentialSigningKeys.FirstOrDefaultAsync(k => k.Id == kid, ct) ?? throw new NotFoundException("signing key", kid);
        if (key.RetiredAtUtc is not null)
            throw new ConflictException($"The key {kid} is already retired.");
        key.RetiredAtUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        _private.TryRemove(kid, out _);
    }

    public async Task<List<CredentialSigningKey>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.CredentialSigningKeys.AsNoTracking().OrderBy(k => k.CreatedAtUtc).ToListAsync(ct);
    }

    /// <summary>The JWKS (RFC 7517): the public keys of every key that is not retired, newest first.</summary>
    public async Task<JsonObject> JwksAsync(CancellationToken ct = default)
    {
        var keys = new JsonArray();
        foreach (var key in (await ListAsync(ct)).Where(k => k.RetiredAtUtc is null).OrderByDescending(k => k.CreatedAtUtc))
            keys.Add(JsonNode.Parse(key.PublicJwk));
        return new JsonObject { ["keys"] = keys };
    }

    /// <summary>The public key of a published (not retired) key, for verifying what PmoPath signed; null when unknown or retired.</summary>
    public async Task<RSA?> PublishedKeyAsync(string kid, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var jwk = await db.CredentialSigningKeys.AsNoTracking().Where(k => k.Id == kid && k.RetiredAtUtc == null).Select(k => k.PublicJwk).FirstOrDefaultAsync(ct);
        return jwk is null ? null : Jws.ImportPublic(JsonNode.Parse(jwk)!.AsObject());
    }

    private async Task<CredentialSigningKey?> NewestAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.CredentialSigningKeys.AsNoTracking().Where(k => k.RetiredAtUtc == null)
            .OrderByDescending(k => k.CreatedAtUtc).FirstOrDefaultAsync(ct);
    }

    private async Task<CredentialSigningKey> MakeAsync(CancellationToken ct)
    {
        using var rsa = RSA.Create(KeySize);
        var jwk = Jws.PublicJwk(rsa);
        var kid = JwksUrl + "#" + Jws.Thumbprint(jwk);
        jwk["kid"] = kid;
        jwk["alg"] = Jws.Algorithm;
        jwk["use"] = "sig";
        await using var db = await contexts.CreateDbContextAsync(ct);
        // The newest key signs, so a new key is always later than every other, even on a clock that stands still.
        var now = clock.GetUtcNow().UtcDateTime;
        var latest = await db.CredentialSigningKeys.MaxAsync(k => (DateTime?)k.CreatedAtUtc, ct);
        var key = new CredentialSigningKey
        {
            Id = kid,
            CreatedAtUtc = latest is { } last && last >= now ? last.AddMilliseconds(1) : now,
            PublicJwk = jwk.ToJsonString(),
            ProtectedPrivateKey = Convert.ToBase64String(_protector.Protect(rsa.ExportPkcs8PrivateKey())),
        };
        db.CredentialSigningKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return key;
    }

    public void Dispose()
    {
        _making.Dispose();
        foreach (var rsa in _private.Values)
            rsa.Dispose();
    }

    private RSA PrivateKey(CredentialSigningKey key) => _private.GetOrAdd(key.Id, kid =>
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(_protector.Unprotect(Convert.FromBase64String(key.ProtectedPrivateKey)), out _);
        return rsa;
    });
}
