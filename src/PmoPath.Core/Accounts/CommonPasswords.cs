using System.Collections.Frozen;
using Microsoft.AspNetCore.Identity;

namespace PmoPath.Accounts;

/// <summary>
/// Refuses a new password that is among the most common ones (ASVS 2.1.7), checked offline against the list embedded
/// from <c>data/passwords/common-passwords.txt</c>: the password itself ignoring case, or a listed password followed only
/// by digits and symbols (<c>password1234</c>, <c>monkey2024!!</c>), the usual way a short common one is stretched to the
/// 12 characters PmoPath asks for.
/// </summary>
public sealed class CommonPasswords : IPasswordValidator<AppUser>
{
    private static readonly Lazy<FrozenSet<string>> List = new(Load);

    public static bool IsCommon(string password)
    {
        var lower = password.Trim().ToLowerInvariant();
        if (List.Value.Contains(lower))
            return true;
        var stem = lower.TrimEnd("0123456789!@#$%^&*()-_=+.,?;:~'\"/\\|[]{}<> ".ToCharArray());
        return stem.Length >= 4 && stem.Length < lower.Length && List.Value.Contains(stem);
    }

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password) =>
        Task.FromResult(password is not null && IsCommon(password)
            ? IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordTooCommon",
                Description = "This password is one of the most common ones, which are tried first by anyone guessing; choose another (a phrase of several words is easy to remember).",
            })
            : IdentityResult.Success);

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(CommonPasswords).Assembly.GetManifestResourceStream("PmoPath.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-passwords list is not embedded.");
        using var reader = new StreamReader(stream);
        var words = new List<string>();
        while (reader.ReadLine() is { } line)
            if (line.Length > 0)
                words.Add(line.ToLowerInvariant());
        return words.ToFrozenSet(StringComparer.Ordinal);
    }
}
