using System.Text.Json.Nodes;
using PmoPath.Exchange.Case;

namespace PmoPath.Cli.Tests;

/// <summary><c>pmopath framework export|import --format case</c> on a real SQLite file of their own.</summary>
public sealed class FrameworkCaseCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pmopath-cli-case-").FullName;
    private string[] Settings => [$"--Database:DataFolder={_folder}"];

    [Fact]
    public async Task Export_then_import_then_export_gives_identical_packages_and_the_same_framework()
    {
        var first = Path.Combine(_folder, "first.json");
        var second = Path.Combine(_folder, "second.json");
        var framework = (await CliRun.RunAsync(Settings, "framework", "export", "-")).Output;

        Assert.Equal(0, (await CliRun.RunAsync(Settings, "framework", "export", "--format", "case", first)).ExitCode);
        var import = await CliRun.RunAsync(Settings, "framework", "import", "--format", "case", first);
        Assert.Equal(0, import.ExitCode);
        Assert.Contains("13 competency areas; 25 of 25 courses develop them", import.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await CliRun.RunAsync(Settings, "framework", "export", "--format", "case", second)).ExitCode);

        Assert.Equal(await File.ReadAllBytesAsync(first), await File.ReadAllBytesAsync(second));
        Assert.Equal(framework, (await CliRun.RunAsync(Settings, "framework", "export", "-")).Output);
    }

    [Fact]
    public async Task The_base_url_is_where_the_uris_point()
    {
        var result = await CliRun.RunAsync(Settings, "framework", "export", "--format", "case", "--base-url", "https://pmo.example.org/", "-");
        Assert.Equal(0, result.ExitCode);
        var package = JsonNode.Parse(result.Output)!;
        Assert.Equal("https://pmo.example.org/api/framework/case", (string?)package["CFDocument"]!["uri"]);
        Assert.StartsWith("https://pmo.example.org/api/framework/case#", (string?)package["CFItems"]![0]!["uri"], StringComparison.Ordinal);

        var byDefault = JsonNode.Parse((await CliRun.RunAsync(Settings, "framework", "export", "--format", "case", "-")).Output)!;
        Assert.Equal("http://localhost:5080/api/framework/case", (string?)byDefault["CFDocument"]!["uri"]);
    }

    [Fact]
    public async Task A_package_with_problems_exits_2_names_them_and_changes_nothing()
    {
        var before = (await CliRun.RunAsync(Settings, "framework", "export", "-")).Output;
        var package = JsonNode.Parse((await CliRun.RunAsync(Settings, "framework", "export", "--format", "case", "-")).Output)!;
        var items = package["CFItems"]!.AsArray();
        var courseId = (string?)items.First(i => (string?)i!["humanCodingScheme"] == "axelos-mop-foundation")!["identifier"];
        var practitionerId = (string?)items.First(i => (string?)i!["humanCodingScheme"] == "axelos-mop-practitioner")!["identifier"];
        package["CFAssociations"]!.AsArray().Add(new JsonObject
        {
            ["identifier"] = "9f0e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f",
            ["associationType"] = "precedes",
            ["uri"] = "https://x.example/a",
            ["originNodeURI"] = new JsonObject { ["title"] = "MoP Practitioner", ["identifier"] = practitionerId, ["uri"] = "https://x.example/p" },
            ["destinationNodeURI"] = new JsonObject { ["title"] = "MoP Foundation", ["identifier"] = courseId, ["uri"] = "https://x.example/f" },
            ["lastChangeDateTime"] = "2026-01-01T00:00:00Z",
        });
        items[2]!.AsObject().Remove("fullStatement");
        var file = Path.Combine(_folder, "bad.json");
        await File.WriteAllTextAsync(file, package.ToJsonString());

        var result = await CliRun.RunAsync(Settings, "framework", "import", "--format", "case", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("precedes makes a cycle", result.Error, StringComparison.Ordinal);
        Assert.Contains("CFItems[2].fullStatement", result.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed.", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, (await CliRun.RunAsync(Settings, "framework", "export", "-")).Output);
    }

    [Fact]
    public async Task A_file_too_large_is_refused_before_it_is_read()
    {
        var file = Path.Combine(_folder, "huge.json");
        await using (var stream = File.Create(file))
            stream.SetLength(CaseImport.MaxBytes + 1L);

        var result = await CliRun.RunAsync(Settings, "framework", "import", "--format", "case", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("a CASE package may have at most 5,242,880", result.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed.", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("framework", "export", "--format", "xml", "-")]
    [InlineData("framework", "export", "--format", "case", "--base-url", "ftp://x", "-")]
    [InlineData("framework", "import", "--format", "case")]
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
