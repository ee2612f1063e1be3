namespace PmoPath.Cli.Tests;

/// <summary><c>pmopath credentials keys|rotate-key|retire-key</c> in-process on a real SQLite file.</summary>
public sealed class CredentialsCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pmopath-cli-credentials-").FullName;
    private string[] Settings => [$"--Database:DataFolder={_folder}", "--Mail:SiteUrl=https://pmopath.example/"];

    [Fact]
    public async Task Rotating_makes_a_new_signing_key_and_keeps_the_older_one_published_until_it_is_retired()
    {
        var none = await CliRun.RunAsync(Settings, "credentials", "keys");
        Assert.Equal(0, none.ExitCode);
        Assert.Contains("No signing key yet", none.Output, StringComparison.Ordinal);

        var first = await CliRun.RunAsync(Settings, "credentials", "rotate-key");
        var second = await CliRun.RunAsync(Settings, "credentials", "rotate-key");
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        var firstKid = Kid(first.Output);
        var secondKid = Kid(second.Output);
        Assert.StartsWith("https://pmopath.example/.well-known/jwks.json#", firstKid, StringComparison.Ordinal);
        Assert.NotEqual(firstKid, secondKid);

        var listed = (await CliRun.RunAsync(Settings, "credentials", "keys")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(listed, l => l.StartsWith(firstKid, StringComparison.Ordinal) && l.Contains("published, verifies older credentials", StringComparison.Ordinal));
        Assert.Contains(listed, l => l.StartsWith(secondKid, StringComparison.Ordinal) && l.Contains("signs new credentials", StringComparison.Ordinal));

        Assert.Equal(0, (await CliRun.RunAsync(Settings, "credentials", "retire-key", firstKid)).ExitCode);
        listed = (await CliRun.RunAsync(Settings, "credentials", "keys")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(listed, l => l.StartsWith(firstKid, StringComparison.Ordinal) && l.Contains("retired", StringComparison.Ordinal));

        var again = await CliRun.RunAsync(Settings, "credentials", "retire-key", firstKid);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already retired", again.Error, StringComparison.Ordinal);
        var unknown = await CliRun.RunAsync(Settings, "credentials", "retire-key", "no-such-kid");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no-such-kid", unknown.Error, StringComparison.Ordinal);
    }

    private static string Kid(string output) => output.Split(' ')[3].TrimEnd('.');

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A SQLite file still held by a pooled connection; the temp folder is cleaned up later.
        }
    }
}
