using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PmoPath.Knowledge;
using PmoPath.Providers;

namespace PmoPath.Data;

internal sealed class TrainingProviderConfiguration : IEntityTypeConfiguration<TrainingProvider>
{
    public void Configure(EntityTypeBuilder<TrainingProvider> builder)
    {
        builder.ToTable("Providers");
        builder.HasKey(p => p.Code);
        builder.Property(p => p.Code).HasMaxLength(Slug.MaxLength);
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.Website).HasMaxLength(400);
        builder.Property(p => p.Email).HasMaxLength(200);
        builder.Property(p => p.Location).HasMaxLength(200);
        builder.OwnsMany(p => p.Offers, b =>
        {
            b.ToJson();
            b.Property(o => o.Kind).HasConversion<string>();
        });
    }
}
