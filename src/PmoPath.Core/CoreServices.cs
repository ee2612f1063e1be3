using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PmoPath.Framework;

namespace PmoPath;

public static class CoreServices
{
    /// <summary>
    /// Registers the domain services. The database provider is chosen by the host (see the web app's
    /// <c>AddPmoPathDatabase</c>), which must register <c>IDbContextFactory&lt;AppDbContext&gt;</c>.
    /// </summary>
    public static IServiceCollection AddPmoPathCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<FrameworkStore>();
        services.AddSingleton<Knowledge.ArticleStore>();
        services.AddSingleton<Jobs.JobStore>();
        services.AddSingleton<Providers.ProviderStore>();
        return services;
    }
}
