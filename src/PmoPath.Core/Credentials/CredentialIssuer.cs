using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Catalog;
using PmoPath.Data;
using PmoPath.Framework;
using PmoPath.People;
using PmoPath.Providers;

namespace PmoPath.Credentials;

public enum CredentialState
{
    Valid,
    Expired,
    Revoked,
}

/// <summary>A credential as its verification page and <c>GET /api/credentials/{id}</c> show it.</summary>
/// <param name="Id">The credential's id; its JSON id is <c>urn:uuid:</c> and this.</param>
/// <param name="State">Valid, expired (past <c>validUntil</c>) or revoked, now.</param>
/// <param name="SignatureVerified">Whether the stored VC-JWT verifies now with a key published in the JWKS.</param>
/// <param name="VerificationUrl">The public page that shows this state.</param>
/// <param name="Credential">The OpenBadgeCredential JSON, as signed.</param>
public sealed record CredentialView(
    Guid Id, CredentialState State, bool SignatureVerified, string Name, string AchievementName, string AchievementType, string CourseCode,
    string IssuerName, string IssuerId, string ProviderCode, DateOnly AchievedOn, DateTime ValidFrom, DateTime? ValidUntil,
    DateTime? RevokedAt, string? RevocationReason, string VerificationUrl, JsonElement Credential);

/// <summary>A provider-admin's or site-admin's reason for revoking.</summary>
public sealed record RevocationInput(string? Reason = null);

