using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace PmoPath.Accounts;

/// <summary>Puts the account's organisation, role and person into the principal, for cookies and bearer tokens alike.</summary>
public sealed class PmoClaimsFactory(UserManager<AppUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaims(Caller.ClaimsOf(user));
        return identity;
    }
}
