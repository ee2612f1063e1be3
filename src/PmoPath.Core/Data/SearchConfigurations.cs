using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PmoPath.Knowledge;
using PmoPath.Search;

namespace PmoPath.Data;

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
