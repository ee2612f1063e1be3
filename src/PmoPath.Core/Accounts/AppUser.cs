using Microsoft.AspNetCore.Identity;

namespace PmoPath.Accounts;

/// <summary>
/// The roles of PmoPath. A user has exactly one; it comes from the signed-in identity, never from a
/// request body.
/// </summary>
public enum PmoRole
{
    /// <summary>Sees and edits their own record and plan.</summary>
    Practitioner,

    /// <summary>Also sees the people in the teams they manage, rates them and comments on their plans.</summary>
    PmoManager,

    /// <summary>HR / L&amp;D: sees everyone in the organisation; may erase a person.</summary>
    OrgAdmin,

    /// <summary>A training provider's administrator; sees no organisation's people.</summary>
    ProviderAdmin,

    /// <summary>Runs the site; administration is through the CLI's system mode, not by reading people.</summary>
    SiteAdmin,
}

public static class PmoRoles
{
    /// <summary>The role as people type it: <c>practitioner</c>, <c>pmo-manager</c>, <c>org-admin</c>, <c>provider-admin</c>, <c>site-admin</c>.</summary>
    public static string Name(PmoRole role) => role switch
    {
        PmoRole.Practitioner => "practitioner",
        PmoRole.PmoManager => "pmo-manager",
        PmoRole.OrgAdmin => "org-admin",
        PmoRole.ProviderAdmin => "provider-admin",
        PmoRole.SiteAdmin => "site-admin",
        _ => role.ToString(),
    };

    public static IEnumerable<PmoRole> All => Enum.GetValues<PmoRole>();

    public static PmoRole? Parse(string? text) =>
        All.Cast<PmoRole?>().FirstOrDefault(r => string.Equals(Name(r!.Value), text?.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>An account. It belongs to one organisation (none for provider and site admins) and signs in as one person.</summary>
public sealed class AppUser : IdentityUser
{
    public Guid? OrganisationId { get; set; }
    public PmoRole Role { get; set; }
    public Guid? PersonId { get; set; }
    public People.Person? Person { get; set; }

    /// <summary>For a provider-admin: the training provider whose sessions the account manages.</summary>
    public string? ProviderCode { get; set; }
    public DateTime CreatedAtUtc { get; set; }

    /// <summary>When the last invitation mail was sent (null: never, or before this was recorded — then <see cref="CreatedAtUtc"/>).</summary>
    public DateTime? InvitedAtUtc { get; set; }
}
