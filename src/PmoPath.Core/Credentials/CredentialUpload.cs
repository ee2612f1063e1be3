using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Framework;
using PmoPath.People;

namespace PmoPath.Credentials;

/// <summary>An Open Badges 3.0 credential issued elsewhere: a compact JWS (VC-JWT) or the credential's JSON; optionally the certificate it is evidence of.</summary>
public sealed record ExternalCredentialInput(string? Credential = null, Guid? CertificateId = null);

/// <summary>An uploaded credential on a person's record, with what was and was not verified.</summary>
public sealed record ExternalCredentialView(
    Guid Id, Guid CertificateId, string CourseCode, string IssuerName, string IssuerId, string AchievementName, DateTime? ValidFrom, DateTime? ValidUntil,
    bool SignatureVerified, List<string> Findings, string Format, DateTime UploadedAt);

/// <summary>
/// "Bring your own": a person attaches an Open Badges 3.0 credential issued elsewhere to a certificate on their record.
/// PmoPath checks what it can offline — the RS256 signature when the key travels in the JWS header (<c>jwk</c>) or is
/// one of PmoPath's own, the JWT claims against the credential, the dates, PmoPath's own revocation list — and keeps a
/// line for each thing it checked or could not check. Anything malformed, unsigned (<c>alg: none</c>), signed with
/// another algorithm, or whose signature fails is refused with the reason, and nothing is saved.
/// </summary>
public sealed class CredentialUpload(IDbContextFactory<AppDbContext> contexts, PeopleAccess access, CredentialKeys keys, FrameworkStore store, TimeProvider clock, AuditLog audit)
{
    /// <summary>The largest credential accepted, in characters.</summary>
    public const int MaxLength = 64 * 1024;
    private const string Field = "credential";

