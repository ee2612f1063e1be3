using System.Linq.Expressions;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Advice;
using PmoPath.Catalog;
using PmoPath.Framework;
using PmoPath.Jobs;
using PmoPath.Knowledge;
using PmoPath.Providers;
using PmoPath.Search;
using PmoPath.People;

namespace PmoPath.Data;

/// <summary>
/// The one database context for every provider. Provider-specific set-up (UseSqlite, UseNpgsql and
/// their migrations) lives in the PmoPath.Data.* projects; see docs/adr/0003.
/// </summary>
/// <remarks>
/// Tenancy lives here, in one place (docs/adr/0005): every <see cref="IOrganisationOwned"/> entity has a
/// query filter on <see cref="TenantId"/>, a member of the context that EF Core reads afresh for each
/// query, and <see cref="SaveChangesAsync(bool, CancellationToken)"/> refuses to write a row of another
/// organisation. A new context sees nobody until it is bound to a caller or to the system.
/// </remarks>
public class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityUserContext<AppUser>(options)
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

    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<Certificate> Certificates => Set<Certificate>();
    public DbSet<CompletedCourse> CompletedCourses => Set<CompletedCourse>();
    public DbSet<CompetencyRating> Ratings => Set<CompetencyRating>();
    public DbSet<EvidenceLink> Evidence => Set<EvidenceLink>();
    public DbSet<CpdEntry> CpdLog => Set<CpdEntry>();
    public DbSet<RecordChange> RecordChanges => Set<RecordChange>();
    public DbSet<PlanItem> PlanItems => Set<PlanItem>();
    public DbSet<PlanComment> PlanComments => Set<PlanComment>();
    public DbSet<ArticleRating> ArticleRatings => Set<ArticleRating>();
    public DbSet<ArticleFeedback> ArticleFeedback => Set<ArticleFeedback>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<RateLimitWindow> RateLimitWindows => Set<RateLimitWindow>();
    public DbSet<Sessions.CourseSession> Sessions => Set<Sessions.CourseSession>();
    public DbSet<Sessions.Booking> Bookings => Set<Sessions.Booking>();
    public DbSet<Sessions.InHouseRequest> InHouseRequests => Set<Sessions.InHouseRequest>();
    public DbSet<Sessions.CalendarFeed> CalendarFeeds => Set<Sessions.CalendarFeed>();
    public DbSet<OutgoingMail> MailOutbox => Set<OutgoingMail>();
    public DbSet<Credentials.IssuedCredential> IssuedCredentials => Set<Credentials.IssuedCredential>();
    public DbSet<Credentials.CredentialSigningKey> CredentialSigningKeys => Set<Credentials.CredentialSigningKey>();
    public DbSet<Credentials.ExternalCredential> ExternalCredentials => Set<Credentials.ExternalCredential>();
    public DbSet<Insight.OrganisationSnapshot> OrganisationSnapshots => Set<Insight.OrganisationSnapshot>();

    private Func<Caller> _caller = static () => Caller.Anonymous;

    /// <summary>The organisation whose rows this context sees; null sees none (unless <see cref="AllTenants"/>).</summary>
    public Guid? TenantId => _caller() is { IsSystem: false } caller ? caller.OrganisationId : null;

    /// <summary>System mode: every organisation. For the CLI, start-up and the audit log only.</summary>
    public bool AllTenants => _caller().IsSystem;

    /// <summary>Binds the context to a caller's organisation (or to all, for the system). Call before any query.</summary>
    public AppDbContext BindTo(Caller caller)
    {
        _caller = () => caller;
        return this;
    }

    /// <summary>
    /// Binds the context to whoever the caller is when a query runs. A request's context may be created
    /// while the request is still being authenticated (Identity's stores use it to check a cookie), so
    /// the caller is read at each query rather than fixed at creation.
    /// </summary>
    public AppDbContext BindTo(Func<Caller> caller)
    {
        _caller = caller;
        return this;
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        foreach (var entity in builder.Model.GetEntityTypes().Where(e => typeof(IOrganisationOwned).IsAssignableFrom(e.ClrType) && !e.IsOwned()))
            builder.Entity(entity.ClrType).HasQueryFilter(TenantFilter(entity.ClrType));
        // Guid keys are made in code (version 7, time-ordered), so a new row reached through a navigation
        // is an insert, not an update of a row that does not exist.
        foreach (var key in builder.Model.GetEntityTypes().Where(e => !e.IsOwned()).Select(e => e.FindPrimaryKey()).OfType<Microsoft.EntityFrameworkCore.Metadata.IMutableKey>())
            if (key.Properties is [{ ClrType: var type } property] && type == typeof(Guid))
                property.ValueGenerated = Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never;
    }

    /// <summary><c>e => AllTenants || e.OrganisationId == TenantId</c> for the entity type.</summary>
    private LambdaExpression TenantFilter(Type type)
    {
        var e = Expression.Parameter(type, "e");
        var context = Expression.Constant(this);
        var body = Expression.OrElse(
            Expression.Property(context, nameof(AllTenants)),
            Expression.Equal(
                Expression.Convert(Expression.Property(e, nameof(IOrganisationOwned.OrganisationId)), typeof(Guid?)),
                Expression.Property(context, nameof(TenantId))));
        return Expression.Lambda(body, e);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Times are stored as UTC everywhere; SQLite forgets the kind, so it is restored on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    /// <summary>The transaction <see cref="_markedBehind"/> belongs to; the marks count only inside it.</summary>
    private Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? _markedIn;
    private readonly HashSet<Guid> _markedBehind = [];

    /// <summary>
    /// Notes that a statement of the current transaction has already marked <paramref name="organisationId"/>'s kept
    /// figures behind, so this transaction's saves do not mark them again. A later transaction of the context marks afresh.
    /// </summary>
    internal void MarkedBehindInTransaction(Guid organisationId)
    {
        var transaction = Database.CurrentTransaction ?? throw new InvalidOperationException("A mark is noted only inside a transaction.");
        if (!ReferenceEquals(transaction, _markedIn))
        {
            _markedBehind.Clear();
            _markedIn = transaction;
        }
        _markedBehind.Add(organisationId);
    }

    /// <summary>
    /// The synchronous save is kept for writers behind synchronous interfaces (the data-protection key ring), whose
    /// rows the organisation view does not count. A write the view counts is refused, without saving anything: it must
    /// mark the kept figures in its transaction, which <see cref="SaveChangesAsync(bool, CancellationToken)"/> does.
    /// </summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardTenant();
        var (organisations, all) = OrganisationViewMarks.Touched(ChangeTracker);
        if (organisations.Count > 0 || all)
            throw new InvalidOperationException("Changes that the organisation view counts are saved with SaveChangesAsync, which marks its kept figures in the same transaction.");
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>
    /// Writes the changes, and in the same transaction marks the organisation view's kept figures of the organisations
    /// they touch as behind (docs/adr/0027): last, so the snapshot row is held only until the commit.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardTenant();
        var (organisations, all) = OrganisationViewMarks.Touched(ChangeTracker);
        if (Database.CurrentTransaction is { } current && ReferenceEquals(current, _markedIn))
            organisations.ExceptWith(_markedBehind);
        if (organisations.Count == 0 && !all)
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (Database.CurrentTransaction is not null)
        {
            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            await OrganisationViewMarks.MarkBehindAsync(this, organisations, all, cancellationToken);
            return written;
        }
        var count = await Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await Database.BeginTransactionAsync(cancellationToken);
            var written = await base.SaveChangesAsync(false, cancellationToken);
            await OrganisationViewMarks.MarkBehindAsync(this, organisations, all, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return written;
        });
        if (acceptAllChangesOnSuccess)
            ChangeTracker.AcceptAllChanges();
        return count;
    }

    /// <summary>
    /// New rows take the caller's organisation; a row of another organisation, or a change of a row's
    /// organisation, is refused. A bug in a page or endpoint then fails loudly instead of leaking.
    /// </summary>
    private void GuardTenant()
    {
        if (AllTenants)
            return;
        foreach (var entry in ChangeTracker.Entries<IOrganisationOwned>())
        {
            if (entry.State == EntityState.Added && entry.Entity.OrganisationId == Guid.Empty && TenantId is { } tenant)
                entry.Entity.OrganisationId = tenant;
            var property = entry.Property(e => e.OrganisationId);
            var crosses = entry.State switch
            {
                EntityState.Added => entry.Entity.OrganisationId != TenantId,
                EntityState.Modified or EntityState.Deleted => property.OriginalValue != TenantId || property.CurrentValue != TenantId,
                _ => false,
            };
            if (crosses)
                throw new InvalidOperationException($"Refused to write a {entry.Metadata.ClrType.Name} of another organisation.");
        }
    }
}
