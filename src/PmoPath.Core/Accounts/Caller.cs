using System.Security.Claims;

namespace PmoPath.Accounts;

/// <summary>The claims PmoPath puts in a signed-in principal (cookie or bearer token).</summary>
public static class PmoClaims
{
    public const string Organisation = "pmopath/org";
    public const string Role = "pmopath/role";
    public const string Person = "pmopath/person";
    public const string Provider = "pmopath/provider";
}

/// <summary>
/// Who is asking: taken from the authenticated principal, never from the request. The database context
/// is bound to one caller (<see cref="Data.AppDbContext.BindTo(Caller)"/>), and <see cref="People.PeopleAccess"/>
/// decides from it which people the caller may see.
/// </summary>
public sealed record Caller(string? UserId, Guid? OrganisationId, Guid? PersonId, PmoRole? Role, bool IsSystem = false, string? ProviderCode = null)
{
    /// <summary>Not signed in: sees nobody.</summary>
    public static Caller Anonymous { get; } = new(null, null, null, null);

    /// <summary>The CLI and start-up work: every organisation, every person.</summary>
    public static Caller System { get; } = new(null, null, null, null, IsSystem: true);

    public bool IsAuthenticated => UserId is not null;

    /// <summary>Whether the caller administers the provider's sessions (its provider-admin, or the system).</summary>
    public bool AdministersProvider(string providerCode) =>
        IsSystem || (Role == PmoRole.ProviderAdmin && ProviderCode is { } mine && string.Equals(mine, providerCode, StringComparison.Ordinal));

    public static Caller From(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true)
            return Anonymous;
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        return new Caller(
            userId,
            Guid.TryParse(principal.FindFirstValue(PmoClaims.Organisation), out var org) ? org : null,
            Guid.TryParse(principal.FindFirstValue(PmoClaims.Person), out var person) ? person : null,
            PmoRoles.Parse(principal.FindFirstValue(PmoClaims.Role)),
            ProviderCode: principal.FindFirstValue(PmoClaims.Provider));
    }

    public static IEnumerable<Claim> ClaimsOf(AppUser user)
    {
        yield return new Claim(PmoClaims.Role, PmoRoles.Name(user.Role));
        if (user.OrganisationId is { } org)
            yield return new Claim(PmoClaims.Organisation, org.ToString());
        if (user.PersonId is { } person)
            yield return new Claim(PmoClaims.Person, person.ToString());
        if (user.ProviderCode is { } provider)
            yield return new Claim(PmoClaims.Provider, provider);
    }
}
