using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PmoPath.Accounts;
using PmoPath.People;

namespace PmoPath.Data;

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> builder)
    {
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.HasIndex(o => o.Name).IsUnique();
        builder.Property(o => o.TrainingBudget).HasPrecision(14, 2);
        builder.Property(o => o.BudgetCurrency).HasMaxLength(3);
    }
}

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> builder)
    {
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Name).HasMaxLength(200);
        builder.HasIndex(t => new { t.OrganisationId, t.Name }).IsUnique();
        builder.HasOne<Organisation>().WithMany().HasForeignKey(t => t.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(t => t.Manager).WithMany().HasForeignKey(t => t.ManagerId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> builder)
    {
        builder.HasKey(p => p.Id);
        builder.Property(p => p.DisplayName).HasMaxLength(200);
        builder.Property(p => p.JobTitle).HasMaxLength(200);
        builder.Property(p => p.EmployeeId).HasMaxLength(64);
        builder.Property(p => p.WorkEmail).HasMaxLength(256);
        builder.HasIndex(p => new { p.OrganisationId, p.EmployeeId }).IsUnique().HasFilter("\"EmployeeId\" IS NOT NULL");
        builder.Property(p => p.PmoType).HasMaxLength(64);
        builder.Property(p => p.Avenue).HasConversion<string>().HasMaxLength(64);
        // The organisation's people in id order with what the organisation view counts of them, so its joins to
        // ratings and certificates and its pass over the people read the index alone (docs/adr/0011).
        builder.HasIndex(p => new { p.OrganisationId, p.Id, p.Level, p.TargetLevel, p.PmoType, p.CreatedAtUtc })
            .HasDatabaseName("IX_People_OrganisationId_Figures");
        builder.HasOne<Organisation>().WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(p => p.Team).WithMany().HasForeignKey(p => p.TeamId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(p => p.Certificates).WithOne().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.CompletedCourses).WithOne().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Ratings).WithOne().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Evidence).WithOne().HasForeignKey(e => e.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.CpdLog).WithOne().HasForeignKey(e => e.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CertificateConfiguration : IEntityTypeConfiguration<Certificate>
{
    public void Configure(EntityTypeBuilder<Certificate> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.CourseCode).HasMaxLength(64);
        builder.Property(c => c.CertificateNumber).HasMaxLength(100);
        builder.OwnsMany(c => c.Cpd, b => b.ToJson());
        // The organisation's certificates of a course by date, and each person's: both cover what the organisation
        // view reads of them.
        builder.HasIndex(c => new { c.OrganisationId, c.CourseCode, c.AchievedOn });
        builder.HasIndex(c => new { c.OrganisationId, c.PersonId, c.CourseCode, c.AchievedOn });
    }
}

internal sealed class CompletedCourseConfiguration : IEntityTypeConfiguration<CompletedCourse>
{
    public void Configure(EntityTypeBuilder<CompletedCourse> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.CourseCode).HasMaxLength(64);
    }
}

internal sealed class CompetencyRatingConfiguration : IEntityTypeConfiguration<CompetencyRating>
{
    public void Configure(EntityTypeBuilder<CompetencyRating> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.CompetencyCode).HasMaxLength(64);
        builder.HasIndex(r => new { r.PersonId, r.CompetencyCode }).IsUnique();
        // Each person's ratings of the organisation, covering what the organisation view's training needs read.
        builder.HasIndex(r => new { r.OrganisationId, r.PersonId, r.CompetencyCode, r.ManagerRating, r.SelfRating })
            .HasDatabaseName("IX_Ratings_OrganisationId_Figures");
    }
}

internal sealed class EvidenceLinkConfiguration : IEntityTypeConfiguration<EvidenceLink>
{
    public void Configure(EntityTypeBuilder<EvidenceLink> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Title).HasMaxLength(200);
        builder.Property(e => e.Url).HasMaxLength(2000);
    }
}

internal sealed class RecordChangeConfiguration : IEntityTypeConfiguration<RecordChange>
{
    public void Configure(EntityTypeBuilder<RecordChange> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Field).HasMaxLength(200);
        builder.Property(c => c.OldValue).HasMaxLength(2000);
        builder.Property(c => c.NewValue).HasMaxLength(2000);
        builder.HasOne<Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(c => c.ChangedBy).WithMany().HasForeignKey(c => c.ChangedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => new { c.PersonId, c.AtUtc });
        // The organisation's level changes by date with the values, for the organisation view's level trend: only
        // the level rows, so it stays small beside the record history of every other field.
        builder.HasIndex(c => new { c.OrganisationId, c.AtUtc, c.PersonId, c.OldValue, c.NewValue })
            .HasFilter("\"Field\" = 'level'").HasDatabaseName("IX_RecordChanges_OrganisationId_LevelChanges");
    }
}

internal sealed class PlanItemConfiguration : IEntityTypeConfiguration<PlanItem>
{
    public void Configure(EntityTypeBuilder<PlanItem> builder)
    {
        builder.HasKey(p => p.Id);
        builder.Property(p => p.CourseCode).HasMaxLength(64);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(p => p.Notes).HasMaxLength(4000);
        builder.HasOne<Person>().WithMany().HasForeignKey(p => p.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Comments).WithOne().HasForeignKey(c => c.PlanItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.OrganisationId, p.Status, p.CourseCode });
    }
}

internal sealed class PlanCommentConfiguration : IEntityTypeConfiguration<PlanComment>
{
    public void Configure(EntityTypeBuilder<PlanComment> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Text).HasMaxLength(4000);
        builder.HasOne<Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.NoAction);
        builder.HasOne(c => c.Author).WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CpdEntryConfiguration : IEntityTypeConfiguration<CpdEntry>
{
    public void Configure(EntityTypeBuilder<CpdEntry> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Activity).HasMaxLength(300);
        builder.Property(e => e.Suite).HasMaxLength(64);
        builder.Property(e => e.EvidenceUrl).HasMaxLength(2000);
        builder.Property(e => e.Points).HasPrecision(6, 1);
        builder.HasIndex(e => new { e.PersonId, e.On });
    }
}
