namespace PmoPath.Cli.Tests;

/// <summary><c>pmopath sessions add|list</c> in-process on a real SQLite file.</summary>
public sealed class SessionsCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pmopath-cli-sessions-").FullName;
    private string[] Settings => [$"--Database:DataFolder={_folder}"];

    [Fact]
    public async Task Add_publishes_a_session_that_list_then_shows_with_its_seats()
    {
        var file = Path.Combine(_folder, "session.json");
        await File.WriteAllTextAsync(file, """
            { "providerCode": "meridian-pmo-academy", "courseCode": "setting-up-a-pmo", "startsOn": "2099-03-02", "endsOn": "2099-03-03",
              "delivery": "classroom", "venue": "Meridian House, Birmingham", "seats": 9, "price": 695, "currency": "GBP" }
            """);
        var added = await CliRun.RunAsync(Settings, "sessions", "add", file);
        Assert.Equal(0, added.ExitCode);
        Assert.Contains("9 seats", added.Output, StringComparison.Ordinal);

        var listed = await CliRun.RunAsync(Settings, "sessions", "list", "--course", "setting-up-a-pmo", "--json");
        Assert.Equal(0, listed.ExitCode);
        Assert.Contains("\"startsOn\": \"2099-03-02\"", listed.Output, StringComparison.Ordinal);
        Assert.Contains("\"seatsLeft\": 9", listed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_session_exits_2_naming_every_field_and_publishes_nothing()
    {
        var file = Path.Combine(_folder, "bad.json");
        await File.WriteAllTextAsync(file, """
            { "providerCode": "meridian-pmo-academy", "courseCode": "aipmo-ipmo-expert", "startsOn": "2099-03-05", "endsOn": "2099-03-01",
              "delivery": "virtual", "seats": 0, "price": 10, "currency": "GBP" }
            """);
        var result = await CliRun.RunAsync(Settings, "sessions", "add", file);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("courseCode:", result.Error, StringComparison.Ordinal);
        Assert.Contains("endsOn:", result.Error, StringComparison.Ordinal);
        Assert.Contains("seats:", result.Error, StringComparison.Ordinal);
        var listed = await CliRun.RunAsync(Settings, "sessions", "list", "--course", "aipmo-ipmo-expert", "--json");
        Assert.DoesNotContain("2099-03-05", listed.Output, StringComparison.Ordinal);
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