    public async Task<ExternalCredentialView> AttachAsync(Guid personId, ExternalCredentialInput input, CancellationToken ct = default)
    {
        var person = await access.DemandAsync(personId, PersonAction.EditRecord, ct);
        var text = input.Credential?.Trim() ?? "";
        if (text.Length == 0)
            throw new InvalidInputException(Field, "Paste or upload the credential: a compact JWS (VC-JWT) or the credential's JSON.");
        if (text.Length > MaxLength)
            throw new InvalidInputException(Field, $"The credential is {text.Length:N0} characters; at most {MaxLength:N0} are accepted.");

        var findings = new List<string>();
        var now = clock.GetUtcNow().UtcDateTime;
        JsonObject credential;
        bool verified;
        string format;
        string? ownKid = null;
        if (text.StartsWith('{'))
        {
            format = "json";
            credential = ParseObject(text);
            verified = false;
            findings.Add(credential.ContainsKey("proof")
                ? "Signature not verified: embedded proofs (Data Integrity) are not supported; upload the VC-JWT form to have the signature checked."
                : "Signature not verified: the JSON carries no proof, so it is not a verifiable credential on its own.");
        }
        else
        {
            format = "jwt";
            var jws = Jws.Parse(text, Field);
            var alg = jws.Header["alg"]?.GetValueKind() == JsonValueKind.String ? jws.Header["alg"]!.GetValue<string>() : null;
            if (alg is null)
                throw new InvalidInputException(Field, "The JWS header has no \"alg\".");
            if (string.Equals(alg, "none", StringComparison.OrdinalIgnoreCase))
                throw new InvalidInputException(Field, "The JWS is unsigned (\"alg\": \"none\"); an unsigned credential is refused.");
            if (alg != Jws.Algorithm)
                throw new InvalidInputException(Field, $"The JWS is signed with {alg}; PmoPath verifies RS256, the algorithm the Open Badges 3.0 JWT profile requires.");
            credential = jws.Payload["vc"] is JsonObject legacy ? legacy : jws.Payload;
            verified = await VerifySignatureAsync(jws, findings, ct);
            if (!verified && jws.Header["kid"]?.GetValueKind() == JsonValueKind.String && await keys.PublishedKeyAsync(jws.Header["kid"]!.GetValue<string>(), ct) is null)
                findings.Add($"Signature not verified: the issuer's key ({Short(jws.Header["kid"]!.GetValue<string>())}) cannot be fetched offline.");
            if (verified && jws.Header["kid"]?.GetValueKind() == JsonValueKind.String && jws.Header["jwk"] is null)
                ownKid = jws.Header["kid"]!.GetValue<string>();
            CheckClaims(jws.Payload, credential);
            findings.Add("JWT claims iss, sub, jti and nbf match the credential.");
        }

        var (issuerId, issuerName, achievementName, achievementId) = Required(credential);
        var validFrom = Date(credential, "validFrom") ?? Date(credential, "issuanceDate");
        var validUntil = Date(credential, "validUntil") ?? Date(credential, "expirationDate");
        if (validFrom is { } from && from > now)
            findings.Add($"Not yet valid: valid from {from:d MMM yyyy}.");
        else if (validFrom is not null)
            findings.Add($"Valid from {validFrom:d MMM yyyy}.");
        if (validUntil is { } until)
            findings.Add(until <= now ? $"Expired on {until:d MMM yyyy}." : $"Valid until {until:d MMM yyyy}.");
        else
            findings.Add("No expiry date.");

        await using var db = (await contexts.CreateDbContextAsync(ct)).BindTo(Caller.System);
        if (credential["credentialStatus"] is JsonObject status)
        {
            if (ownKid is not null && credential["id"]?.GetValue<string>() is { } ownId && ownId.StartsWith("urn:uuid:", StringComparison.Ordinal)
                && Guid.TryParse(ownId["urn:uuid:".Length..], out var issuedId))
            {
                var revoked = await db.IssuedCredentials.Where(c => c.Id == issuedId).Select(c => (DateTime?)c.RevokedAtUtc).FirstOrDefaultAsync(ct);
                findings.Add(revoked is null ? "Status: not revoked (PmoPath's own revocation list)." : $"Status: revoked on {revoked:d MMM yyyy} (PmoPath's own revocation list).");
            }
            else
                findings.Add($"Status not checked: the issuer's status service ({Short(status["id"]?.ToString() ?? "no address")}) is not reachable offline.");
        }
        else
            findings.Add("No credentialStatus: the issuer publishes no revocation status.");

        var certificates = await db.Certificates.AsNoTracking().Where(c => c.PersonId == person.Id).ToListAsync(ct);
        var framework = await store.GetAsync(ct);
        Certificate? match;
        if (input.CertificateId is { } chosen)
            match = certificates.FirstOrDefault(c => c.Id == chosen)
                ?? throw new InvalidInputException("certificateId", "That certificate is not on this person's record.");
        else
            match = certificates.OrderByDescending(c => c.AchievedOn).FirstOrDefault(c => achievementId == CredentialIssuer.Urn(FrameworkIdentifiers.Course(c.CourseCode))
                    || (framework.FindCourse(c.CourseCode) is { } course && Matches(achievementName, course.Title, course.Code)))
                ?? throw new InvalidInputException("certificateId",
                    $"No certificate on the record matches the achievement \"{Short(achievementName)}\": add the certificate first, or choose the certificate it is evidence of.");

        var external = new ExternalCredential
        {
            OrganisationId = person.OrganisationId, PersonId = person.Id, CertificateId = match.Id, IssuerId = Cut(issuerId, 1000), IssuerName = Cut(issuerName, 500),
            AchievementName = Cut(achievementName, 500), ValidFromUtc = validFrom, ValidUntilUtc = validUntil, SignatureVerified = verified,
            Findings = Cut(string.Join("\n", findings), 4000), Format = format, Content = text, UploadedAtUtc = now,
        };
        db.ExternalCredentials.Add(external);
        db.AuditEntries.Add(audit.Entry(AuditActions.CredentialUploaded, access.Caller, person.Id,
            $"{format} credential for certificate {match.CourseCode}, signature {(verified ? "verified" : "not verified")}", person.OrganisationId));
        await db.SaveChangesAsync(ct);
        return View(external, match.CourseCode);
    }

    /// <summary>The credentials uploaded to a person's record, newest first.</summary>
    public async Task<List<ExternalCredentialView>> ForPersonAsync(Guid personId, CancellationToken ct = default)
    {
        var person = await access.DemandAsync(personId, PersonAction.View, ct);
        await using var db = (await contexts.CreateDbContextAsync(ct)).BindTo(Caller.System);
        var rows = await db.ExternalCredentials.AsNoTracking().Where(c => c.PersonId == person.Id)
            .Join(db.Certificates, e => e.CertificateId, c => c.Id, (e, c) => new { e, c.CourseCode })
            .OrderByDescending(r => r.e.UploadedAtUtc).ToListAsync(ct);
        return [.. rows.Select(r => View(r.e, r.CourseCode))];
    }

    private static ExternalCredentialView View(ExternalCredential e, string courseCode) => new(
        e.Id, e.CertificateId, courseCode, e.IssuerName, e.IssuerId, e.AchievementName, e.ValidFromUtc, e.ValidUntilUtc, e.SignatureVerified,
        [.. e.Findings.Split('\n', StringSplitOptions.RemoveEmptyEntries)], e.Format, e.UploadedAtUtc);

