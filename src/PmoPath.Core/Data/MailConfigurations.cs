using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PmoPath.Accounts;

namespace PmoPath.Data;

internal sealed class OutgoingMailConfiguration : IEntityTypeConfiguration<OutgoingMail>
{
    public void Configure(EntityTypeBuilder<OutgoingMail> builder)
    {
        builder.ToTable("MailOutbox");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Recipient).HasMaxLength(320);
        builder.Property(m => m.Subject).HasMaxLength(1000);
        builder.Property(m => m.AttachmentName).HasMaxLength(200);
        builder.Property(m => m.AttachmentType).HasMaxLength(200);
        builder.Property(m => m.LastError).HasMaxLength(500);
        builder.Ignore(m => m.Attachment);
        // What is still to send, in order: the sender's claim reads this index only.
        builder.HasIndex(m => m.NextAttemptAtUtc).HasFilter("\"SentAtUtc\" IS NULL AND \"AbandonedAtUtc\" IS NULL")
            .HasDatabaseName("IX_MailOutbox_Pending");
        builder.HasIndex(m => m.ClaimToken);
        builder.HasIndex(m => m.Recipient);
    }
}
