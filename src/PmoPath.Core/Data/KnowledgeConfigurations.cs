using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PmoPath.Jobs;
using PmoPath.Knowledge;
using PmoPath.Providers;
using PmoPath.Search;

namespace PmoPath.Data;

internal sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> builder)
    {
        builder.HasKey(a => a.Id);
        builder.HasIndex(a => a.Slug).IsUnique();
        builder.Property(a => a.Slug).HasMaxLength(Slug.MaxLength);
        builder.Property(a => a.Title).HasMaxLength(ArticleStore.MaxTitle);
        builder.Property(a => a.Summary).HasMaxLength(ArticleStore.MaxSummary);
        builder.Ignore(a => a.PrimaryCategory);
        builder.OwnsMany(a => a.Toc, b => b.ToJson());
        builder.OwnsMany(a => a.Media, b =>
        {
            b.ToJson();
            b.Property(m => m.Kind).HasConversion<string>();
        });
        builder.HasIndex(a => new { a.Published, a.PublishedOn });
        builder.Property(a => a.ProviderCode).HasMaxLength(Slug.MaxLength);
        // A provider leaves the directory only by an operator's hand; its articles must be reassigned first.
        builder.HasOne<TrainingProvider>().WithMany().HasForeignKey(a => a.ProviderCode).OnDelete(DeleteBehavior.Restrict);
    }
}

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

internal sealed class SearchEntryConfiguration : IEntityTypeConfiguration<SearchEntry>
{
    public void Configure(EntityTypeBuilder<SearchEntry> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Kind).HasMaxLength(16);
        builder.Property(e => e.Key).HasMaxLength(Slug.MaxLength);
        builder.Property(e => e.Title).HasMaxLength(200);
        builder.HasIndex(e => new { e.Kind, e.Key }).IsUnique();
    }
}

internal sealed class ArticleRatingConfiguration : IEntityTypeConfiguration<ArticleRating>
{
    public void Configure(EntityTypeBuilder<ArticleRating> builder)
    {
        builder.HasKey(r => r.Id);
        builder.HasOne<Article>().WithMany().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<People.Person>().WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.ArticleId, r.PersonId }).IsUnique();
        builder.HasIndex(r => r.PersonId);
    }
}

internal sealed class ArticleFeedbackConfiguration : IEntityTypeConfiguration<ArticleFeedback>
{
    public void Configure(EntityTypeBuilder<ArticleFeedback> builder)
    {
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Text).HasMaxLength(ArticleRatings.MaxFeedback);
        builder.HasOne<Article>().WithMany().HasForeignKey(f => f.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<People.Person>().WithMany().HasForeignKey(f => f.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(f => new { f.ArticleId, f.AtUtc });
        builder.HasIndex(f => f.PersonId);
        // The editor's account may be removed; the feedback stays resolved, by nobody in particular.
        builder.HasOne<Accounts.AppUser>().WithMany().HasForeignKey(f => f.ResolvedById).OnDelete(DeleteBehavior.SetNull);
    }
}
