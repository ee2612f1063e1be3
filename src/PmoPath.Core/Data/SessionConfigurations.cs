using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PmoPath.People;
using PmoPath.Providers;
using PmoPath.Sessions;

namespace PmoPath.Data;

internal sealed class CourseSessionConfiguration : IEntityTypeConfiguration<CourseSession>
{
    public void Configure(EntityTypeBuilder<CourseSession> builder)
    {
        builder.ToTable("Sessions", t => t.HasCheckConstraint("CK_Sessions_Seats", "\"Confirmed\" >= 0 AND \"Confirmed\" <= \"Seats\""));
        builder.HasKey(s => s.Id);
        builder.Property(s => s.ProviderCode).HasMaxLength(Slug.MaxLength);
        builder.Property(s => s.CourseCode).HasMaxLength(64);
        builder.Property(s => s.TimeZone).HasMaxLength(64);
        builder.Property(s => s.Delivery).HasConversion<string>().HasMaxLength(32);
        builder.Property(s => s.Venue).HasMaxLength(300);
        builder.Property(s => s.Currency).HasMaxLength(3);
        builder.Property(s => s.Price).HasPrecision(12, 2);
        builder.Property(s => s.Notes).HasMaxLength(4000);
        builder.Ignore(s => s.IsInHouse);
        builder.Ignore(s => s.SeatsLeft);
        builder.HasOne<TrainingProvider>().WithMany().HasForeignKey(s => s.ProviderCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => new { s.CourseCode, s.StartsOn });
        builder.HasIndex(s => new { s.ProviderCode, s.StartsOn });
        builder.HasIndex(s => s.StartsOn);
    }
}

internal sealed class BookingConfiguration : IEntityTypeConfiguration<Booking>
{
    public void Configure(EntityTypeBuilder<Booking> builder)
    {
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasOne(b => b.Session).WithMany().HasForeignKey(b => b.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(b => b.Person).WithMany().HasForeignKey(b => b.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(b => b.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        // One active booking per person and session, whatever races: the database refuses the second.
        builder.HasIndex(b => new { b.SessionId, b.PersonId }).IsUnique().HasFilter("\"Status\" <> 'Cancelled'")
            .HasDatabaseName("IX_Bookings_Active");
        // The waitlist in order, and a person's bookings.
        builder.HasIndex(b => new { b.SessionId, b.Status, b.BookedAtUtc });
        builder.HasIndex(b => new { b.PersonId, b.Status });
        // First come, first served, without ties: a second booking with the same place is refused.
        builder.HasIndex(b => new { b.SessionId, b.Sequence }).IsUnique();
    }
}

internal sealed class InHouseRequestConfiguration : IEntityTypeConfiguration<InHouseRequest>
{
    public void Configure(EntityTypeBuilder<InHouseRequest> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.ProviderCode).HasMaxLength(Slug.MaxLength);
        builder.Property(r => r.CourseCode).HasMaxLength(64);
        builder.Property(r => r.Delivery).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Notes).HasMaxLength(4000);
        builder.Property(r => r.Answer).HasMaxLength(4000);
        builder.HasOne<TrainingProvider>().WithMany().HasForeignKey(r => r.ProviderCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(r => r.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.ProviderCode, r.Status });
    }
}

internal sealed class CalendarFeedConfiguration : IEntityTypeConfiguration<CalendarFeed>
{
    public void Configure(EntityTypeBuilder<CalendarFeed> builder)
    {
        builder.HasKey(f => f.PersonId);
        builder.Property(f => f.Hash).HasMaxLength(64);
        builder.HasIndex(f => f.Hash).IsUnique();
        builder.HasOne<Person>().WithMany().HasForeignKey(f => f.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(f => f.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}
