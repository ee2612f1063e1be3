using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PmoPath.Credentials;
using PmoPath.People;

namespace PmoPath.Data;

internal sealed class IssuedCredentialConfiguration : IEntityTypeConfiguration<IssuedCredential>
{
    public void Configure(EntityTypeBuilder<IssuedCredential> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.CourseCode).HasMaxLength(100);
        builder.Property(c => c.ProviderCode).HasMaxLength(100);
        builder.Property(c => c.KeyId).HasMaxLength(400);
        builder.Property(c => c.RevocationReason).HasMaxLength(CredentialIssuer.MaxReason);
        builder.HasOne<Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => c.PersonId);
        // One credential per booking: marking attendance again never issues a second.
        builder.HasIndex(c => c.BookingId).IsUnique();
        // The issuer's revocation list reads its revoked credentials only.
        builder.HasIndex(c => c.ProviderCode).HasFilter("\"RevokedAtUtc\" IS NOT NULL").HasDatabaseName("IX_IssuedCredentials_Revoked");
    }
}

internal sealed class CredentialSigningKeyConfiguration : IEntityTypeConfiguration<CredentialSigningKey>
{
    public void Configure(EntityTypeBuilder<CredentialSigningKey> builder)
    {
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).HasMaxLength(400);
        builder.Property(k => k.PublicJwk).HasMaxLength(4000);
        builder.Property(k => k.ProtectedPrivateKey).HasMaxLength(8000);
    }
}

internal sealed class ExternalCredentialConfiguration : IEntityTypeConfiguration<ExternalCredential>
{
    public void Configure(EntityTypeBuilder<ExternalCredential> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.IssuerId).HasMaxLength(1000);
        builder.Property(c => c.IssuerName).HasMaxLength(500);
        builder.Property(c => c.AchievementName).HasMaxLength(500);
        builder.Property(c => c.Findings).HasMaxLength(4000);
        builder.Property(c => c.Format).HasMaxLength(10);
        builder.Property(c => c.Content).HasMaxLength(CredentialUpload.MaxLength);
        builder.HasOne<Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Certificate>().WithMany().HasForeignKey(c => c.CertificateId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => c.PersonId);
    }
}
