using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using PmoPath.Data;
using PmoPath.Data.Sqlite;

namespace PmoPath.Cli.Tests.Operations;

/// <summary><c>pmopath db status</c> and <c>db migrate</c> on a real SQLite file left at an older schema.</summary>
public sealed class DbCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pmopath-cli-db-").FullName;
    private string[] Settings => [$"--Database:DataFolder={_folder}"];

    [Fact]
    public async Task Status_names_the_pending_migrations_and_migrate_applies_them_and_seeds()
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        options.UseSqliteProvider($"Data Source={Path.Combine(_folder, "pmopath.db")}");
        string first;
        List<string> all;
        await using (var db = new AppDbContext(options.Options))
        {
            all = [.. db.Database.GetMigrations()];
            first = all[0];
            await db.GetService<IMigrator>().MigrateAsync(first);
        }

        var before = await CliRun.RunAsync(Settings, "db", "status", "--json");
        var text = await CliRun.RunAsync(Settings, "db", "status");
        var migrate = await CliRun.RunAsync(Settings, "db", "migrate");
        var after = await CliRun.RunAsync(Settings, "db", "status", "--json");
        var again = await CliRun.RunAsync(Settings, "db", "migrate");
        var courses = await CliRun.RunAsync(Settings, "catalog", "list", "--json");

        Assert.Equal(0, before.ExitCode);
        var status = JsonDocument.Parse(before.Output).RootElement;
        Assert.Equal(first, status.GetProperty("schemaVersion").GetString());
        Assert.Equal(all.Skip(1), status.GetProperty("pending").EnumerateArray().Select(p => p.GetString()!));
        Assert.Contains($"Pending ({all.Count - 1}; 'pmopath db migrate' applies them)", text.Output, StringComparison.Ordinal);

        Assert.True(migrate.ExitCode == 0, migrate.Error);
        Assert.Contains($"Applied {all.Count - 1} migrations", migrate.Output, StringComparison.Ordinal);
        var current = JsonDocument.Parse(after.Output).RootElement;
        Assert.Equal(all[^1], current.GetProperty("schemaVersion").GetString());
        Assert.Empty(current.GetProperty("pending").EnumerateArray());
        Assert.Contains("Nothing to apply", again.Output, StringComparison.Ordinal);
        Assert.Contains("\"aipmo-ipmo-expert\"", courses.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
