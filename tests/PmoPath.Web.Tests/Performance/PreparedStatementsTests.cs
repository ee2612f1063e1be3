using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Testing;

namespace PmoPath.Web.Tests.Performance;

/// <summary>
/// On PostgreSQL the app's connections keep the statements they run again and again prepared (docs/adr/0040), so a page's
/// queries are parsed and planned once per connection; a connection string that says <c>Max Auto Prepare=0</c> (as
/// PgBouncer in transaction mode needs) keeps none.
/// </summary>
public sealed class PreparedStatementsTests
{
    [Fact]
    public async Task A_query_run_again_and_again_on_a_connection_is_prepared_once()
    {
        await using var app = await TestApp.StartAsync(TestDatabase.Postgres);
        Assert.True(await PreparedAfterRepeatsAsync(app) > 0);
    }

    [Fact]
    public async Task A_connection_string_that_turns_it_off_prepares_nothing()
    {
        var database = new NpgsqlConnectionStringBuilder(await PostgresServer.CreateDatabaseAsync()) { MaxAutoPrepare = 0 }.ConnectionString;
        await using var app = await TestApp.StartOnPostgresAsync(database);
        Assert.Equal(0, await PreparedAfterRepeatsAsync(app));
    }

    [Fact]
    public async Task The_setting_turns_it_off_too()
    {
        await using var app = await TestApp.StartAsync(TestDatabase.Postgres, "--Database:MaxAutoPrepare=0");
        Assert.Equal(0, await PreparedAfterRepeatsAsync(app));
    }

    /// <summary>Runs one query ten times on one of the app's connections and counts that session's prepared statements.</summary>
    private static async Task<long> PreparedAfterRepeatsAsync(TestApp app)
    {
        await using var db = (await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync()).BindTo(Caller.System);
        await db.Database.OpenConnectionAsync();
        for (var i = 0; i < 10; i++)
            await db.Levels.AsNoTracking().Where(l => l.Number > i % 2).CountAsync();
        // pg_prepared_statements lists this session's own statements only.
        return await db.Database.SqlQueryRaw<long>("SELECT count(*) AS \"Value\" FROM pg_prepared_statements").SingleAsync();
    }
}
