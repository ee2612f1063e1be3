using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PmoPath.Data;

namespace PmoPath.Accounts;

/// <summary>
/// Creates, checks and revokes API bearer tokens. A token is 32 random bytes (URL-safe base64 behind a
/// <c>pmp_</c> prefix); the database keeps only its SHA-256 hash, which is enough because the token has
/// full entropy (a slow password hash would buy nothing and cost every request). A token made without a
/// lifetime gets <see cref="ApiTokenOptions.DefaultLifetimeDays"/>; a password reset revokes all of an account's tokens.
/// Lockout (too many wrong passwords typed on the sign-in page) does not touch tokens: it guards the password, which a
/// token does not use, and anyone could otherwise switch off a person's scripts by typing wrong passwords for them.
/// </summary>
public sealed class ApiTokens(IDbContextFactory<AppDbContext> contexts, TimeProvider clock, AuditLog audit, IOptions<ApiTokenOptions> options)
{
    public const string Prefix = "pmp_";

    public sealed record Created(Guid Id, string Token, string Name, DateTime? ExpiresAtUtc);

    public sealed record Listed(Guid Id, string Name, string Prefix, DateTime CreatedAtUtc, DateTime? ExpiresAtUtc, DateTime? RevokedAtUtc, DateTime? LastUsedAtUtc);

    public async Task<Created> CreateAsync(string email, string name, TimeSpan? lifetime, CancellationToken ct = default)
    {
        await using var db = (await contexts.CreateDbContextAsync(ct)).BindTo(Caller.System);
        var user = await FindUserAsync(db, email, ct);
        var token = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
        var row = new ApiToken
        {
            UserId = user.Id,
            Name = string.IsNullOrWhiteSpace(name) ? "api" : name.Trim()[..Math.Min(name.Trim().Length, 100)],
            Hash = Hash(token),
            Prefix = token[..12],
            CreatedAtUtc = now,
            ExpiresAtUtc = now + (lifetime ?? TimeSpan.FromDays(options.Value.DefaultLifetimeDays)),
        };
        db.ApiTokens.Add(row);
        await db.SaveChangesAsync(ct);
        await audit.WriteForUserAsync(AuditActions.TokenCreated, user, $"token {row.Id} '{row.Name}'", Caller.System, ct);
        return new Created(row.Id, token, row.Name, row.ExpiresAtUtc);
    }

    public async Task<List<Listed>> ListAsync(string email, CancellationToken ct = default)
    {
        await using var db = (await contexts.CreateDbContextAsync(ct)).BindTo(Caller.System);
        var user = await FindUserAsync(db, email, ct);
        return await db.ApiTokens.AsNoTracking().Where(t => t.UserId == user.Id).OrderBy(t => t.CreatedAtUtc)
            .Select(t => new Listed(t.Id, t.Name, t.Prefix, t.CreatedAtUtc, t.ExpiresAtUtc, t.RevokedAtUtc, t.LastUsedAtUtc)).ToListAsync(ct);
    }

    /// <summary>Revokes a token by id; returns false when there is no such token.</summary>
    public async Task<bool> RevokeAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = (await contexts.CreateDbContextAsync(ct)).BindTo(Caller.System);
        var token = await db.ApiTokens.Include(t => t.User).FirstOrDefaultAsync(t => t.Id == id, ct);
        if (token is null)
            return false;
        token.RevokedAtUtc ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        if (token.User is { } user)
            await audit.WriteForUserAsync(AuditActions.TokenRevoked, user, $"token {token.Id}", Caller.System, ct);
        return true;
    }

    /// <summary>
    /// Revokes every live token of the account (a password reset: whoever knew the old password may have made one).
    /// Returns how many were revoked.
    /// </summary>
    public async Task<int> RevokeAllAsync(string userId, CancellationToken ct = default)
    {
        await using var db = (await contexts.CreateDbContextAsync(ct)).BindTo(Caller.System);
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.ApiTokens.Where(t => t.UserId == userId && t.RevokedAtUtc == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.RevokedAtUtc, now), ct);
    }

    /// <summary>The account a presented token belongs to, or null when the token is unknown, revoked or expired.</summary>
    public async Task<AppUser?> AuthenticateAsync(string token, CancellationToken ct = default)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 100)
            return null;
        var hash = Hash(token);
        await using var db = (await contexts.CreateDbContextAsync(ct)).BindTo(Caller.System);
        var row = await db.ApiTokens.Include(t => t.User).FirstOrDefaultAsync(t => t.Hash == hash, ct);
        var now = clock.GetUtcNow();
        if (row?.User is not { } user || row.RevokedAtUtc is not null || row.ExpiresAtUtc <= now.UtcDateTime)
            return null;
        // Recording every use would write on every request; once a minute is enough to tell a token in use.
        if (row.LastUsedAtUtc is null || now.UtcDateTime - row.LastUsedAtUtc > TimeSpan.FromMinutes(1))
        {
            row.LastUsedAtUtc = now.UtcDateTime;
            await db.SaveChangesAsync(ct);
        }
        return user;
    }

    private static async Task<AppUser> FindUserAsync(AppDbContext db, string email, CancellationToken ct)
    {
        var normalized = email.Trim().ToUpperInvariant();
        return await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, ct)
            ?? throw new NotFoundException("account", email);
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>The <c>Tokens</c> settings.</summary>
public sealed class ApiTokenOptions
{
    public const string Section = "Tokens";

    /// <summary>How long a token made without an explicit lifetime (<c>pmopath tokens create</c> without <c>--days</c>) lives.</summary>
    public int DefaultLifetimeDays { get; set; } = 90;
}