/// <summary>
/// Issues, shows and revokes the Open Badges 3.0 credentials of what PmoPath can vouch for: a provider's word that a
/// person attended a course (and passed its exam, for a certification course). The shape follows OB 3.0 on the VC
/// Data Model 2.0; the proof is a VC-JWT signed RS256 with <see cref="CredentialKeys"/> (docs/adr/0029).
/// </summary>
public sealed class CredentialIssuer(
    IDbContextFactory<AppDbContext> contexts, CredentialKeys keys, FrameworkStore store, PeopleAccess access, TimeProvider clock, AuditLog audit)
{
    public static readonly string[] Context = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"];
    public const string StatusType = "1EdTechRevocationList";
    public const int MaxReason = 500;

    public CredentialKeys Keys => keys;

    /// <summary>What is needed to write one credential; read before the attendance's transaction.</summary>
    public sealed record Award(Guid PersonId, Guid OrganisationId, string? Email, Course Course, TrainingProvider Provider, DateOnly StartsOn, DateOnly AchievedOn, bool ExamPassed, Guid BookingId);

    /// <summary>Whether attendance marked so earns a credential: attended, and for a certification course its exam passed.</summary>
    public static bool Earns(Course course, bool? attended, bool? examPassed) =>
        attended == true && (!course.IsCertification || examPassed == true);

    /// <summary>
    /// Makes the signing key now if there is none yet, so that issuing inside the caller's write transaction only
    /// reads it (on SQLite a second writer would wait for that transaction to end).
    /// </summary>
    public Task PrepareAsync(CancellationToken ct = default) => keys.CurrentAsync(ct);

    /// <summary>Builds and signs the credential of an award; the caller adds it to its own transaction.</summary>
    public async Task<IssuedCredential> IssueAsync(Award award, CancellationToken ct = default)
    {
        var framework = await store.GetAsync(ct);
        var key = await keys.CurrentAsync(ct);
        var now = Truncate(clock.GetUtcNow().UtcDateTime);
        var validUntil = award.Course.IsCertification && award.Course.Renewal?.RenewByFor(award.AchievedOn) is { } renewBy
            ? renewBy.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : (DateTime?)null;
        var issued = new IssuedCredential
        {
            OrganisationId = award.OrganisationId, PersonId = award.PersonId, BookingId = award.BookingId, CourseCode = award.Course.Code,
            ProviderCode = award.Provider.Code, AchievedOn = award.AchievedOn, ValidFromUtc = now, ValidUntilUtc = validUntil, KeyId = key.Id,
        };
        var credential = Build(issued, award, framework);
        issued.Json = credential.ToJsonString();
        issued.Jwt = Sign(credential, key);
        return issued;
    }

    /// <summary>The VC-JWT: the credential is the payload, with the registered claims the OB 3.0 JWT profile maps from it.</summary>
    public string Sign(JsonObject credential, SigningKey key)
    {
        var payload = credential.DeepClone().AsObject();
        payload["iss"] = credential["issuer"]!["id"]!.GetValue<string>();
        payload["sub"] = credential["credentialSubject"]!["id"]!.GetValue<string>();
        payload["jti"] = credential["id"]!.GetValue<string>();
        payload["nbf"] = Seconds(credential["validFrom"]!.GetValue<string>());
        if (credential["validUntil"] is { } until)
            payload["exp"] = Seconds(until.GetValue<string>());
        payload["iat"] = clock.GetUtcNow().ToUnixTimeSeconds();
        var header = new JsonObject { ["alg"] = Jws.Algorithm, ["typ"] = "JWT", ["kid"] = key.Id };
        return Jws.Sign(header, payload, key.Rsa);
    }

    private JsonObject Build(IssuedCredential issued, Award award, FrameworkSnapshot framework)
    {
        var site = keys.SiteUrl;
        var course = award.Course;
        var provider = award.Provider;
        var body = course.Body is { } b ? framework.BodyByCode.GetValueOrDefault(b) : null;
        var levels = string.Join(", ", course.Levels.Order());
        var narrative = course.IsCertification
            ? $"Attended {course.Title} with {provider.Name} ({Day(award.StartsOn)} to {Day(award.AchievedOn)}) and passed its exam, as the provider recorded in PmoPath."
              + (body is null ? "" : $" The certificate itself is awarded by {body.Name}.")
            : $"Attended {course.Title} with {provider.Name} ({Day(award.StartsOn)} to {Day(award.AchievedOn)}), as the provider recorded in PmoPath.";
        var alignment = new JsonArray();
        foreach (var code in course.Competencies)
        {
            var area = framework.CompetencyByCode.GetValueOrDefault(code);
            var id = FrameworkIdentifiers.Competency(code).ToString("D");
            alignment.Add(new JsonObject
            {
                ["type"] = new JsonArray("Alignment"),
                ["targetName"] = area?.Name ?? code,
                ["targetDescription"] = area?.Description ?? "",
                ["targetUrl"] = $"{site}/api/framework/case#{id}",
                ["targetCode"] = id,
                ["targetFramework"] = "PmoPath PMO career framework",
                ["targetType"] = "CFItem",
            });
        }
        var achievement = new JsonObject
        {
            ["id"] = Urn(FrameworkIdentifiers.Course(course.Code)),
            ["type"] = new JsonArray("Achievement"),
            ["name"] = course.Title,
            ["description"] = course.Description.Length > 0 ? course.Description : course.Title,
            ["criteria"] = new JsonObject { ["narrative"] = narrative },
            ["achievementType"] = course.IsCertification ? "Certification" : "CertificateOfCompletion",
            ["humanCode"] = course.Code,
            ["tag"] = new JsonArray([.. course.Levels.Order().Select(l => (JsonNode)JsonValue.Create($"PMO career level {l}")!)]),
            ["alignment"] = alignment,
        };
        if (levels.Length > 0)
            achievement["fieldOfStudy"] = $"PMO practice, career level{(course.Levels.Count > 1 ? "s" : "")} {levels}";
        if (body is not null)
            achievement["creator"] = new JsonObject
            {
                ["id"] = Urn(FrameworkIdentifiers.Of("body", body.Code)),
                ["type"] = new JsonArray("Profile"),
                ["name"] = body.Name,
            };

        var subject = new JsonObject
        {
            ["id"] = SubjectId(award.PersonId),
            ["type"] = new JsonArray("AchievementSubject"),
            ["activityStartDate"] = Instant(award.StartsOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)),
            ["activityEndDate"] = Instant(award.AchievedOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)),
            ["achievement"] = achievement,
        };
        if (award.Email is { Length: > 0 } email)
        {
            // OB 3.0 IdentityObject: sha256$hex(email + salt), so the holder can prove the address without it being shown.
            var salt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant() + salt)));
            subject["identifier"] = new JsonArray(new JsonObject
            {
                ["type"] = "IdentityObject", ["identityHash"] = "sha256$" + hash, ["identityType"] = "emailAddress", ["hashed"] = true, ["salt"] = salt,
            });
        }

        var issuer = new JsonObject
        {
            ["id"] = IssuerId(provider.Code),
            ["type"] = new JsonArray("Profile"),
            ["name"] = provider.Name,
            ["description"] = $"{provider.Name}, a training provider publishing its sessions on PmoPath. Issued through PmoPath, the platform for PMO professional development, on the provider's record of attendance.",
        };
        if (provider.Website is { Length: > 0 } website)
            issuer["url"] = website;
        if (provider.Email is { Length: > 0 } providerEmail)
            issuer["email"] = providerEmail;

        var credential = new JsonObject
        {
            ["@context"] = new JsonArray([.. Context.Select(c => (JsonNode)JsonValue.Create(c)!)]),
            ["id"] = "urn:uuid:" + issued.Id.ToString("D"),
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["name"] = course.Title,
            ["description"] = narrative,
            ["issuer"] = issuer,
            ["validFrom"] = Instant(issued.ValidFromUtc),
        };
        if (issued.ValidUntilUtc is { } validUntil)
            credential["validUntil"] = Instant(validUntil);
        credential["credentialSubject"] = subject;
        credential["credentialStatus"] = new JsonObject { ["id"] = StatusUrl(provider.Code), ["type"] = StatusType };
        return credential;
    }

    /// <summary>A UUID as a URN, <c>urn:uuid:…</c>.</summary>
    public static string Urn(Guid id) => "urn:uuid:" + id.ToString("D");

    public string IssuerId(string providerCode) => $"{keys.SiteUrl}/providers/{Uri.EscapeDataString(providerCode)}";
    public string StatusUrl(string providerCode) => $"{keys.SiteUrl}/api/credentials/status/{Uri.EscapeDataString(providerCode)}";
    public string VerificationUrl(Guid id) => $"{keys.SiteUrl}/credentials/{id}";

    /// <summary>The person's stable subject id across their credentials: a name-based UUID of their record's id.</summary>
    public static string SubjectId(Guid personId) => "urn:uuid:" + FrameworkIdentifiers.NameBased(FrameworkIdentifiers.Namespace, "pmopath:person:" + personId.ToString("D")).ToString("D");

    /// <summary>A credential anyone may look at by its id (the id is the secret a holder shares); null when there is none.</summary>
    public async Task<CredentialView?> FindAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await SystemAsync(ct);
        var credential = await db.IssuedCredentials.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        return credential is null ? null : await ViewAsync(credential, ct);
    }

    /// <summary>The stored record, for its JWT and badge image; null when there is none.</summary>
    public async Task<IssuedCredential?> FindRecordAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await SystemAsync(ct);
        return await db.IssuedCredentials.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
    }

    /// <summary>A person's credentials, newest first, for whoever may see their record.</summary>
    public async Task<List<CredentialView>> ForPersonAsync(Guid personId, CancellationToken ct = default)
    {
        var person = await access.DemandAsync(personId, PersonAction.View, ct);
        await using var db = await SystemAsync(ct);
        var list = await db.IssuedCredentials.AsNoTracking().Where(c => c.PersonId == person.Id).OrderByDescending(c => c.ValidFromUtc).ToListAsync(ct);
        var views = new List<CredentialView>(list.Count);
        foreach (var credential in list)
            views.Add(await ViewAsync(credential, ct));
        return views;
    }

    /// <summary>Whether the caller may revoke it: a provider-admin of the issuing provider, or a site-admin.</summary>
    public bool MayRevoke(CredentialView credential) =>
        access.Caller.Role == PmoRole.SiteAdmin || access.Caller.AdministersProvider(credential.ProviderCode);

    /// <summary>Revokes a credential: its page, its JSON and the issuer's revocation list say so from now on.</summary>
    public async Task<CredentialView> RevokeAsync(Guid id, RevocationInput input, CancellationToken ct = default)
    {
        var caller = access.Caller;
        await using var db = await SystemAsync(ct);
        var credential = await db.IssuedCredentials.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("credential", id.ToString());
        if (caller.Role != PmoRole.SiteAdmin && !caller.AdministersProvider(credential.ProviderCode))
            throw new ForbiddenException("Only the issuing provider's admins or a site-admin revoke a credential.");
        var reason = (input.Reason ?? "").Trim();
        if (reason.Length > MaxReason)
            throw new InvalidInputException("reason", $"At most {MaxReason} characters.");
        if (credential.RevokedAtUtc is not null)
            throw new ConflictException("This credential is already revoked.");
        credential.RevokedAtUtc = clock.GetUtcNow().UtcDateTime;
        credential.RevocationReason = reason.Length > 0 ? reason : "Revoked by the issuer.";
        db.AuditEntries.Add(audit.Entry(AuditActions.CredentialRevoked, caller, credential.PersonId, $"credential {credential.Id} ({credential.CourseCode}, {credential.ProviderCode})", credential.OrganisationId));
        await db.SaveChangesAsync(ct);
        return await ViewAsync(credential, ct);
    }

    /// <summary>
    /// The issuer's revocation list, at the <c>credentialStatus.id</c> of its credentials (type <c>1EdTechRevocationList</c>):
    /// the ids of the credentials it revoked, with the reasons.
    /// </summary>
    public async Task<JsonObject?> RevocationListAsync(string providerCode, CancellationToken ct = default)
    {
        await using var db = await SystemAsync(ct);
        if (!await db.Providers.AnyAsync(p => p.Code == providerCode, ct))
            return null;
        var revoked = await db.IssuedCredentials.AsNoTracking().Where(c => c.ProviderCode == providerCode && c.RevokedAtUtc != null)
            .OrderBy(c => c.RevokedAtUtc).Select(c => new { c.Id, c.RevocationReason }).ToListAsync(ct);
        return new JsonObject
        {
            ["id"] = StatusUrl(providerCode),
            ["issuer"] = IssuerId(providerCode),
            ["revokedCredentials"] = new JsonArray([.. revoked.Select(r => (JsonNode)new JsonObject
            {
                ["id"] = "urn:uuid:" + r.Id.ToString("D"),
                ["revocationReason"] = r.RevocationReason ?? "",
            })]),
        };
    }

    private async Task<CredentialView> ViewAsync(IssuedCredential c, CancellationToken ct)
    {
        var json = JsonNode.Parse(c.Json)!.AsObject();
        var now = clock.GetUtcNow().UtcDateTime;
        var state = c.RevokedAtUtc is not null ? CredentialState.Revoked : c.ValidUntilUtc is { } until && until <= now ? CredentialState.Expired : CredentialState.Valid;
        var verified = false;
        using (var key = await keys.PublishedKeyAsync(c.KeyId, ct))
        {
            if (key is not null && c.Jwt.Length > 0)
            {
                var jws = Jws.Parse(c.Jwt, "jwt");
                verified = Jws.Verify(jws, key) && jws.Payload["jti"]?.GetValue<string>() == json["id"]!.GetValue<string>();
            }
        }
        var achievement = json["credentialSubject"]!["achievement"]!;
        using var document = JsonDocument.Parse(c.Json);
        return new CredentialView(c.Id, state, verified, json["name"]!.GetValue<string>(), achievement["name"]!.GetValue<string>(),
            achievement["achievementType"]!.GetValue<string>(), c.CourseCode, json["issuer"]!["name"]!.GetValue<string>(), json["issuer"]!["id"]!.GetValue<string>(),
            c.ProviderCode, c.AchievedOn, c.ValidFromUtc, c.ValidUntilUtc, c.RevokedAtUtc, c.RevocationReason, VerificationUrl(c.Id), document.RootElement.Clone());
    }

    /// <summary>
    /// The badge image with the credential baked in (OB 3.0 "Baking": an <c>openbadges:credential</c> element holding
    /// the compact JWS in CDATA, right after the opening <c>svg</c> tag).
    /// </summary>
    public static string BakedSvg(IssuedCredential credential, string title, string issuer)
    {
        static string Esc(string s) => System.Net.WebUtility.HtmlEncode(s);
        static string Cut(string s, int max) => s.Length > max ? s[..(max - 1)] + "…" : s;
        // The title on up to two lines of about 18 characters, broken between words.
        var lines = new List<string> { "" };
        foreach (var word in title.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (lines[^1].Length > 0 && lines[^1].Length + 1 + word.Length > 18)
                lines.Add("");
            lines[^1] = lines[^1].Length == 0 ? word : lines[^1] + " " + word;
        }
        if (lines.Count > 2)
            lines = [lines[0], Cut(string.Join(" ", lines.Skip(1)), 18)];
        var titleY = lines.Count == 1 ? 210 : 190;
        var titleText = string.Concat(lines.Select((line, i) =>
            $"""<text x="200" y="{titleY + i * 38}" text-anchor="middle" font-family="Liberation Sans, Arial, sans-serif" font-size="32" font-weight="bold" fill="#ffffff">{Esc(Cut(line, 20))}</text>"""));
        return $"""
            <svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" width="400" height="400" viewBox="0 0 400 400" role="img" aria-labelledby="t">
            <openbadges:credential><![CDATA[{credential.Jwt}]]></openbadges:credential>
            <title id="t">{Esc(title)}: an Open Badges 3.0 credential from {Esc(issuer)}</title>
            <circle cx="200" cy="200" r="190" fill="#0b3954"/>
            <circle cx="200" cy="200" r="172" fill="none" stroke="#7dd3c0" stroke-width="8"/>
            <text x="200" y="110" text-anchor="middle" font-family="Liberation Sans, Arial, sans-serif" font-size="28" fill="#7dd3c0">PmoPath</text>
            {titleText}
            <text x="200" y="290" text-anchor="middle" font-family="Liberation Sans, Arial, sans-serif" font-size="22" fill="#ffffff">{Esc(Cut(issuer, 26))}</text>
            <text x="200" y="325" text-anchor="middle" font-family="Liberation Sans, Arial, sans-serif" font-size="22" fill="#7dd3c0">{credential.AchievedOn.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}</text>
            </svg>
            """;
    }

    private static string Day(DateOnly day) => day.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
    private static string Instant(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    private static long Seconds(string instant) => new DateTimeOffset(DateTime.Parse(instant, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)).ToUnixTimeSeconds();
    private static DateTime Truncate(DateTime utc) => new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    private async Task<AppDbContext> SystemAsync(CancellationToken ct) => (await contexts.CreateDbContextAsync(ct)).BindTo(Caller.System);
}
