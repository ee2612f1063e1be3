using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Testing;
using PmoPath.Testing.People;
using static PmoPath.Testing.TestDates;

namespace PmoPath.Web.Tests.People;

/// <summary>
/// After an erasure the erased person's name, email, employee id and notes are in no row of any table, the outbox
/// holds no mail to them and their mail files are gone, on SQLite and PostgreSQL; on SQLite they cannot be read back
/// from the bytes of the database file or its WAL either (secure_delete and a WAL checkpoint).
/// </summary>
public abstract class ErasureScrubbingTests(PeopleWorld world)
{
    protected PeopleWorld World => world;

    [Fact]
    public async Task An_erased_person_cannot_be_read_from_any_table_the_outbox_the_mail_folder_or_the_database_files()
    {
        const string name = "Zephyrine Quillfeather";
        const string employeeId = "EMP-QXZ-7731";
        const string certificateNumber = "QXZ-CERT-7731";
        const string note = "Quillfeather private note";
        var person = await world.AddAsync("zq-scrub-7731", "Acme", PmoRole.Practitioner, "Alpha", "manager", name);
        await using (var db = await SystemContextAsync())
            await db.People.Where(p => p.Id == person.PersonId).ExecuteUpdateAsync(s => s.SetProperty(p => p.EmployeeId, employeeId));
        using (var own = world.ApiWithToken(person.Token))
        {
            var today = TestClock.Today;
            Assert.Equal(HttpStatusCode.OK, (await own.PatchAsJsonAsync($"/api/people/{person.PersonId}/record", new
            {
                jobTitle = "Quillfeather liaison", level = 2,
                certificates = new[] { new { code = "axelos-p3o-foundation", achievedOn = Day(today.AddDays(20).AddYears(-3)), certificateNumber } },
                evidence = new[] { new { title = "Quillfeather portfolio", url = "https://example.org/quillfeather" } },
            })).StatusCode);
            Assert.True((await own.PostAsJsonAsync($"/api/people/{person.PersonId}/plan", new { courseCode = "agile-pmo", notes = note })).IsSuccessStatusCode);
        }
        // A renewal reminder, written as a mail file to the person's address.
        await world.App.Services.GetRequiredService<PmoPath.People.RenewalReminders>().SendAsync();
        Assert.Contains(world.Mail(), m => m.Contains($"To: {person.Email}", StringComparison.Ordinal));
        var mailFolder = Path.Combine(world.App.DataFolder, "mail");
        var theirs = MailFilesTo(mailFolder, person.Email);
        Assert.NotEmpty(theirs);
        var others = Directory.GetFiles(mailFolder, "*.eml").Except(theirs).ToList();

        string[] distinctive = [name, person.Email, person.Email.ToUpperInvariant(), employeeId, certificateNumber, note, "Quillfeather liaison"];
        // Control: before erasure every string is in some row, and the outbox holds mail to the person, so the test can fail.
        var rowsBefore = await EveryValueAsync();
        foreach (var text in distinctive)
            Assert.True(rowsBefore.Any(v => v.Contains(text, StringComparison.Ordinal)), $"'{text}' should be in a table before erasure");
        await using (var db = await SystemContextAsync())
            Assert.True(await db.MailOutbox.AnyAsync(m => m.Recipient == person.Email), "the outbox should hold the reminder to the person");
        var bytesBefore = StorageBytes();
        foreach (var text in distinctive)
            Assert.True(bytesBefore.Count == 0 || bytesBefore.Any(b => Contains(b.Bytes, text)), $"'{text}' should be in the database files before erasure");

        using var hr = world.Api("hr");
        Assert.Equal(HttpStatusCode.NoContent, (await hr.DeleteAsync($"/api/people/{person.PersonId}")).StatusCode);

        var rowsAfter = await EveryValueAsync();
        foreach (var text in distinctive)
        {
            var left = rowsAfter.Where(v => v.Contains(text, StringComparison.Ordinal)).Take(3).ToList();
            Assert.True(left.Count == 0, $"'{text}' is still in a row after erasure: {string.Join(" | ", left)}");
        }
        await using (var db = await SystemContextAsync())
            Assert.False(await db.MailOutbox.AnyAsync(m => m.Recipient == person.Email), "the outbox should hold no mail to the erased person");
        foreach (var (file, bytes) in StorageBytes())
            foreach (var text in distinctive)
                Assert.False(Contains(bytes, text), $"'{text}' is still in {file} after erasure");
        Assert.All(theirs, path => Assert.False(File.Exists(path), $"{path} should be deleted"));
        Assert.All(others, path => Assert.True(File.Exists(path), $"{path} is someone else's and should stay"));
    }

    /// <summary>
    /// The bytes of the database's own files that erasure scrubs, by name; none where the provider leaves dead row
    /// versions to its vacuum (PostgreSQL: README, security).
    /// </summary>
    protected abstract IReadOnlyList<(string File, byte[] Bytes)> StorageBytes();

    /// <summary>Every value of every row of every table of the database, as text (binary values read as UTF-8).</summary>
    private async Task<List<string>> EveryValueAsync()
    {
        await using var db = await SystemContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = world.Database == TestDatabase.Postgres
                ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
                : "SELECT name FROM sqlite_master WHERE type = 'table'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                tables.Add(reader.GetString(0));
        }
        Assert.Contains(tables, t => t == "People"); // the control: the listing found the model's tables
        var values = new List<string>();
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                for (var i = 0; i < reader.FieldCount; i++)
                    if (!await reader.IsDBNullAsync(i))
                        values.Add(reader.GetValue(i) switch
                        {
                            byte[] bytes => Encoding.UTF8.GetString(bytes),
                            var value => $"{table}: {Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)}",
                        });
        }
        return values;
    }

    private static List<string> MailFilesTo(string folder, string email) =>
        [.. Directory.GetFiles(folder, "*.eml").Where(path => File.ReadAllText(path).Contains($"To: {email}", StringComparison.Ordinal))];

    protected static byte[] Read(string path)
        {
        if (!File.Exists(path))
            return [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static bool Contains(byte[] bytes, string text) => bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    private async Task<AppDbContext> SystemContextAsync() =>
        (await world.App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync()).BindTo(Caller.System);
}

public sealed class ErasureScrubbingOnSqliteTests(SqlitePeopleWorld world) : ErasureScrubbingTests(world), IClassFixture<SqlitePeopleWorld>
{
    /// <summary>The database file and its WAL (secure_delete zeroes freed pages; the WAL is checkpointed and truncated).</summary>
    protected override IReadOnlyList<(string File, byte[] Bytes)> StorageBytes()
    {
        var path = Path.Combine(World.App.DataFolder, "pmopath.db");
        return [("the database file", Read(path)), ("the WAL", Read(path + "-wal"))];
    }
}

public sealed class ErasureScrubbingOnPostgresTests(PostgresPeopleWorld world) : ErasureScrubbingTests(world), IClassFixture<PostgresPeopleWorld>
{
    protected override IReadOnlyList<(string File, byte[] Bytes)> StorageBytes() => [];
}
