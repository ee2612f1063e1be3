using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Data;
using PmoPath.Data.Sqlite;
using PmoPath.Search;
using PmoPath.Testing;

namespace PmoPath.Web.Tests.Knowledge;

/// <summary>
/// The shape of SQLite's search plan, which its speed depends on (docs/adr/0006): FTS5 hands the matches over
/// in rank order, so SQLite sorts nothing and stops once the page is full; the filters read the narrow index,
/// and no table is scanned.
/// </summary>
public sealed class SqliteSearchPlanTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    [Theory]
    [InlineData("benefits", null, null)]
    [InlineData("portfolio governance", 3, "benefits-management")]
    public async Task Search_ranks_in_FTS5_filters_in_the_narrow_index_and_sorts_nothing(string text, int? level, string? competency)
    {
        await using var db = await fixture.App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + SqliteSearch.QuerySql;
        command.Parameters.AddRange(SqliteSearch.Parameters(new SearchQuery(text, level, competency), new DateOnly(2026, 1, 1))!);
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                plan.Add(reader.GetString(3));
        }
        Assert.Collection(plan,
            step => Assert.StartsWith("SCAN f VIRTUAL TABLE INDEX", step, StringComparison.Ordinal),
            step => Assert.Equal("SEARCH x USING COVERING INDEX IX_SearchEntries_Filters (Id=?)", step),
            step => Assert.Equal("SEARCH e USING INTEGER PRIMARY KEY (rowid=?)", step));
    }
}
