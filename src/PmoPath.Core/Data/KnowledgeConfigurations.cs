using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PmoPath.Knowledge;
using PmoPath.Providers;

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
