using PmoPath.Exchange;

namespace PmoPath.Cli.Tests;

/// <summary><c>pmopath catalog</c> and <c>pmopath framework</c> on a real SQLite file of their own.</summary>
public sealed class FrameworkCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pmopath-cli-").FullName;
    private string[] Settings => [$"--Database:DataFolder={_folder}"];

    [Fact]
    public async Task Export_then_import_then_export_gives_identical_files()
    {
        var first = Path.Combine(_folder, "first.json");
        var second = Path.Combine(_folder, "second.json");

        Assert.Equal(0, (await CliRun.RunAsync(Settings, "framework", "export", first)).ExitCode);
        var import = await CliRun.RunAsync(Settings, "framework", "import", first);
        Assert.Equal(0, import.ExitCode);
        Assert.Contains("25 courses", import.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await CliRun.RunAsync(Settings, "framework", "export", second)).ExitCode);

        Assert.Equal(await File.ReadAllBytesAsync(first), await File.ReadAllBytesAsync(second));
        Assert.Equal(FrameworkJson.ReadDefaultText(), await File.ReadAllTextAsync(first));
    }

    [Fact]
    public async Task Import_of_a_file_with_errors_lists_them_all_exits_2_and_changes_nothing()
    {
        var before = await CliRun.RunAsync(Settings, "framework", "export", "-");
        var bad = FrameworkJson.ReadDefault();
        bad.Courses[3].Code = bad.Courses[4].Code;
        bad.Courses[7].Prerequisites[0].Course = "nowhere";
        bad.Levels[0].Number = 6;
        var file = Path.Combine(_folder, "bad.json");
        await File.WriteAllTextAsync(file, FrameworkJson.Write(bad));

        var result = await CliRun.RunAsync(Settings, "framework", "import", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("duplicate code", result.Error, StringComparison.Ordinal);
        Assert.Contains("courses[7].prerequisites[0].course: unknown course 'nowhere'", result.Error, StringComparison.Ordinal);
        Assert.Contains("levels[0].number: unknown level 6", result.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed.", result.Error, StringComparison.Ordinal);
        Assert.Equal(before.Output, (await CliRun.RunAsync(Settings, "framework", "export", "-")).Output);
    }

    [Fact]
    public async Task Import_of_a_file_without_courses_still_used_is_refused_saying_what_uses_them()
    {
        Assert.Equal(0, (await CliRun.RunAsync(Settings, "sessions", "list", "--json")).ExitCode);
        var before = await CliRun.RunAsync(Settings, "framework", "export", "-");
        var empty = FrameworkJson.ReadDefault();
        empty.Courses = [];
        // The PMO-type rules name courses too; without them the file's only fault is the courses sessions still use.
        empty.Advice.PmoTypeRules = [];
        var file = Path.Combine(_folder, "empty.json");
        await File.WriteAllTextAsync(file, FrameworkJson.Write(empty));

        var result = await CliRun.RunAsync(Settings, "framework", "import", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Matches(@"'agile-pmo' is missing from the file but still used by \d+ sessions?", result.Error);
        Assert.Contains("Nothing was changed.", result.Error, StringComparison.Ordinal);
        Assert.Equal(before.Output, (await CliRun.RunAsync(Settings, "framework", "export", "-")).Output);
    }

    [Fact]
    public async Task Import_of_malformed_JSON_names_the_line_and_exits_2()
    {
        var file = Path.Combine(_folder, "broken.json");
        await File.WriteAllTextAsync(file, "{\n  \"formatVersion\": 1,\n  \"levels\": [ { \"number\": 1, }\n");
        var result = await CliRun.RunAsync(Settings, "framework", "import", file);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("line 3", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_of_a_missing_file_exits_2()
    {
        var result = await CliRun.RunAsync(Settings, "framework", "import", Path.Combine(_folder, "absent.json"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("absent.json", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_list_by_level_shows_the_level_4_courses()
    {
        var result = await CliRun.RunAsync(Settings, "catalog", "list", "--level", "4");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("aipmo-ipmo-expert", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("axelos-p3o-foundation", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_list_json_is_the_APIs_course_shape()
    {
        var result = await CliRun.RunAsync(Settings, "catalog", "list", "--kind", "specialist", "--json");
        Assert.Equal(0, result.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(result.Output);
        Assert.Equal(5, json.RootElement.GetArrayLength());
        Assert.Equal("specialist", json.RootElement[0].GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("catalog", "list", "--level", "5")]
    [InlineData("catalog", "list", "--body", "nobody")]
    [InlineData("catalog", "lst")]
    [InlineData("framework", "import")]
    public async Task Bad_input_exits_2_with_a_message(params string[] args)
    {
        var result = await CliRun.RunAsync(Settings, args);
        Assert.Equal(2, result.ExitCode);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
