using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PmoPath.Accounts;
using PmoPath.Framework;
using PmoPath.People;

namespace PmoPath;

public static class CoreServices
{
    /// <summary>
    /// Registers the domain services. The database provider is chosen by the host (see the web app's
    /// <c>AddPmoPathDatabase</c>), which must register <c>IDbContextFactory&lt;AppDbContext&gt;</c>, a scoped
    /// <c>AppDbContext</c> bound to the scoped <see cref="Caller"/>, and Identity's <c>UserManager</c>.
    /// </summary>
    public static IServiceCollection AddPmoPathCore(this IServiceCollection services)
    {
        // The one place the system clock is named (BannedSymbols.txt): everything else takes TimeProvider from here.
#pragma warning disable RS0030
        services.TryAddSingleton(TimeProvider.System);
#pragma warning restore RS0030
        services.AddMetrics();
        services.AddSingleton<PmoPathMetrics>();
        services.AddSingleton<FrameworkStore>();
        services.AddSingleton<Sessions.ScheduleStore>();
        services.AddSingleton<Knowledge.ArticleStore>();
        services.AddSingleton<Jobs.JobStore>();
        services.AddSingleton<Providers.ProviderStore>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<ApiTokens>();
        services.AddOptions<ApiTokenOptions>().BindConfiguration(ApiTokenOptions.Section)
            .Validate(o => o.DefaultLifetimeDays is > 0 and <= 3650, "Tokens:DefaultLifetimeDays must be 1 to 3650.").ValidateOnStart();
        services.AddSingleton<SharedRateCounter>();
        services.AddSingleton<MailOutbox>();
        services.AddSingleton<MailSender>();
        services.AddSingleton<MailSignal>();
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MailOptions>, MailOptionsValidation>();
        services.AddSingleton<RenewalReminders>();
        services.AddScoped<PeopleAccess>();
        services.AddScoped<PersonRecords>();
        services.AddScoped<CpdLog>();
        services.AddScoped<DevelopmentPlans>();
        services.AddScoped<PersonalData>();
        services.AddScoped<ErasureScrub>();
        // A provider with a faster bulk insert registers its own writer before this (PostgreSQL: binary COPY).
        services.TryAddSingleton<Data.BulkWriter>();
        services.AddScoped<Staff.StaffImport>();
        services.AddScoped<Knowledge.ArticleRatings>();
        services.AddScoped<Knowledge.ArticleEditor>();
        services.AddScoped<Knowledge.ArticleSuggestions>();
        services.AddScoped<Jobs.MyJobs>();
        services.AddScoped<Jobs.JobPosting>();
        services.AddScoped<AccountAdmin>();
        services.AddScoped<Invitations>();
        services.AddScoped<PeopleDirectory>();
        services.AddScoped<Sessions.SessionSchedule>();
        services.AddScoped<Sessions.SessionBookings>();
        services.AddScoped<Sessions.CalendarFeeds>();
        services.AddScoped<Sessions.InHouseRequests>();
        services.AddScoped<Insight.TeamInsights>();
        services.AddSingleton<Sessions.BookingMail>();
        services.AddSingleton<Sessions.SampleSessions>();
        services.AddSingleton<Insight.SharedOrganisationViews>();
        services.AddOptions<Insight.OrganisationViewOptions>().BindConfiguration(Insight.OrganisationViewOptions.Section);
        services.AddSingleton<Insight.OrganisationSnapshots>();
        services.AddScoped<Insight.OrganisationInsight>();
        services.AddScoped<Demo.DemoOrganisation>();
        services.AddSingleton<Credentials.CredentialKeys>();
        services.AddScoped<Credentials.CredentialIssuer>();
        services.AddScoped<Credentials.CredentialUpload>();
        return services;
    }
}
