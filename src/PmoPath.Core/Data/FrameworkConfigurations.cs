using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PmoPath.Advice;
using PmoPath.Catalog;
using PmoPath.Framework;

namespace PmoPath.Data;

internal sealed class CareerLevelConfiguration : IEntityTypeConfiguration<CareerLevel>
{
    public void Configure(EntityTypeBuilder<CareerLevel> builder)
    {
        builder.HasKey(l => l.Number);
        builder.Property(l => l.Number).ValueGeneratedNever();
        builder.Property(l => l.Name).HasMaxLength(100);
    }
}

internal sealed class PmoTypeConfiguration : IEntityTypeConfiguration<PmoType>
{
    public void Configure(EntityTypeBuilder<PmoType> builder)
    {
        builder.HasKey(t => t.Code);
        builder.Property(t => t.Code).HasMaxLength(64);
        builder.Property(t => t.Name).HasMaxLength(100);
    }
}

internal sealed class CompetencyAreaConfiguration : IEntityTypeConfiguration<CompetencyArea>
{
    public void Configure(EntityTypeBuilder<CompetencyArea> builder)
    {
        builder.HasKey(c => c.Code);
        builder.Property(c => c.Code).HasMaxLength(64);
        builder.Property(c => c.Name).HasMaxLength(100);
    }
}

internal sealed class CertificationBodyConfiguration : IEntityTypeConfiguration<CertificationBody>
{
    public void Configure(EntityTypeBuilder<CertificationBody> builder)
    {
        builder.HasKey(b => b.Code);
        builder.Property(b => b.Code).HasMaxLength(64);
        builder.Property(b => b.Name).HasMaxLength(200);
        builder.Property(b => b.ShortName).HasMaxLength(64);
        builder.Property(b => b.OwnedBy).HasMaxLength(200);
        builder.OwnsMany(b => b.Sources, s => s.ToJson());
    }
}

internal sealed class CourseConfiguration : IEntityTypeConfiguration<Course>
{
    public void Configure(EntityTypeBuilder<Course> builder)
    {
        builder.HasKey(c => c.Code);
        builder.Property(c => c.Code).HasMaxLength(64);
        builder.Property(c => c.Title).HasMaxLength(200);
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.Body).HasMaxLength(64);
        builder.Property(c => c.Suite).HasMaxLength(64);
        builder.Property(c => c.Successor).HasMaxLength(64);
        builder.Property(c => c.DurationDays).HasPrecision(4, 1);
        builder.Ignore(c => c.IsCertification);
        builder.Ignore(c => c.IsRecordable);
        builder.OwnsMany(c => c.Sources, s => s.ToJson());
        builder.OwnsOne(c => c.Assessment, b => b.ToJson());
        builder.OwnsOne(c => c.Renewal, b => b.ToJson());
        builder.OwnsMany(c => c.Prerequisites, b => b.ToJson());
        builder.HasIndex(c => c.Position);
    }
}

internal sealed class AdvicePolicyConfiguration : IEntityTypeConfiguration<AdvicePolicy>
{
    public void Configure(EntityTypeBuilder<AdvicePolicy> builder)
    {
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.OwnsMany(p => p.Rules, b => b.ToJson());
        builder.OwnsMany(p => p.PmoTypeRules, b => b.ToJson());
    }
}

internal sealed class FrameworkRevisionConfiguration : IEntityTypeConfiguration<FrameworkRevision>
{
    public void Configure(EntityTypeBuilder<FrameworkRevision> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Source).HasMaxLength(400);
        builder.Property(r => r.ImportedBy).HasMaxLength(200);
    }
}
