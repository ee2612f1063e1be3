using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Npgsql;
using PmoPath.Data;

namespace PmoPath.Data.Postgres;

/// <summary>The server database: PostgreSQL through Npgsql, with this assembly's migrations.</summary>
public static class PostgresProvider
{
    /// <summary>
    /// The connection string with this instance's share of the server's connections: <c>Maximum Pool Size</c> and the
    /// wait for a pooled connection (<c>Timeout</c>, in seconds) are set to <paramref name="maxPoolSize"/> and
    /// <paramref name="waitSeconds"/> unless the string sets them itself (docs/adr/0010).
    /// </summary>
    public static string WithPoolBudget(string connectionString, int maxPoolSize, int waitSeconds)
    {
        var given = new NpgsqlConnectionStringBuilder(connectionString);
        var keys = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()).ToHashSet();
        if (!keys.Overlaps(["MAXIMUMPOOLSIZE", "MAXPOOLSIZE"]))
            given.MaxPoolSize = maxPoolSize;
        if (!keys.Overlaps(["TIMEOUT", "CONNECTIONTIMEOUT", "CONNECTTIMEOUT"]))
            given.Timeout = waitSeconds;
        return given.ConnectionString;
    }

    public static DbContextOptionsBuilder UsePostgresProvider(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql
            .MigrationsAssembly(typeof(PostgresProvider).Assembly.GetName().Name)
            .EnableRetryOnFailure(3));
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model for PostgreSQL; it never connects.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args) =>
        new(((DbContextOptionsBuilder<AppDbContext>)new DbContextOptionsBuilder<AppDbContext>().UsePostgresProvider("Host=localhost;Database=pmopath_design")).Options);
}
