namespace PmoPath.Cli.Tests;

/// <summary><c>pmopath jobs add|list</c> in-process on a real SQLite file.</summary>
public sealed class JobsCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pmopath-cli-jobs-").FullName;
    private string[] Settings => [$"--Database:DataFolder={_folder}"];

    [Fact]
    public async Task Add_posts_a_job_that_list_then_shows()
    {
        var file = Path.Combine(_folder, "job.json");
        await File.WriteAllTextAsync(file, """
            { "title": "Portfolio Analyst", "organisation": "Lamna Energy", "level": 2, "pmoType": "portfolio-office",
              "location": "Glasgow", "workMode": "hybrid", "closesOn": "2099-01-31", "certificates": ["axelos-mop-foundation"] }
            """);
        var added = await CliRun.RunAsync(Settings, "jobs", "add", file);
        Assert.Equal(0, added.ExitCode);
        Assert.Contains("Portfolio Analyst at Lamna Energy", added.Output, StringComparison.Ordinal);

        var listed = await CliRun.RunAsync(Settings, "jobs", "list", "--pmo-type", "portfolio-office", "--json");
        Assert.Equal(0, listed.ExitCode);
        Assert.Contains("Lamna Energy", listed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_closing_before_it_opens_exits_2_naming_closesOn_and_posts_nothing()
    {
        var file = Path.Combine(_folder, "jobs.json");
        await File.WriteAllTextAsync(file, """
            [ { "title": "Good", "organisation": "A", "level": 1, "pmoType": "project-office", "location": "B", "closesOn": "2099-01-31" },
              { "title": "Backwards", "organisation": "A", "level": 1, "pmoType": "project-office", "location": "B",
                "opensOn": "2099-03-01", "closesOn": "2099-02-01" } ]
            """);
        var result = await CliRun.RunAsync(Settings, "jobs", "add", file);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("[1].closesOn", result.Error, StringComparison.Ordinal);
        var listed = await CliRun.RunAsync(Settings, "jobs", "list", "--json");
        Assert.DoesNotContain("\"Good\"", listed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_filter_exits_2_naming_the_option()
    {
        var result = await CliRun.RunAsync(Settings, "jobs", "list", "--pmo-type", "kitchen");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--pmo-type", result.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a pooled connection; the OS cleans temp folders.
        }
    }
}
