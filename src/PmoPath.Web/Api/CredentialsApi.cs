using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using PmoPath.Credentials;
using PmoPath.Web.Hosting;

namespace PmoPath.Web.Api;

/// <summary>One public key of the JWKS (RFC 7517).</summary>
public sealed record JsonWebKey(string Kty, string N, string E, string Kid, string Alg, string Use);

/// <summary>The public keys that verify PmoPath's credentials.</summary>
public sealed record JsonWebKeySet(List<JsonWebKey> Keys);

/// <summary>One revoked credential on an issuer's list.</summary>
public sealed record RevokedCredential(string Id, string RevocationReason);

/// <summary>An issuer's revocation list (<c>1EdTechRevocationList</c>): the credentials it revoked.</summary>
public sealed record RevocationList(string Id, string Issuer, List<RevokedCredential> RevokedCredentials);

/// <summary>
/// Open Badges 3.0 credentials (docs/adr/0029). Looking a credential up, its VC-JWT, its baked badge, the issuers'
/// revocation lists and the JWKS are public: a credential's id is what its holder shares. Revoking (the issuing
/// provider's admins, site-admins), a person's list and uploading a credential issued elsewhere need a token.
/// </summary>
public static class CredentialsApi
{
    public const string JwtMediaType = "application/jwt";
    public const string SvgMediaType = "image/svg+xml";

    public static IEndpointRouteBuilder MapCredentialsApi(this IEndpointRouteBuilder app)
    {
        // The JWKS lives where verifiers look for it, outside the API's path; the kid of every credential points here.
        app.MapGet("/.well-known/jwks.json", Jwks).ExcludeFromDescription();

        var api = app.MapGroup("/api").WithTags("Credentials");
        api.MapGet("/credentials/{id:guid}", Get).WithSummary("A credential: its state now (valid, expired or revoked), whether its signature verifies, and the OpenBadgeCredential JSON.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/credentials/{id:guid}/jwt", Jwt).WithSummary("The credential as a VC-JWT (compact JWS, RS256), verifiable with the keys at /.well-known/jwks.json.")
            .Produces<string>(contentType: JwtMediaType).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/credentials/{id:guid}/badge.svg", Badge).WithSummary("The badge image with the VC-JWT baked in (an openbadges:credential element), as Open Badges 3.0 describes.")
            .Produces<string>(contentType: SvgMediaType).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/credentials/status/{providerCode}", Status).WithSummary("An issuer's revocation list, the credentialStatus of its credentials (type 1EdTechRevocationList).")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var secured = api.MapGroup("").RequireAuthorization(WebAuthSetup.ApiPolicy).ProducesProblem(StatusCodes.Status401Unauthorized);
        secured.MapPost("/credentials/{id:guid}/revoke", Revoke).WithSummary("Revoke a credential (the issuing provider's admins, or a site-admin), with a reason; its page, JSON and the revocation list say so at once.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        secured.MapGet("/people/{id:guid}/credentials", ForPerson).WithTags("Credentials").WithSummary("The credentials PmoPath issued to a person, newest first.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        secured.MapGet("/people/{id:guid}/external-credentials", External).WithSummary("Credentials issued elsewhere that the person attached to certificates, with what was and was not verified.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        secured.MapPost("/people/{id:guid}/external-credentials", Attach).WithSummary("Attach an Open Badges 3.0 credential issued elsewhere (VC-JWT, or JSON) to a certificate on the record; it is verified as far as can be offline.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<JsonWebKeySet>> Jwks(CredentialKeys keys, HttpContext http, CancellationToken ct)
    {
        var set = await keys.JwksAsync(ct);
        http.Response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.Ok(new JsonWebKeySet([.. set["keys"]!.AsArray().Select(k => new JsonWebKey(
            Text(k, "kty"), Text(k, "n"), Text(k, "e"), Text(k, "kid"), Text(k, "alg"), Text(k, "use")))]));
    }

    public static async Task<Ok<CredentialView>> Get(Guid id, CredentialIssuer credentials, CancellationToken ct) =>
        TypedResults.Ok(await credentials.FindAsync(id, ct) ?? throw Missing(id));

    public static async Task<FileContentHttpResult> Jwt(Guid id, CredentialIssuer credentials, CancellationToken ct) =>
        await credentials.FindRecordAsync(id, ct) is { Jwt.Length: > 0 } record
            ? TypedResults.File(Encoding.ASCII.GetBytes(record.Jwt), JwtMediaType, $"credential-{id}.jwt")
            : throw Missing(id);

    public static async Task<FileContentHttpResult> Badge(Guid id, CredentialIssuer credentials, CancellationToken ct)
    {
        if (await credentials.FindRecordAsync(id, ct) is not { Jwt.Length: > 0 } record || await credentials.FindAsync(id, ct) is not { } view)
            throw Missing(id);
        return TypedResults.File(Encoding.UTF8.GetBytes(CredentialIssuer.BakedSvg(record, view.AchievementName, view.IssuerName)), SvgMediaType, $"credential-{id}.svg");
    }

    public static async Task<Ok<RevocationList>> Status(string providerCode, CredentialIssuer credentials, CancellationToken ct)
    {
        var list = await credentials.RevocationListAsync(providerCode, ct) ?? throw new NotFoundException("provider", providerCode);
        return TypedResults.Ok(new RevocationList(Text(list, "id"), Text(list, "issuer"),
            [.. list["revokedCredentials"]!.AsArray().Select(r => new RevokedCredential(Text(r, "id"), Text(r, "revocationReason")))]));
    }

    public static async Task<Ok<CredentialView>> Revoke(Guid id, RevocationInput revocation, CredentialIssuer credentials, CancellationToken ct) =>
        TypedResults.Ok(await credentials.RevokeAsync(id, revocation, ct));

    public static async Task<Ok<List<CredentialView>>> ForPerson(Guid id, CredentialIssuer credentials, CancellationToken ct) =>
        TypedResults.Ok(await credentials.ForPersonAsync(id, ct));

    public static async Task<Ok<List<ExternalCredentialView>>> External(Guid id, CredentialUpload upload, CancellationToken ct) =>
        TypedResults.Ok(await upload.ForPersonAsync(id, ct));

    public static async Task<Created<ExternalCredentialView>> Attach(Guid id, ExternalCredentialInput credential, CredentialUpload upload, CancellationToken ct)
    {
        var attached = await upload.AttachAsync(id, credential, ct);
        return TypedResults.Created($"/api/people/{id}/external-credentials", attached);
    }

    private static NotFoundException Missing(Guid id) => new("credential", id.ToString());

    private static string Text(JsonNode? node, string name) => node?[name]?.GetValue<string>() ?? "";
}
