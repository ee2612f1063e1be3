using System.Globalization;
using PmoPath.Credentials;

namespace PmoPath.Web.Components.Credentials;

/// <summary>How the pages say a credential's state and dates.</summary>
public static class CredentialText
{
    public static string State(CredentialState state) => state switch
    {
        CredentialState.Valid => "Valid",
        CredentialState.Expired => "Expired",
        _ => "Revoked",
    };

    public static string Explain(CredentialView c) => c.State switch
    {
        CredentialState.Valid => c.ValidUntil is { } until ? $"It holds until {Day(until)}, when the certificate is due for renewal." : "It does not expire.",
        CredentialState.Expired => $"It lapsed on {Day(c.ValidUntil!.Value)}, when the certificate was due for renewal.",
        _ => $"The issuer revoked it on {Day(c.RevokedAt!.Value)}: {c.RevocationReason}",
    };

    public static string Day(DateTime utc) => utc.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
    public static string Day(DateOnly day) => day.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
}
