namespace PmoPath.Cli.Tests;

/// <summary>
/// The one mapping from a command's failure to what the operator reads and the exit code (docs/adr/0037), seen
/// through different commands: a malformed file, a missing file, a field that is an option, a conflict.
/// </summary>
public sealed class CliFailuresTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pmopath-cli-failures-").FullName;
    private string[] Settings => [$"--Database:DataFolder={_folder}"];

    [Fact]
    public async Task A_malformed_JSON_file_exits_2_with_where_it_breaks()
    {
        var file = Path.Combine(_folder, "broken.json");
        await File.WriteAllTextAsync(file, """{ "providerCode": "meridian-pmo-academy", "seats": nine }""");

        var result = await CliRun.RunAsync(Settings, "sessions", "add", file);

        Assert.Equal(PmoPathCli.BadInput, result.ExitCode);
        Assert.StartsWith("The file is not valid JSON:", result.Error, StringComparison.Ordinal);
        Assert.Contains("LineNumber: 0", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_filter_field_is_spelled_as_the_commands_option()
    {
        var result = await CliRun.RunAsync(Settings, "jobs", "list", "--pmo-type", "no-such-type");

        Assert.Equal(PmoPathCli.BadInput, result.ExitCode);
        Assert.StartsWith("--pmo-type: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_organisation_of_the_same_name_exits_2_naming_it()
    {
        Assert.Equal(PmoPathCli.Ok, (await CliRun.RunAsync(Settings, "orgs", "add", "Acme")).ExitCode);

        var again = await CliRun.RunAsync(Settings, "orgs", "add", "Acme");

        Assert.Equal(PmoPathCli.BadInput, again.ExitCode);
        Assert.Contains("Acme", again.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", again.Error, StringComparison.Ordinal);
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
            // A file still held open; the temp folder is cleaned by the OS.
        }
    }
}
