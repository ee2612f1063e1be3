using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Accounts;
using PmoPath.Web;

namespace PmoPath.Bench;

/// <summary>
/// <c>-- http [seconds]</c>: prepares a database (migrated and seeded like a first start, plus an organisation
/// with a pmo-manager of a 30-person team, a practitioner and HR), then measures the pages and endpoints
/// people use against the app's constant <c>/ping</c> with <see cref="HttpBenchmarks"/>.
/// </summary>
public static class SiteBenchmarks
{
    public const string Password = "correct horse battery staple";

    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        var folder = Directory.CreateTempSubdirectory("pmopath-bench-http-").FullName;
        Console.WriteLine($"HTTP on loopback, {seconds:0.#} s a cell; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}.");
        var (practitioner, _) = await PrepareAsync(folder);
        await HttpBenchmarks.RunAsync(new HttpBenchmarks.Options(folder, [], seconds, [1, 16, 64]), async address =>
        {
            var anonymous = HttpBenchmarks.NewClient(address);
            var pat = await HttpBenchmarks.SignInAsync(address, "pat@bench.test", Password);
            var manager = await HttpBenchmarks.SignInAsync(address, "manager@bench.test", Password);
            return
            [
                new("home page /", () => anonymous, () => new(HttpMethod.Get, "/")),
                new("course page", () => anonymous, () => new(HttpMethod.Get, "/courses/aipmo-ipmo-expert")),
                new("POST /api/advice", () => anonymous, () => HttpBenchmarks.Json("/api/advice", Profile)),
                new("my development (signed in)", () => pat, () => new(HttpMethod.Get, "/me/development")),
                new("team page (30 people)", () => manager, () => new(HttpMethod.Get, "/team")),
            ];
        });
        _ = practitioner;
    }

    private const string Profile = """
        { "level": 3, "targetLevel": 4, "pmoType": "enterprise-pmo",
          "certifications": [ { "code": "axelos-p3o-foundation", "achievedOn": "2023-05-10" } ],
          "completedCourses": [ "agile-pmo" ],
          "competencies": { "benefits-management": 1 } }
        """;

    /// <summary>Migrates and seeds the database in the folder as a first start does, and adds the bench's organisation.</summary>
    private static async Task<(Guid Practitioner, Guid Manager)> PrepareAsync(string folder)
    {
        var app = PmoPathApp.Build([$"--Database:DataFolder={folder}", "--Logging:LogLevel:Default=Warning"]);
        await app.InitializeAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<AccountAdmin>();
        await admin.AddOrganisationAsync("Bench");
        await admin.AddUserAsync(new NewUser("Bench", "hr@bench.test", PmoRole.OrgAdmin, DisplayName: "Hana HR"), Password);
        var manager = await admin.AddUserAsync(new NewUser("Bench", "manager@bench.test", PmoRole.PmoManager, DisplayName: "Max Manager"), Password);
        var pat = await admin.AddUserAsync(new NewUser("Bench", "pat@bench.test", PmoRole.Practitioner, "Team 1", "manager@bench.test", "Pat Practitioner"), Password);
        var people = scope.ServiceProvider.GetRequiredService<PmoPath.Data.AppDbContext>().BindTo(Caller.System);
        var team = people.Teams.Single(t => t.Name == "Team 1");
        var random = new Random(7);
        for (var i = 2; i <= 30; i++)
            people.People.Add(new People.Person
            {
                OrganisationId = team.OrganisationId, TeamId = team.Id, DisplayName = $"Member {i}", Level = 1 + random.Next(4), CreatedAtUtc = DateTime.UtcNow,
                Certificates = [new People.Certificate { OrganisationId = team.OrganisationId, CourseCode = "axelos-p3o-foundation", AchievedOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-random.Next(1200)) }],
                Ratings = [new People.CompetencyRating { OrganisationId = team.OrganisationId, CompetencyCode = "benefits-management", SelfRating = random.Next(5) }],
            });
        var patRecord = people.People.Single(p => p.Id == pat.PersonId);
        patRecord.Level = 2;
        patRecord.TargetLevel = 3;
        await people.SaveChangesAsync();
        await app.DisposeAsync();
        return (pat.PersonId!.Value, manager.PersonId!.Value);
    }
}
