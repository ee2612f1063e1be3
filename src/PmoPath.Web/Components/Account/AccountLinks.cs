namespace PmoPath.Web.Components.Account;

internal static class AccountLinks
{
    /// <summary>A return address after sign-in that stays on this site: a local path, never <c>//host</c> or a full URL.</summary>
    public static string SafeReturn(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/me";
}
