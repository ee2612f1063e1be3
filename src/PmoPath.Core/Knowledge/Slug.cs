using System.Text;
using System.Text.RegularExpressions;

namespace PmoPath.Knowledge;

/// <summary>
/// The rules for the slugs that name articles, providers and categories in URLs: lower-case ASCII
/// letters and digits in words joined by single hyphens, at most <see cref="MaxLength"/> characters.
/// A slug never changes once published, because links to it are shared.
/// </summary>
public static partial class Slug
{
    public const int MaxLength = 80;

    public static bool IsValid(string? slug) =>
        slug is { Length: > 0 and <= MaxLength } && ValidPattern().IsMatch(slug);

    /// <summary>A slug made from a title: "Taking Ownership of Your PMO Career!" → "taking-ownership-of-your-pmo-career".</summary>
    public static string From(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingHyphen = false;
        foreach (var ch in decomposed)
        {
            // Accents fall away with their combining marks ("é" → "e"); everything else not a letter
            // or digit becomes one separating hyphen.
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(ch) == System.Globalization.UnicodeCategory.NonSpacingMark)
                continue;
            if (char.IsAsciiLetterOrDigit(ch))
            {
                if (pendingHyphen && builder.Length > 0)
                    builder.Append('-');
                builder.Append(char.ToLowerInvariant(ch));
                pendingHyphen = false;
            }
            else
            {
                pendingHyphen = true;
            }
        }
        var slug = builder.ToString();
        return slug.Length <= MaxLength ? slug : slug[..MaxLength].TrimEnd('-');
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex ValidPattern();
}
