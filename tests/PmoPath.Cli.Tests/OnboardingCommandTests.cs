using Microsoft.Data.Sqlite;

namespace PmoPath.Cli.Tests;

/// <summary>Onboarding after a staff import from the command line: <c>users add</c> for an imported email, <c>import staff --invite</c>.</summary>
public sealed class OnboardingCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pmopath-cli-onboarding-").FullName;
    private string[] Settings => [$"--Database:DataFolder={_folder}"];
    private string MailFolder => Path.Combine(_folder, "mail");

    private const string Staff = """
        employee_id,email,name,team,manager_email,level,pmo_type
        E1,dee@acme.example,Dee Director,Leadership,,4,enterprise-pmo
        E2,max@acme.example,Max Manager,Leadership,dee@acme.example,3,portfolio-office
        E3,ann@acme.example,Ann Analyst,Alpha,max@acme.example,2,programme-office
        """;

    private async Task<string> StaffFileAsync()
    {
        Assert.Equal(0, (await CliRun.RunAsync(Settings, "orgs", "add", "Acme")).ExitCode);
        var path = Path.Combine(_folder, "staff.csv");
        await File.WriteAllTextAsync(path, Staff);
        return path;
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "pmopath.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private IReadOnlyList<string> Mail() =>
        Directory.Exists(MailFolder) ? [.. Directory.GetFiles(MailFolder, "*.eml").Select(File.ReadAllText)] : [];

    [Fact]
    public async Task Users_add_for_an_imported_email_gives_that_person_the_account_and_the_people_count_is_unchanged()
    {
        var file = await StaffFileAsync();
        Assert.Equal(0, (await CliRun.RunAsync(Settings, "import", "staff", file, "--org", "Acme")).ExitCode);
        var people = await ScalarAsync("SELECT COUNT(*) FROM People");
        Assert.Equal(3, people);

        var added = await CliRun.RunAsync(Settings, "users", "add", "--org", "Acme", "--email", "ann@acme.example", "--role", "practitioner");

        Assert.Equal(0, added.ExitCode);
        Assert.Contains("the existing person", added.Output, StringComparison.Ordinal);
        Assert.Contains($"mail was written as .eml files to {MailFolder}", added.Output, StringComparison.Ordinal);
        Assert.Equal(people, await ScalarAsync("SELECT COUNT(*) FROM People"));
        Assert.Equal(1, await ScalarAsync(
            "SELECT COUNT(*) FROM AspNetUsers u JOIN People p ON p.Id = u.PersonId WHERE p.EmployeeId = 'E3' AND u.Email = 'ann@acme.example'"));
        Assert.Contains(Mail(), m => m.Contains("To: ann@acme.example", StringComparison.Ordinal));

        var again = await CliRun.RunAsync(Settings, "users", "add", "--org", "Acme", "--email", "ann@acme.example", "--role", "practitioner");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--email:", again.Error, StringComparison.Ordinal);
        Assert.Equal(people, await ScalarAsync("SELECT COUNT(*) FROM People"));
    }

    [Fact]
    public async Task Import_staff_with_invite_invites_everyone_without_an_account_and_says_where_the_mail_went()
    {
        var file = await StaffFileAsync();
        Assert.Equal(0, (await CliRun.RunAsync(Settings, "users", "add", "--org", "Acme", "--email", "max@acme.example", "--role", "pmo-manager")).ExitCode);
        var before = Mail().Count;

        var result = await CliRun.RunAsync(Settings, "import", "staff", file, "--org", "Acme", "--invite");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains("invited: 2", lines);
        Assert.Contains("not invited: 0", lines);
        Assert.Contains($"No SMTP server is set (Mail:SmtpHost), so mail was written as .eml files to {MailFolder}", lines);
        Assert.Equal(before + 2, Mail().Count);
        Assert.Contains(Mail(), m => m.Contains("To: dee@acme.example", StringComparison.Ordinal) && m.Contains("/account/accept-invitation?email=dee%40acme.example&code=", StringComparison.Ordinal));
        // Dee manages the Leadership team, so her account is a pmo-manager's; Ann's a practitioner's.
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM AspNetUsers WHERE Email = 'dee@acme.example' AND Role = 'PmoManager' AND InvitedAtUtc IS NOT NULL"));
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM AspNetUsers WHERE Email = 'ann@acme.example' AND Role = 'Practitioner'"));
        Assert.Equal(3, await ScalarAsync("SELECT COUNT(*) FROM People"));

        // Everyone has an account now: a second run invites nobody.
        var second = await CliRun.RunAsync(Settings, "import", "staff", file, "--org", "Acme", "--invite");
        Assert.Contains("invited: 0", second.Output.Split('\n', StringSplitOptions.TrimEntries));
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
            // A file still held open; the temp folder is cleaned by the OS.
        }
    }
}
