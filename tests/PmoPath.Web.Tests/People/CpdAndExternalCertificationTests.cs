using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Exchange;
using PmoPath.Framework;
using PmoPath.Testing;
using PmoPath.Testing.People;
using PmoPath.Testing.Sessions;
using static PmoPath.Testing.TestDates;

namespace PmoPath.Web.Tests.People;

/// <summary>
/// The CPD log on the record (API, advice, export, erasure, tenancy), certifications held elsewhere (record,
/// staff import, advice profile, never scheduled, listed by kind), sources through the API and the framework
/// file, and the career-path picture; on each provider.
/// </summary>
public abstract class CpdAndExternalCertificationTests(PeopleWorld world)
{
    private static DateOnly Today => TestClock.Today;

    private async Task<Member> NewPractitionerAsync(string prefix) =>
        await world.AddAsync(prefix + "-" + Guid.NewGuid().ToString("N")[..6], "Acme", PmoRole.Practitioner, "Alpha", "manager");

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task Logged_CPD_feeds_the_advice_sentence_and_leaves_with_the_entry()
    {
        var member = await NewPractitionerAsync("cpd");
        using var client = world.ApiWithToken(member.Token);
        var practitioner = Today.AddYears(-2);
        var renewBy = practitioner.AddYears(3);
        var record = await client.PatchAsJsonAsync($"/api/people/{member.PersonId}/record", new
        {
            level = 3,
            certificates = new[]
            {
                new { code = "axelos-p3o-foundation", achievedOn = Day(practitioner.AddMonths(-6)) },
                new { code = "axelos-p3o-practitioner", achievedOn = Day(practitioner) },
            },
        });
        Assert.Equal(HttpStatusCode.OK, record.StatusCode);

        // Nothing logged: the advice names the route but claims no points.
        var before = await client.GetFromJsonAsync<JsonElement>($"/api/people/{member.PersonId}/advice");
        var bare = Summary(before, "axelos-p3o-practitioner");
        Assert.DoesNotContain("You have logged", bare, StringComparison.Ordinal);
        Assert.Contains("No CPD points are logged for this cycle", bare, StringComparison.Ordinal);

        var first = await client.PostAsJsonAsync($"/api/people/{member.PersonId}/cpd", new
        {
            on = Day(Today.AddMonths(-11)), activity = "PMO conference: two days of talks", points = 20, suite = "axelos", evidenceUrl = "https://example.org/cpd/1",
        });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var firstEntry = await JsonAsync(first);
        Assert.Equal("AXELOS (PeopleCert)", firstEntry.GetProperty("suiteName").GetString());
        var second = await client.PostAsJsonAsync($"/api/people/{member.PersonId}/cpd", new { on = Day(Today.AddDays(-3)), activity = "Mentoring two PMO analysts", points = 15, suite = "axelos" });
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var secondId = (await JsonAsync(second)).GetProperty("id").GetString();

        var list = await client.GetFromJsonAsync<JsonElement>($"/api/people/{member.PersonId}/cpd");
        Assert.Equal(2, list.GetArrayLength());
        Assert.Equal("Mentoring two PMO analysts", list[0].GetProperty("activity").GetString());

        var after = await client.GetFromJsonAsync<JsonElement>($"/api/people/{member.PersonId}/advice");
        Assert.Contains($"You have logged 35 of the 60 CPD points this cycle asks (20 a year for 3 years, with a continuous PeopleCert+ subscription); 25 more by {Day(renewBy)} keep P3O Foundation and P3O Practitioner current without an exam.",
            Summary(after, "axelos-p3o-practitioner"), StringComparison.Ordinal);
        Assert.Equal(2, after.GetProperty("profile").GetProperty("cpd").GetArrayLength());

        var export = await client.GetFromJsonAsync<JsonElement>($"/api/people/{member.PersonId}/export");
        Assert.Equal(2, export.GetProperty("cpdLog").GetArrayLength());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/people/{member.PersonId}/cpd/{secondId}")).StatusCode);
        var afterDelete = await client.GetFromJsonAsync<JsonElement>($"/api/people/{member.PersonId}/advice");
        Assert.Contains("You have logged 20 of the 60 CPD points", Summary(afterDelete, "axelos-p3o-practitioner"), StringComparison.Ordinal);
        var history = (await client.GetFromJsonAsync<JsonElement>($"/api/people/{member.PersonId}")).GetProperty("history").EnumerateArray();
        Assert.Equal(3, history.Count(h => h.GetProperty("field").GetString() == "cpdLog"));
    }

    private static string Summary(JsonElement advice, string code) =>
        advice.GetProperty("advice").GetProperty("certificates").EnumerateArray().Single(c => c.GetProperty("code").GetString() == code).GetProperty("summary").GetString()!;

