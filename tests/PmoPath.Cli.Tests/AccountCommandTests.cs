namespace PmoPath.Cli.Tests;

/// <summary><c>pmopath orgs</c>, <c>users</c> and <c>tokens</c> on a real SQLite file of their own.</summary>
public sealed class AccountCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pmopath-cli-").FullName;
    private string[] Settings => [$"--Database:DataFolder={_folder}"];

    [Fact]
    public async Task Orgs_users_and_tokens_set_up_an_organisation_whose_people_get_invitations()
    {
        Assert.Equal(0, (await CliRun.RunAsync(Settings, "orgs", "add", "Acme")).ExitCode);
        var manager = await CliRun.RunAsync(Settings, "users", "add", "--org", "Acme", "--email", "max@acme.test", "--role", "pmo-manager", "--name", "Max Manager");
        Assert.Equal(0, manager.ExitCode);
        var pat = await CliRun.RunAsync(Settings, "users", "add", "--org", "Acme", "--email", "pat@acme.test", "--role", "practitioner", "--team", "Alpha", "--manager", "max@acme.test");
        Assert.Equal(0, pat.ExitCode);
        Assert.Contains("invitation", pat.Output, StringComparison.Ordinal);

        var mail = Directory.GetFiles(Path.Combine(_folder, "mail"), "*.eml").Select(File.ReadAllText).ToList();
        Assert.Contains(mail, m => m.Contains("To: pat@acme.test", StringComparison.Ordinal) && m.Contains("/account/accept-invitation?email=pat%40acme.test&code=", StringComparison.Ordinal));

        var orgs = await CliRun.RunAsync(Settings, "orgs", "list");
        Assert.Contains("Acme", orgs.Output, StringComparison.Ordinal);

        var created = await CliRun.RunAsync(Settings, "tokens", "create", "--email", "pat@acme.test", "--name", "laptop");
        Assert.Equal(0, created.ExitCode);
        var token = created.Output.Trim();
        Assert.StartsWith("pmp_", token, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', token);

        var list = await CliRun.RunAsync(Settings, "tokens", "list", "--email", "pat@acme.test");
        Assert.Contains("laptop", list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(token, list.Output, StringComparison.Ordinal);
        var id = list.Output.Split(' ', 2)[0];

        var revoke = await CliRun.RunAsync(Settings, "tokens", "revoke", id);
        Assert.Equal(0, revoke.ExitCode);
        Assert.Contains("revoked", (await CliRun.RunAsync(Settings, "tokens", "list", "--email", "pat@acme.test")).Output, StringComparison.Ordinal);

        Assert.Equal(0, (await CliRun.RunAsync(Settings, "users", "set-role", "--email", "pat@acme.test", "--role", "org-admin")).ExitCode);
    }

    [Theory]
    [InlineData("users", "add", "--org", "Nowhere", "--email", "a@b.test", "--role", "practitioner")]
    [InlineData("users", "add", "--org", "Acme", "--email", "not-an-email", "--role", "practitioner")]
    [InlineData("users", "add", "--org", "Acme", "--email", "a@b.test", "--role", "emperor")]
    [InlineData("users", "add", "--org", "Acme", "--email", "a@b.test", "--role", "practitioner", "--manager", "x@y.test")]
    [InlineData("users", "add", "--org", "Acme", "--email", "a@b.test")]
    [InlineData("orgs", "add", "Acme")]
    [InlineData("tokens", "create", "--email", "nobody@acme.test")]
    [InlineData("tokens", "revoke", "not-a-guid")]
    public async Task Bad_input_exits_2_naming_the_problem(params string[] args)
    {
        Assert.Equal(0, (await CliRun.RunAsync(Settings, "orgs", "add", "Acme")).ExitCode);
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
