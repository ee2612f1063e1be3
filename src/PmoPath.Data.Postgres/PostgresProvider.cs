using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using PmoPath.Data;

namespace PmoPath.Data.Postgres;

/// <summary>The server database: PostgreSQL through Npgsql, with this assembly's migrations.</summary>
public static class PostgresProvider
{
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