    [Theory]
    [InlineData("""{ "activity": "x", "points": 5, "suite": "axelos" }""", "on")]
    [InlineData("""{ "on": "2999-01-01", "activity": "x", "points": 5, "suite": "axelos" }""", "on")]
    [InlineData("""{ "on": "2025-01-01", "activity": " ", "points": 5, "suite": "axelos" }""", "activity")]
    [InlineData("""{ "on": "2025-01-01", "activity": "x", "points": 0, "suite": "axelos" }""", "points")]
    [InlineData("""{ "on": "2025-01-01", "activity": "x", "points": 500, "suite": "axelos" }""", "points")]
    [InlineData("""{ "on": "2025-01-01", "activity": "x", "points": 5, "suite": "aipmo" }""", "suite")]
    [InlineData("""{ "on": "2025-01-01", "activity": "x", "points": 5, "suite": "axelos", "evidenceUrl": "javascript:alert(1)" }""", "evidenceUrl")]
    public async Task Bad_CPD_input_is_a_400_naming_the_field_and_nothing_is_logged(string json, string field)
    {
        var member = await NewPractitionerAsync("badcpd");
        using var client = world.ApiWithToken(member.Token);
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await client.PostAsync($"/api/people/{member.PersonId}/cpd", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}");
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>($"/api/people/{member.PersonId}/cpd")).GetArrayLength());
    }

    [Fact]
    public async Task The_CPD_log_follows_the_record_tenancy_and_leaves_with_erasure()
    {
        var member = await NewPractitionerAsync("cpdten");
        using var own = world.ApiWithToken(member.Token);
        Assert.Equal(HttpStatusCode.Created, (await own.PostAsJsonAsync($"/api/people/{member.PersonId}/cpd", new { on = Day(Today), activity = "Reading the MoP guide", points = 3, suite = "axelos" })).StatusCode);

        using var otherOrganisation = world.Api("hr-b");
        Assert.Equal(HttpStatusCode.NotFound, (await otherOrganisation.GetAsync($"/api/people/{member.PersonId}/cpd")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherOrganisation.PostAsJsonAsync($"/api/people/{member.PersonId}/cpd", new { on = Day(Today), activity = "x", points = 1, suite = "axelos" })).StatusCode);
        using var colleague = world.Api("colleague");
        Assert.Equal(HttpStatusCode.NotFound, (await colleague.GetAsync($"/api/people/{member.PersonId}/cpd")).StatusCode);
        using var manager = world.Api("manager");
        Assert.Equal(1, (await manager.GetFromJsonAsync<JsonElement>($"/api/people/{member.PersonId}/cpd")).GetArrayLength());
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsJsonAsync($"/api/people/{member.PersonId}/cpd", new { on = Day(Today), activity = "x", points = 1, suite = "axelos" })).StatusCode);

        using var hr = world.Api("hr");
        Assert.Equal(HttpStatusCode.NoContent, (await hr.DeleteAsync($"/api/people/{member.PersonId}")).StatusCode);
        await using var db = (await world.App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync()).BindTo(Caller.System);
        Assert.Equal(0, await db.CpdLog.CountAsync(e => e.PersonId == member.PersonId));
    }

    [Fact]
    public async Task Certifications_held_elsewhere_are_recorded_imported_and_advised_on_but_never_scheduled()
    {
        var member = await NewPractitionerAsync("ext");
        using var client = world.ApiWithToken(member.Token);
        var response = await client.PatchAsJsonAsync($"/api/people/{member.PersonId}/record", new
        {
            level = 3, targetLevel = 4,
            certificates = new[]
            {
                new { code = "axelos-prince2-practitioner", achievedOn = Day(Today.AddYears(-1)) },
                new { code = "pmi-pmp", achievedOn = Day(Today.AddYears(-5)) },
            },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var certificates = (await JsonAsync(response)).GetProperty("certificates").EnumerateArray().Select(c => c.GetProperty("code").GetString()).ToList();
        Assert.Contains("axelos-prince2-practitioner", certificates);
        Assert.Contains("pmi-pmp", certificates);

        // PRINCE2 Practitioner meets House of PMO's practitioner-level prerequisite; the advice never offers it back.
        var advice = (await client.GetFromJsonAsync<JsonElement>($"/api/people/{member.PersonId}/advice")).GetProperty("advice");
        var codes = advice.GetProperty("recommendations").EnumerateArray().Concat(advice.GetProperty("notNow").EnumerateArray()).Select(r => r.GetProperty("code").GetString()).ToList();
        Assert.DoesNotContain("axelos-prince2-practitioner", codes);
        Assert.DoesNotContain("pmi-pmp", codes);
        var managers = advice.GetProperty("notNow").EnumerateArray().Concat(advice.GetProperty("recommendations").EnumerateArray())
            .Single(r => r.GetProperty("code").GetString() == "hop-essentials-pmo-managers");
        Assert.DoesNotContain(managers.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.StartsWith("Prerequisite not met", StringComparison.Ordinal));

        // The public advice takes the same codes.
        using var anonymous = new HttpClient { BaseAddress = client.BaseAddress };
        var profile = await anonymous.PostAsJsonAsync("/api/advice", new { level = 2, targetLevel = 3, certifications = new[] { new { code = "pmi-pmocp", achievedOn = "2025-06-01" } } });
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);

        // Staff import takes them too.
        using var hr = world.Api("hr");
        var suffix = Guid.NewGuid().ToString("N")[..6];
        using var csv = new StringContent($"employee_id,email,name,level,certificates\nX{suffix},x{suffix}@acme.test,Xena External,2,axelos-msp-foundation:2023-02-01;apm-pmq:2019-09-09\n", Encoding.UTF8, "text/csv");
        var import = await hr.PostAsync("/api/people/import", csv);
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        Assert.Equal(2, (await JsonAsync(import)).GetProperty("certificatesAdded").GetInt32());

        // No provider can publish a session of one.
        using var provider = world.Api("provider");
        var session = await provider.PostAsJsonAsync("/api/sessions", SessionKit.Body(course: "axelos-prince2-practitioner"));
        Assert.Equal(HttpStatusCode.BadRequest, session.StatusCode);
        Assert.Contains("held elsewhere", (await JsonAsync(session)).GetProperty("errors").GetProperty("courseCode")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_catalogue_lists_external_certifications_only_by_kind_and_shows_sources()
    {
        using var anonymous = new HttpClient { BaseAddress = world.App.BaseAddress };
        var all = await anonymous.GetFromJsonAsync<JsonElement>("/api/courses");
        Assert.DoesNotContain(all.EnumerateArray(), c => c.GetProperty("kind").GetString() == "external");
        var external = await anonymous.GetFromJsonAsync<JsonElement>("/api/courses?kind=external");
        Assert.Equal(
            ["apm-pmq", "axelos-msp-foundation", "axelos-msp-practitioner", "axelos-prince2-foundation", "axelos-prince2-practitioner", "pmi-pmocp", "pmi-pmp"],
            external.EnumerateArray().Select(c => c.GetProperty("code").GetString()).Order(StringComparer.Ordinal));

        var course = await anonymous.GetFromJsonAsync<JsonElement>("/api/courses/axelos-mop-practitioner");
        Assert.Contains(course.GetProperty("sources").EnumerateArray(), s => s.GetProperty("url").GetString()!.StartsWith("https://", StringComparison.Ordinal)
            && s.GetProperty("checkedOn").GetString() == "2026-12-03");
        Assert.Equal(150, course.GetProperty("assessment").GetProperty("durationMinutes").GetInt32());

        var page = await anonymous.GetStringAsync("/courses/axelos-mop-practitioner");
        Assert.Contains("id=\"sources-heading\"", page, StringComparison.Ordinal);
        Assert.Contains("https://alctraining.com.au/mop-management-of-portfolios-practitioner-exams-and-stuff/", page, StringComparison.Ordinal);
        var lean = await anonymous.GetStringAsync("/courses/lean-agile-pmo");
        Assert.Contains("Not published", lean, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sources_go_through_the_database_and_back_and_a_file_without_them_still_imports()
    {
        var store = world.App.Services.GetRequiredService<FrameworkStore>();
        var shipped = FrameworkJson.ReadDefaultText();
        var bare = FrameworkJson.ReadDefault();
        foreach (var course in bare.Courses)
            course.Sources = [];
        try
        {
            await store.ImportAsync(bare, "test", "test");
            var exported = await store.ExportAsync();
            Assert.All(exported.Courses, c => Assert.Empty(c.Sources));
            Assert.NotEmpty(exported.Bodies[0].Sources);
        }
        finally
        {
            await store.ImportAsync(FrameworkJson.Read(shipped), "test", "test");
        }
        Assert.Equal(shipped, FrameworkJson.Write(await store.ExportAsync()));
    }

    [Fact]
    public async Task The_career_path_picture_is_an_SVG_of_the_four_levels_with_each_bodys_certifications()
    {
        using var anonymous = new HttpClient { BaseAddress = world.App.BaseAddress };
        var response = await anonymous.GetAsync("/career-path.svg");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync());
        var text = string.Join("\n", svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value));
        foreach (var expected in new[] { "Level 1", "Level 4", "House of PMO", "AXELOS", "AIPMO", "IPMO-Expert", "Essentials for PMO Directors", "Specialist courses" })
            Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.DoesNotContain("PRINCE2", text, StringComparison.Ordinal);
        Assert.Equal("img", svg.Root!.Attribute("role")?.Value);

        var home = await anonymous.GetStringAsync("/");
        Assert.Contains("href=\"/career-path.svg\"", home, StringComparison.Ordinal);
        var article = await anonymous.GetStringAsync("/articles/taking-ownership-of-your-pmo-career");
        Assert.Contains("href=\"/career-path.svg\"", article, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/articles/beta-pmos-insight-from-the-expert-course")).StatusCode);
    }
}

public sealed class CpdAndExternalCertificationOnSqliteTests(SqlitePeopleWorld world) : CpdAndExternalCertificationTests(world), IClassFixture<SqlitePeopleWorld>;

public sealed class CpdAndExternalCertificationOnPostgresTests(PostgresPeopleWorld world) : CpdAndExternalCertificationTests(world), IClassFixture<PostgresPeopleWorld>;
