using PmoPath.Accounts;

namespace PmoPath.Web.Components.Account;

internal static class AccountLinks
{
    /// <summary>A return address after sign-in that stays on this site: a local path, never <c>//host</c> or a full URL.</summary>
    public static string SafeReturn(string? returnUrl) =>
        SafeReturn(returnUrl, "/me");

    /// <summary>Where a person goes after signing in: the local <paramref name="returnUrl"/> when there is one, else their role's landing page.</summary>
    public static string AfterSignIn(string? returnUrl, PmoRole role) =>
        SafeReturn(returnUrl, LandingFor(role));

    /// <summary>
    /// The page where each role's work is: a practitioner's own development, a manager's team, HR's organisation,
    /// a provider's desk, and the site admin's articles with the readers' open feedback.
    /// </summary>
    public static string LandingFor(PmoRole role) => role switch
    {
        PmoRole.PmoManager => "/team",
        PmoRole.OrgAdmin => "/organisation",
        PmoRole.ProviderAdmin => "/provider",
        PmoRole.SiteAdmin => "/articles",
        _ => "/me/development",
    };

    private static string SafeReturn(string? returnUrl, string otherwise) =>
        returnUrl is { Length: > 0 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : otherwise;
}
