using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PmoPath.Accounts;
using PmoPath.Data;

namespace PmoPath.Web.Hosting;

/// <summary>
/// How the web app knows who is calling: a cookie for the pages (Identity's application cookie), a
/// bearer token for the API — the API never accepts the cookie, so a page on another site cannot make a
/// signed-in browser call it. Plus the rate limits on sign-in and the anonymous API, shared by every instance.
/// </summary>
public static class WebAuthSetup
{
    public const string BearerScheme = "Bearer";
    public const string ApiPolicy = "api";

    /// <summary>The pages of a training provider's administrator (the provider desk); others get "not allowed".</summary>
    public const string ProviderAdminPolicy = "provider-admin";

    /// <summary>The pages of an organisation's HR / L&amp;D admin.</summary>
    public const string OrgAdminPolicy = "org-admin";

    /// <summary>The pages of article editors: a site-admin, or a training provider's admin (for their provider's articles).</summary>
    public const string EditorPolicy = "editor";

    /// <summary>Pages for those who lead people: a pmo-manager (their teams) or an org-admin (any team).</summary>
    public const string TeamLeadPolicy = "team-lead";
    private const string ChooseScheme = "cookie-or-bearer";

    public static WebApplicationBuilder AddPmoPathWebAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // A server outside Development and Testing keeps its key ring encrypted, or is told how to (KeyRingSetup).
        builder.RequireProtectedKeyRing();
        services.AddHttpContextAccessor();
        new IdentityBuilder(typeof(AppUser), services).AddSignInManager();
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = ChooseScheme;
                o.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            .AddPolicyScheme(ChooseScheme, "Cookie or bearer token", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? BearerScheme : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerScheme, null)
            .AddIdentityCookies(cookies => cookies.ApplicationCookie!.Configure(o =>
            {
                o.Cookie.Name = "pmopath";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.LoginPath = "/account/sign-in";
                o.LogoutPath = "/account/sign-out";
                o.AccessDeniedPath = "/account/denied";
                var identityCheck = o.Events.OnValidatePrincipal;
                o.Events.OnValidatePrincipal = async context =>
                {
                    if (!await SessionStamp.IsCurrentAsync(context))
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                        return;
                    }
                    await identityCheck(context);
                };
            }));

        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, p => p.AddAuthenticationSchemes(BearerScheme).RequireAuthenticatedUser())
            .AddPolicy(ProviderAdminPolicy, p => p.RequireClaim(PmoClaims.Role, PmoRoles.Name(PmoRole.ProviderAdmin)).RequireClaim(PmoClaims.Provider))
            .AddPolicy(OrgAdminPolicy, p => p.RequireClaim(PmoClaims.Role, PmoRoles.Name(PmoRole.OrgAdmin)).RequireClaim(PmoClaims.Organisation))
            .AddPolicy(EditorPolicy, p => p.RequireAssertion(context => Knowledge.ArticleEditor.IsEditorRole(Caller.From(context.User))))
            .AddPolicy(TeamLeadPolicy, p => p.RequireClaim(PmoClaims.Role, PmoRoles.Name(PmoRole.PmoManager), PmoRoles.Name(PmoRole.OrgAdmin)).RequireClaim(PmoClaims.Organisation));

        services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.WindowSeconds > 0 && o.SignIn > 0 && o.AnonymousApi > 0 && o.Advice > 0,
                $"{RateLimitOptions.Section}: WindowSeconds, SignIn, AnonymousApi and Advice must be positive.")
            .ValidateOnStart();
        services.AddSingleton<SharedRateLimits>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // The one answer for every limit in the app (this global one and named policies such as advice's).
            o.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var log = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("PmoPath.RateLimits");
                RefusalLog.RateLimited(log, context.HttpContext.Request.Method, context.HttpContext.Request.Path, seconds);
                context.HttpContext.RequestServices.GetRequiredService<PmoPathMetrics>()
                    .RateLimited(context.Lease.TryGetMetadata(SharedWindowLimiter.LimitName, out var limit) && limit is { Length: > 0 } ? limit : "other");
                await TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                    detail: $"Too many requests from this address; try again in {seconds} seconds.").ExecuteAsync(context.HttpContext);
            };
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var path = http.Request.Path;
                if (HttpMethods.IsPost(http.Request.Method) && path.StartsWithSegments("/account"))
                    return Limit(http, "account", l => l.SignIn);
                if (path.StartsWithSegments("/api") && http.User.Identity?.IsAuthenticated != true)
                    return Limit(http, "api", l => l.AnonymousApi);
                return RateLimitPartition.GetNoLimiter("");
            });
        });
        return builder;
    }

    /// <summary>
    /// The shared limit <paramref name="name"/> for the calling address. Behind a load balancer the address is the
    /// client's only when forwarded headers are trusted (<c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c>).
    /// </summary>
    public static RateLimitPartition<string> Limit(HttpContext http, string name, Func<RateLimitOptions, int> limit)
    {
        var limits = http.RequestServices.GetRequiredService<SharedRateLimits>();
        return limits.Partition($"{name}:{http.Connection.RemoteIpAddress?.ToString() ?? "unknown"}", limit(limits.Options));
    }
}

/// <summary>
/// A sign-in cookie is good only while its account's security stamp is the one it was issued with. The stamp is read
/// from the database on every request (one indexed lookup of a short column), so signing out, a password reset or a
/// role change ends the session on every instance at its next request; no session state is kept in any process.
/// Identity's own validator still runs after it (once a minute) to refresh the cookie's claims.
/// </summary>
internal static class SessionStamp
{
    public static async Task<bool> IsCurrentAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var claims = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var userId = context.Principal?.FindFirstValue(claims.UserIdClaimType);
        var stamp = context.Principal?.FindFirstValue(claims.SecurityStampClaimType);
        if (userId is null || stamp is null)
            return false;
        var contexts = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = (await contexts.CreateDbContextAsync(context.HttpContext.RequestAborted)).BindTo(Caller.System);
        var current = await db.Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp).FirstOrDefaultAsync(context.HttpContext.RequestAborted);
        return current is not null && string.Equals(current, stamp, StringComparison.Ordinal);
    }
}

/// <summary>
/// <c>Authorization: Bearer pmp_…</c>: looks the token's hash up, and signs the request in as the token's
/// account with the same claims a cookie carries. A bad token is a 401 with <c>WWW-Authenticate: Bearer</c>.
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiTokens tokens, IUserClaimsPrincipalFactory<AppUser> principals)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();
        var user = await tokens.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (user is null)
            return AuthenticateResult.Fail("The bearer token is unknown, revoked or expired.");
        var principal = await principals.CreateAsync(user);
        var identity = new ClaimsIdentity(principal.Claims, Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        await TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not signed in",
            detail: "Send 'Authorization: Bearer <token>'; 'pmopath tokens create --email E' makes one.").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden").ExecuteAsync(Context);
}
