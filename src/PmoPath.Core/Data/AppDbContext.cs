using Microsoft.EntityFrameworkCore;
using PmoPath.Advice;
using PmoPath.Catalog;
using PmoPath.Framework;
using PmoPath.Jobs;
using PmoPath.Knowledge;
using PmoPath.Providers;
using PmoPath.Search;

namespace PmoPath.Data;

/// <summary>
/// The one database context for every provider. Provider-specific set-up (UseSqlite, UseNpgsql and
/// their migrations) lives in the PmoPath.Data.* projects; see docs/adr/0003.
/// </summary>
public class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
{
    public DbSet<CareerLevel> Levels => Set<CareerLevel>();
    public DbSet<PmoType> PmoTypes => Set<PmoType>();
    public DbSet<CompetencyArea> Competencies => Set<CompetencyArea>();
    public DbSet<CertificationBody> Bodies => Set<CertificationBody>();
    public DbSet<Course> Courses => Set<Course>();
    public DbSet<AdvicePolicy> AdvicePolicies => Set<AdvicePolicy>();
    public DbSet<FrameworkRevision> FrameworkRevisions => Set<FrameworkRevision>();
    public DbSet<Article> Articles => Set<Article>();
    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<TrainingProvider> Providers => Set<TrainingProvider>();
    public DbSet<SearchEntry> SearchEntries => Set<SearchEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Times are stored as UTC everywhere; SQLite forgets the kind, so it is restored on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }
}
