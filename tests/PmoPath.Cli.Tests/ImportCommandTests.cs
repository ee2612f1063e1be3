namespace PmoPath.Cli.Tests;

/// <summary><c>pmopath import staff</c> in-process on a real SQLite file.</summary>
public sealed class ImportCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pmopath-cli-import-").FullName;
    private string[] Settings => [$"--Database:DataFolder={_folder}"];

    private const string Staff = """
        Employee ID;Email;Name;Team;Manager email;Level;PMO type;Certificates
        ="00123";ann@acme.example;"Smith; Ann";Alpha;max@acme.example;2;programme-office;"axelos-p3o-foundation:2024-03-01;aipmo-ipmo-foundation:2023-05-10"
        ="00124";max@acme.example;Max Manager;Leadership;dee@acme.example;3;portfolio-office;
        ="00125";dee@acme.example;Dee Director;;;4;enterprise-pmo;
        """;

    private async Task<string> FileAsync(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    private async Task AddOrganisationAsync() => Assert.Equal(0, (await CliRun.RunAsync(Settings, "orgs", "add", "Acme")).ExitCode);

    [Fact]
    public async Task Import_staff_prints_the_summary_and_the_same_file_again_changes_nothing()
    {
        await AddOrganisationAsync();
        var file = await FileAsync("staff.csv", Staff);

        var first = await CliRun.RunAsync(Settings, "import", "staff", file, "--org", "Acme");
        Assert.Equal(0, first.ExitCode);
        var lines = first.Output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains("created: 3", lines);
        Assert.Contains("teams created: 2", lines);
        Assert.Contains("certificates added: 2", lines);
        Assert.DoesNotContain("\u001b[", first.Error, StringComparison.Ordinal);

        var second = await CliRun.RunAsync(Settings, "import", "staff", file, "--org", "Acme");
        Assert.Equal(0, second.ExitCode);
        lines = second.Output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains("created: 0", lines);
        Assert.Contains("updated: 0", lines);
        Assert.Contains("unchanged: 3", lines);
    }

    [Fact]
    public async Task A_bad_file_exits_2_listing_each_row_error_and_imports_nothing()
    {
        await AddOrganisationAsync();
        var file = await FileAsync("bad.csv", Staff.Replace(";3;portfolio-office;", ";5;portfolio-office;", StringComparison.Ordinal)
            .Replace("Dee Director;;;", "Dee Director;;nobody@acme.example;", StringComparison.Ordinal));

        var result = await CliRun.RunAsync(Settings, "import", "staff", file, "--org", "Acme");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("line 3, level: '5' is not a level (1-4).", result.Error, StringComparison.Ordinal);
        Assert.Contains("line 4, manager_email: a manager manages a team: give the row's team too.", result.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was imported: the file has 2 problems.", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
        var check = await CliRun.RunAsync(Settings, "import", "staff", await FileAsync("good.csv", Staff), "--org", "Acme", "--dry-run");
        Assert.Contains("created: 3", check.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_people_are_reported_and_removed_only_with_remove_missing_and_a_dry_run_changes_nothing()
    {
        await AddOrganisationAsync();
        Assert.Equal(0, (await CliRun.RunAsync(Settings, "import", "staff", await FileAsync("staff.csv", Staff), "--org", "Acme")).ExitCode);
        var smaller = await FileAsync("smaller.csv", string.Join('\n', Staff.Split('\n').Where(l => !l.Contains("Dee Director", StringComparison.Ordinal)))
            .Replace(";dee@acme.example;", ";;", StringComparison.Ordinal));

        var kept = await CliRun.RunAsync(Settings, "import", "staff", smaller, "--org", "Acme");
        Assert.Contains("missing: 1", kept.Output, StringComparison.Ordinal);
        Assert.Contains("removed: 0", kept.Output, StringComparison.Ordinal);
        Assert.Contains("missing person: 00125 Dee Director", kept.Output, StringComparison.Ordinal);
        Assert.Contains("--remove-missing erases them", kept.Output, StringComparison.Ordinal);

        var dryRun = await CliRun.RunAsync(Settings, "import", "staff", smaller, "--org", "Acme", "--remove-missing", "--dry-run");
        Assert.Contains("dry run, nothing was changed", dryRun.Output, StringComparison.Ordinal);
        Assert.Contains("removed: 1", dryRun.Output, StringComparison.Ordinal);

        var removed = await CliRun.RunAsync(Settings, "import", "staff", smaller, "--org", "Acme", "--remove-missing");
        Assert.Equal(0, removed.ExitCode);
        Assert.Contains("removed: 1", removed.Output, StringComparison.Ordinal);
        var after = await CliRun.RunAsync(Settings, "import", "staff", smaller, "--org", "Acme", "--remove-missing");
        Assert.Contains("missing: 0", after.Output, StringComparison.Ordinal);
        Assert.Contains("unchanged: 2", after.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_organisation_or_file_exits_2()
    {
        var file = await FileAsync("staff.csv", Staff);
        var noOrg = await CliRun.RunAsync(Settings, "import", "staff", file, "--org", "Nowhere");
        Assert.Equal(2, noOrg.ExitCode);
        Assert.Contains("--org: There is no organisation 'Nowhere'.", noOrg.Error, StringComparison.Ordinal);
        var noFile = await CliRun.RunAsync(Settings, "import", "staff", Path.Combine(_folder, "absent.csv"), "--org", "Acme");
        Assert.Equal(2, noFile.ExitCode);
        Assert.Contains("FILE: there is no file", noFile.Error, StringComparison.Ordinal);
        Assert.Equal(2, (await CliRun.RunAsync(Settings, "import", "staff", file)).ExitCode);
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
        }
    }
}