    private async Task<bool> VerifySignatureAsync(CompactJws jws, List<string> findings, CancellationToken ct)
    {
        if (jws.Header["jwk"] is JsonNode jwkNode)
        {
            using var key = jwkNode is JsonObject jwk ? Jws.ImportPublic(jwk) : null;
            if (key is null)
                throw new InvalidInputException(Field, "The JWS header's \"jwk\" is not an RSA public key of at least 2048 bits.");
            if (!Jws.Verify(jws, key))
                throw new InvalidInputException(Field, "The signature does not verify with the key in the JWS header: the credential was altered, or signed with another key.");
            findings.Add("Signature verified (RS256) with the public key carried in the JWS header; that key is not otherwise known to belong to the issuer.");
            return true;
        }
        if (jws.Header["kid"]?.GetValueKind() != JsonValueKind.String)
            throw new InvalidInputException(Field, "The JWS header names no key: it needs \"kid\" or \"jwk\".");
        using var own = await keys.PublishedKeyAsync(jws.Header["kid"]!.GetValue<string>(), ct);
        if (own is null)
            return false;
        if (!Jws.Verify(jws, own))
            throw new InvalidInputException(Field, "The signature does not verify with PmoPath's published key: the credential was altered.");
        findings.Add("Signature verified (RS256) with PmoPath's own published key.");
        return true;
    }

    /// <summary>OB 3.0 "Verify a Credential VC-JWT Signature": iss, sub, jti and nbf must match the credential.</summary>
    private static void CheckClaims(JsonObject payload, JsonObject credential)
    {
        var issuer = credential["issuer"] is JsonObject io ? io["id"]?.ToString() : credential["issuer"]?.ToString();
        var subject = credential["credentialSubject"] is JsonObject s ? s["id"]?.ToString() : null;
        var mismatches = new List<string>();
        if (payload["iss"]?.ToString() != issuer)
            mismatches.Add("iss is not the issuer's id");
        if (payload["jti"]?.ToString() != credential["id"]?.ToString())
            mismatches.Add("jti is not the credential's id");
        if (subject is not null && payload["sub"]?.ToString() != subject)
            mismatches.Add("sub is not the subject's id");
        if (payload["nbf"] is not JsonValue nbf || nbf.GetValueKind() != JsonValueKind.Number)
            mismatches.Add("nbf is missing");
        else if ((Date(credential, "validFrom") ?? Date(credential, "issuanceDate")) is { } from
            && DateTimeOffset.FromUnixTimeSeconds((long)nbf.GetValue<double>()).UtcDateTime != from)
            mismatches.Add("nbf is not validFrom");
        if (mismatches.Count > 0)
            throw new InvalidInputException(Field, "The JWT claims do not match the credential: " + string.Join("; ", mismatches) + ".");
    }

    private static (string IssuerId, string IssuerName, string AchievementName, string? AchievementId) Required(JsonObject credential)
    {
        var types = credential["type"] switch
        {
            JsonArray a => a.Select(t => t?.ToString()).ToList(),
            JsonValue v => [v.ToString()],
            _ => [],
        };
        if (!types.Contains("OpenBadgeCredential") && !types.Contains("AchievementCredential"))
            throw new InvalidInputException(Field, "This is not an Open Badges 3.0 credential: its \"type\" names neither OpenBadgeCredential nor AchievementCredential.");
        var (issuerId, issuerName) = credential["issuer"] switch
        {
            JsonObject o when o["id"] is JsonValue id => (id.ToString(), o["name"]?.ToString() ?? id.ToString()),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => (v.ToString(), v.ToString()),
            _ => throw new InvalidInputException(Field, "The credential has no \"issuer\" with an id."),
        };
        if (credential["credentialSubject"] is not JsonObject subject || subject["achievement"] is not JsonObject achievement
            || achievement["name"] is not JsonValue name || name.GetValueKind() != JsonValueKind.String)
            throw new InvalidInputException(Field, "The credential has no credentialSubject.achievement with a name.");
        return (issuerId, issuerName, name.ToString(), achievement["id"]?.ToString());
    }

    private static JsonObject ParseObject(string text)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 32 }) as JsonObject
                ?? throw new InvalidInputException(Field, "The credential's JSON is not an object.");
        }
        catch (JsonException e)
        {
            throw new InvalidInputException(Field, $"The credential is not valid JSON (line {e.LineNumber + 1}).");
        }
    }

    private static DateTime? Date(JsonObject credential, string name) =>
        credential[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String
        && DateTime.TryParse(v.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var when)
            ? DateTime.SpecifyKind(when, DateTimeKind.Utc) : null;

    private static bool Matches(string achievement, string title, string code) =>
        achievement.Contains(title, StringComparison.OrdinalIgnoreCase) || string.Equals(achievement, code, StringComparison.OrdinalIgnoreCase)
        || (achievement.Length >= 8 && title.Contains(achievement, StringComparison.OrdinalIgnoreCase));

    private static string Short(string s) => s.Length > 120 ? s[..119] + "…" : s;
    private static string Cut(string s, int max) => s.Length > max ? s[..max] : s;
}
