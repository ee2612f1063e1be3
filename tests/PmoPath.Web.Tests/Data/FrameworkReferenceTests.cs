using Microsoft.Extensions.DependencyInjection;
using PmoPath.Accounts;
using PmoPath.Exchange;
using PmoPath.Framework;
using PmoPath.Testing.People;
using PmoPath.Testing.Sessions;

namespace PmoPath.Web.Tests.Data;

/// <summary>
/// A framework file may not take away a course that sessions, records, plans or requests still name, and every string
/// and number in it is bounded: such a file is refused whole, saying what holds on to each course.
/// </summary>
public abstract class FrameworkReferenceTests(PeopleWorld world)
{
    private FrameworkStore Store => world.App.Services.GetRequiredService<FrameworkStore>();

    private async Task HoldCertificateAsync(string code)
    {
        var member = await world.AddAsync("holder-" + Guid.NewGuid().ToString("N")[..6], "Acme", PmoRole.Practitioner);
        await using var db = await SessionKit.SystemAsync(world.App);
        var person = await db.People.FindAsync(member.PersonId!.Value);
        db.Certificates.Add(new PmoPath.People.Certificate
        {
            OrganisationId = person!.OrganisationId, PersonId = person.Id, CourseCode = code, AchievedOn = SessionKit.Today.AddYears(-1),
        });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_file_without_any_course_is_refused_naming_what_still_refers_to_each()
    {
        await HoldCertificateAsync("axelos-p3o-foundation");
        await SessionKit.InsertAsync(world.App, "harbour-lane-training", "agile-pmo", SessionKit.Today.AddDays(60), 10);
        var before = FrameworkJson.Write(await Store.ExportAsync());
        var empty = FrameworkJson.ReadDefault();
        empty.Courses = [];
        // The PMO-type rules name courses too; without them the file's only faults are the courses still in use.
        empty.Advice.PmoTypeRules = [];

        var refused = await Assert.ThrowsAsync<FrameworkImportException>(() => Store.ImportAsync(empty, "test", "test"));

        var p3o = Assert.Single(refused.Problems, p => p.Message.Contains("'axelos-p3o-foundation'", StringComparison.Ordinal));
        Assert.Equal("courses", p3o.Path);
        Assert.Matches(@"\b\d+ certificates?\b", p3o.Message);
        var agile = Assert.Single(refused.Problems, p => p.Message.Contains("'agile-pmo'", StringComparison.Ordinal));
        Assert.Matches(@"\b\d+ sessions?\b", agile.Message);
        Assert.Equal(before, FrameworkJson.Write(await Store.ExportAsync()));
    }

    [Fact]
    public async Task Renaming_a_course_still_in_use_is_refused()
    {
        await SessionKit.InsertAsync(world.App, "harbour-lane-training", "benefits-management", SessionKit.Today.AddDays(70), 10);
        var renamed = FrameworkJson.ReadDefault();
        renamed.Courses.Single(c => c.Code == "benefits-management").Code = "benefits-management-2";

        var refused = await Assert.ThrowsAsync<FrameworkImportException>(() => Store.ImportAsync(renamed, "test", "test"));

        var problem = Assert.Single(refused.Problems, p => p.Message.Contains("'benefits-management'", StringComparison.Ordinal));
        Assert.Contains("session", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Strings_and_numbers_beyond_their_bounds_are_refused_by_path()
    {
        var huge = FrameworkJson.ReadDefault();
        huge.Courses[0].Title = new string('x', 1_000_000);
        huge.Courses[1].Description = new string('y', 1_000_000);
        huge.Levels[0].Roles.Add(new string('r', 5_000));
        huge.Courses[2].Assessment ??= new PmoPath.Catalog.Assessment();
        huge.Courses[2].Assessment!.Questions = 2_000_000_000;
        huge.Competencies[0].Name = new string('n', 201);

        var refused = await Assert.ThrowsAsync<FrameworkImportException>(() => Store.ImportAsync(huge, "test", "test"));

        var paths = refused.Problems.Select(p => p.Path).ToList();
        Assert.Contains("courses[0].title", paths);
        Assert.Contains("courses[1].description", paths);
        Assert.Contains($"levels[0].roles[{huge.Levels[0].Roles.Count - 1}]", paths);
        Assert.Contains("courses[2].assessment.questions", paths);
        Assert.Contains("competencies[0].name", paths);
    }
}

public sealed class SqliteFrameworkReferenceTests(SqlitePeopleWorld world) : FrameworkReferenceTests(world), IClassFixture<SqlitePeopleWorld>;

public sealed class PostgresFrameworkReferenceTests(PostgresPeopleWorld world) : FrameworkReferenceTests(world), IClassFixture<PostgresPeopleWorld>;
