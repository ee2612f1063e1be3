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
/// After an erasure on SQLite the erased person's name, email, employee id and notes cannot be read back from the
/// bytes of the database file or its WAL (secure_delete and a WAL checkpoint), and their mail files are gone.
/// </summary>
public sealed class ErasureScrubbingTests(SqlitePeopleWorld world) : IClassFixture<SqlitePeopleWorld>
{
    [Fact]
    public async Task An_erased_person_cannot_be_read_from_the_database_file_its_WAL_or_the_mail_folder()
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
        // Control: before erasure the strings are in the file bytes (the database file or its WAL), so the test can fail.
        var before = DatabaseBytes();
        foreach (var text in distinctive)
            Assert.True(Contains(before.File, text) || Contains(before.Wal, text), $"'{text}' should be in the database before erasure");

        using var hr = world.Api("hr");
        Assert.Equal(HttpStatusCode.NoContent, (await hr.DeleteAsync($"/api/people/{person.PersonId}")).StatusCode);

        var after = DatabaseBytes();
        foreach (var text in distinctive)
        {
            Assert.False(Contains(after.File, text), $"'{text}' is still in the database file after erasure");
            Assert.False(Contains(after.Wal, text), $"'{text}' is still in the WAL after erasure");
        }
        Assert.All(theirs, path => Assert.False(File.Exists(path), $"{path} should be deleted"));
        Assert.All(others, path => Assert.True(File.Exists(path), $"{path} is someone else's and should stay"));
    }

    private static List<string> MailFilesTo(string folder, string email) =>
        [.. Directory.GetFiles(folder, "*.eml").Where(path => File.ReadAllText(path).Contains($"To: {email}", StringComparison.Ordinal))];

    private (byte[] File, byte[] Wal) DatabaseBytes()
    {
        var path = Path.Combine(world.App.DataFolder, "pmopath.db");
        return (Read(path), Read(path + "-wal"));

        static byte[] Read(string path)
        {
            if (!File.Exists(path))
                return [];
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }

    private static bool Contains(byte[] bytes, string text) => bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    private async Task<AppDbContext> SystemContextAsync() =>
        (await world.App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync()).BindTo(Caller.System);
}
