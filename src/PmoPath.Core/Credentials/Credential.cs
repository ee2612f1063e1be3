using PmoPath.People;

namespace PmoPath.Credentials;

/// <summary>
/// An Open Badges 3.0 <c>OpenBadgeCredential</c> PmoPath issued on behalf of a provider when it marked a person as
/// having attended a course (and, for a certification course, passed its exam). The credential's JSON and its signed
/// VC-JWT are kept exactly as issued: they are what the person downloads, and a signature covers the bytes.
/// </summary>
public sealed class IssuedCredential : IOrganisationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid PersonId { get; set; }

    /// <summary>The booking whose attendance issued it; one credential per booking.</summary>
    public Guid? BookingId { get; set; }
    public string CourseCode { get; set; } = "";
    public string ProviderCode { get; set; } = "";

    /// <summary>The day of the exam, or the last day of the course.</summary>
    public DateOnly AchievedOn { get; set; }
    public DateTime ValidFromUtc { get; set; }

    /// <summary>From the course's renewal rule; null where the certificate does not lapse.</summary>
    public DateTime? ValidUntilUtc { get; set; }

    /// <summary>The <c>kid</c> of the signing key.</summary>
    public string KeyId { get; set; } = "";

    /// <summary>The credential as JSON (without proof).</summary>
    public string Json { get; set; } = "";

    /// <summary>The credential as a compact JWS (VC-JWT), the proof.</summary>
    public string Jwt { get; set; } = "";

    public DateTime? RevokedAtUtc { get; set; }
    public string? RevocationReason { get; set; }
}

/// <summary>
/// An RSA key that signs credentials. The private key is kept protected by ASP.NET Data Protection (whose key ring is
/// encrypted at rest); the public key is published at <c>/.well-known/jwks.json</c> until the key is retired.
/// The newest key that is not retired signs new credentials; older ones keep verifying what they signed.
/// </summary>
public sealed class CredentialSigningKey
{
    /// <summary>The <c>kid</c>: the JWKS address and the key's RFC 7638 thumbprint, <c>…/.well-known/jwks.json#THUMBPRINT</c>.</summary>
    public string Id { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }

    /// <summary>The public key as a JWK (JSON, no private members).</summary>
    public string PublicJwk { get; set; } = "";

    /// <summary>The PKCS#8 private key, protected with Data Protection, base64.</summary>
    public string ProtectedPrivateKey { get; set; } = "";

    /// <summary>Set when the key is withdrawn: no longer published, so what it signed no longer verifies.</summary>
    public DateTime? RetiredAtUtc { get; set; }
}

/// <summary>
/// An Open Badges 3.0 credential issued elsewhere that a person attached to a certificate on their record, with what
/// PmoPath could and could not verify about it when it was uploaded.
/// </summary>
public sealed class ExternalCredential : IOrganisationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public Guid PersonId { get; set; }

    /// <summary>The certificate on the person's record this credential is evidence of.</summary>
    public Guid CertificateId { get; set; }
    public string IssuerId { get; set; } = "";
    public string IssuerName { get; set; } = "";
    public string AchievementName { get; set; } = "";
    public DateTime? ValidFromUtc { get; set; }
    public DateTime? ValidUntilUtc { get; set; }

    /// <summary>Whether the signature was checked and held.</summary>
    public bool SignatureVerified { get; set; }

    /// <summary>What was and was not verified, one finding a line.</summary>
    public string Findings { get; set; } = "";

    /// <summary><c>jwt</c> or <c>json</c>.</summary>
    public string Format { get; set; } = "";

    /// <summary>The credential as uploaded.</summary>
    public string Content { get; set; } = "";
    public DateTime UploadedAtUtc { get; set; }
}
