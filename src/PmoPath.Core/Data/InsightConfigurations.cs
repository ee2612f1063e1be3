using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PmoPath.Insight;
using PmoPath.People;

namespace PmoPath.Data;

internal sealed class OrganisationSnapshotConfiguration : IEntityTypeConfiguration<OrganisationSnapshot>
{
    public void Configure(EntityTypeBuilder<OrganisationSnapshot> builder)
    {
        builder.ToTable("OrganisationSnapshots");
        builder.HasKey(s => s.OrganisationId);
        builder.HasOne<Organisation>().WithOne().HasForeignKey<OrganisationSnapshot>(s => s.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}
