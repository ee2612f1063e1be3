using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PmoPath.Jobs;

namespace PmoPath.Data;

internal sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> builder)
    {
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Title).HasMaxLength(200);
        builder.Property(j => j.Organisation).HasMaxLength(200);
        builder.Property(j => j.PmoType).HasMaxLength(64);
        builder.Property(j => j.Location).HasMaxLength(200);
        builder.Property(j => j.WorkMode).HasConversion<string>().HasMaxLength(16);
        builder.Property(j => j.Currency).HasMaxLength(3);
        builder.Property(j => j.ApplyUrl).HasMaxLength(400);
        builder.OwnsMany(j => j.Competencies, b => b.ToJson());
        // The public list asks for open jobs by closing date; this serves it.
        builder.HasIndex(j => new { j.Closed, j.ClosesOn });
        builder.HasOne<People.Organisation>().WithMany().HasForeignKey(j => j.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}
