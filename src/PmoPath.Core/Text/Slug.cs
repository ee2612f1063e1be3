using System.Text;
using System.Text.RegularExpressions;

namespace PmoPath;

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
        var builder = new StringBuilder(text.Length);
        var pendingHyphen = false;
        foreach (var original in text)
        {
            // Accented Latin letters lose their accent ("é" → "e"); everything else not a letter or digit
            // becomes one separating hyphen. A table, because the app runs with invariant globalization,
            // where string.Normalize does not decompose.
            var index = Accented.IndexOf(original, StringComparison.Ordinal);
            var ch = index >= 0 ? Plain[index] : original;
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

    private const string Accented = "àáâãäåāçćčèéêëēęìíîïīñńòóôõöøōùúûüūýÿžźżšśłÀÁÂÃÄÅĀÇĆČÈÉÊËĒĘÌÍÎÏĪÑŃÒÓÔÕÖØŌÙÚÛÜŪÝŸŽŹŻŠŚŁ";
    private const string Plain = "aaaaaaaccceeeeeeiiiiinnooooooouuuuuyyzzzsslAAAAAAACCCEEEEEEIIIIINNOOOOOOOUUUUUYYZZZSSL";

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex ValidPattern();
}
