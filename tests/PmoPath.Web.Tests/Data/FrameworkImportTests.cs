using Microsoft.Extensions.DependencyInjection;
using PmoPath.Catalog;
using PmoPath.Exchange;
using PmoPath.Framework;
using PmoPath.Testing;

namespace PmoPath.Web.Tests.Data;

/// <summary>Importing a framework file into a real database: all or nothing, and faithful.</summary>
public abstract class FrameworkImportTests(AppFixture fixture)
{
    private readonly FrameworkStore _store = fixture.App.Services.GetRequiredService<FrameworkStore>();

    [Fact]
    public async Task A_file_with_errors_lists_every_error_and_changes_nothing()
    {
        var before = FrameworkJson.Write(await _store.ExportAsync());
        var bad = FrameworkJson.ReadDefault();
        bad.Courses.RemoveAll(c => c.Code == "axelos-p3o-foundation");
        bad.Courses[0].Levels = [0];

        var refused = await Assert.ThrowsAsync<FrameworkImportException>(() => _store.ImportAsync(bad, "test", "test"));

        Assert.Contains(refused.Problems, p => p.Message == "unknown course 'axelos-p3o-foundation'");
        Assert.Contains(refused.Problems, p => p.Path == "courses[0].levels[0]");
        Assert.Equal(before, FrameworkJson.Write(await _store.ExportAsync()));
    }

    [Fact]
    public async Task An_imported_change_is_exported_exactly_and_seen_by_the_cached_snapshot()
    {
        var changed = FrameworkJson.ReadDefault();
        changed.Courses.Add(new Course
        {
            Code = "portfolio-prioritisation",
            Title = "Portfolio Prioritisation",
            Kind = CourseKind.Specialist,
            Levels = [3, 4],
            DurationDays = 1.5m,
            Delivery = [DeliveryFormat.Virtual],
            Competencies = ["portfolio-management"],
            Description = "Choosing what to fund.",
        });
        var text = FrameworkJson.Write(changed);
        try
        {
            await _store.ImportAsync(FrameworkJson.Read(text), "test", "test");

            Assert.Equal(text, FrameworkJson.Write(await _store.ExportAsync()));
            var snapshot = await _store.GetAsync();
            Assert.Equal(1.5m, snapshot.CourseByCode["portfolio-prioritisation"].DurationDays);
        }
        finally
        {
            await _store.ImportAsync(FrameworkJson.ReadDefault(), "test", "test");
        }
    }
}

public sealed class SqliteFrameworkImportTests(SqliteAppFixture fixture) : FrameworkImportTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresFrameworkImportTests(PostgresAppFixture fixture) : FrameworkImportTests(fixture), IClassFixture<PostgresAppFixture>;
