using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using PmoPath.Accounts;
using PmoPath.Web.Hosting;

namespace PmoPath.Web.Components.Account;

/// <summary>
/// What the sign-in page does when it will refuse without checking a real password (no such account, or the account is
/// locked): it still verifies the typed password against a hash, so the answer takes as long as a wrong password's
/// and says the same words.
/// </summary>
public static class SignInTiming
{
    /// <summary>The one answer for an unknown email, a wrong password and a locked account.</summary>
    public static readonly string Refused =
        $"Wrong email or password. After {AccountSetup.MaxFailedSignIns} failed sign-ins an account is locked for " +
        $"{AccountSetup.LockoutTime.TotalMinutes:0} minutes; if you have forgotten your password, reset it.";

    private static readonly AppUser Nobody = new();
    private static string? _dummyHash;

    /// <summary>Verifies <paramref name="password"/> against a hash of a random password made with the same hasher and cost.</summary>
    public static void VerifyDummy(IPasswordHasher<AppUser> hasher, string password)
    {
        var hash = _dummyHash ??= hasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)));
        hasher.VerifyHashedPassword(Nobody, hash, password);
    }
}
