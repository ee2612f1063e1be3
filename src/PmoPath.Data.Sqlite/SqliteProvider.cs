using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using PmoPath.Data;

namespace PmoPath.Data.Sqlite;

/// <summary>The embedded default: a SQLite file, with this assembly's migrations.</summary>
public static class SqliteProvider
{
    public static DbContextOptionsBuilder UseSqliteProvider(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(typeof(SqliteProvider).Assembly.GetName().Name))
            .AddInterceptors(SqliteSecureDelete.Instance);
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model for SQLite.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args) =>
        new(((DbContextOptionsBuilder<AppDbContext>)new DbContextOptionsBuilder<AppDbContext>().UseSqliteProvider("Data Source=design.db")).Options);
}
