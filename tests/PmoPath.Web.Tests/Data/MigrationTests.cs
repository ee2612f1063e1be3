using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Data;
using PmoPath.Exchange;
using PmoPath.Framework;
using PmoPath.Testing;
using PmoPath.Web.Hosting;

namespace PmoPath.Web.Tests.Data;

/// <summary>
/// The real migrations of each provider on a real database: they apply, they match the model, and the
/// framework survives a trip through the database unchanged.
/// </summary>
public abstract class MigrationTests(AppFixture fixture)
{
    private readonly IServiceProvider _services = fixture.App.Services;

    [Fact]
    public async Task Every_migration_is_applied_and_the_model_has_no_changes_without_a_migration()
    {
        await using var db = await _services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changed: add a migration for this provider (see README).");
    }

    [Fact]
    public async Task The_default_framework_is_seeded_on_first_start_and_exports_as_the_shipped_file()
    {
        var exported = await _services.GetRequiredService<FrameworkStore>().ExportAsync();
        Assert.Equal(FrameworkJson.ReadDefaultText(), FrameworkJson.Write(exported));
    }

    [Fact]
    public async Task Starting_again_on_the_same_database_does_not_seed_twice()
    {
        await _services.InitializeDatabaseAsync();
        await using var db = await _services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Equal(25, await db.Courses.CountAsync());
        Assert.Equal(1, await db.FrameworkRevisions.CountAsync());
    }
}

public sealed class SqliteMigrationTests(SqliteAppFixture fixture) : MigrationTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresMigrationTests(PostgresAppFixture fixture) : MigrationTests(fixture), IClassFixture<PostgresAppFixture>;
