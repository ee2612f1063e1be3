using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Testing;
using PmoPath.Testing.People;
using static PmoPath.Testing.TestDates;

namespace PmoPath.Web.Tests.People;

/// <summary>Records, plans, ratings, export and erasure through the API, on each provider.</summary>
public abstract class PeopleApiTests(PeopleWorld world)
{
    private static DateOnly Today => TestClock.Today;

    [Fact]
    public async Task A_practitioner_records_their_level_and_certificates_and_each_change_is_in_the_history()
    {
        var sam = world["sam"];
        using var client = world.Api("sam");
        var response = await client.PatchAsJsonAsync($"/api/people/{sam.PersonId}/record", new
        {
            jobTitle = "PMO analyst", level = 2, targetLevel = 3, pmoType = "programme-office", yearsInPmo = 4, avenue = "managing-a-pmo",
            certificates = new object[]
            {
                new { code = "axelos-p3o-foundation", achievedOn = Day(Today.AddDays(30).AddYears(-3)), certificateNumber = "P3O-1" },
                new { code = "aipmo-ipmo-foundation", achievedOn = Day(Today.AddYears(-1)) },
            },
            completedCourses = new[] { new { code = "agile-pmo", completedOn = Day(Today.AddMonths(-2)) } },
            competencies = new Dictionary<string, int> { ["benefits-management"] = 1, ["coaching"] = 2 },
            evidence = new[] { new { title = "Portfolio report redesign", url = "https://example.org/work/1" } },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(2, record.GetProperty("level").GetInt32());
        Assert.Equal("managing-a-pmo", record.GetProperty("avenue").GetString());
        var p3o = record.GetProperty("certificates").EnumerateArray().Single(c => c.GetProperty("code").GetString() == "axelos-p3o-foundation");
        Assert.Equal("due-for-renewal", p3o.GetProperty("status").GetString());
        Assert.Equal(Day(Today.AddDays(30).AddYears(-3).AddYears(3)), p3o.GetProperty("renewBy").GetString());
        var history = record.GetProperty("history").EnumerateArray().ToList();
        var level = history.Single(h => h.GetProperty("field").GetString() == "level");
        Assert.Equal("2", level.GetProperty("to").GetString());
        Assert.Equal("Sam Practitioner", level.GetProperty("changedBy").GetString());
        Assert.Contains(history, h => h.GetProperty("field").GetString() == "competencies.coaching.self");
        Assert.Contains(history, h => h.GetProperty("field").GetString() == "certificates");

        // The advisor's input, built from the stored record.
        var advice = await client.GetFromJsonAsync<JsonElement>($"/api/people/{sam.PersonId}/advice");
        var profile = advice.GetProperty("profile");
        Assert.Equal(2, profile.GetProperty("level").GetInt32());
        Assert.Equal(3, profile.GetProperty("targetLevel").GetInt32());
        Assert.Equal("programme-office", profile.GetProperty("pmoType").GetString());
        Assert.Equal(Day(Today), profile.GetProperty("asOf").GetString());
        Assert.Equal(2, profile.GetProperty("certifications").GetArrayLength());
        Assert.Equal(["agile-pmo"], profile.GetProperty("completedCourses").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(1, profile.GetProperty("competencies").GetProperty("benefits-management").GetInt32());
        Assert.Equal(4, profile.GetProperty("yearsInPmo").GetInt32());

        // The advisor's answer for the stored record is the public advisor's answer for the same profile.
        var recommendations = advice.GetProperty("advice").GetProperty("recommendations");
        Assert.NotEqual(0, recommendations.GetArrayLength());
        Assert.DoesNotContain("aipmo-ipmo-foundation", recommendations.EnumerateArray().Select(r => r.GetProperty("code").GetString()));
        using var anonymous = new HttpClient { BaseAddress = client.BaseAddress };
        var publicAnswer = await (await anonymous.PostAsJsonAsync("/api/advice", profile)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(recommendations.GetRawText(), publicAnswer.GetProperty("recommendations").GetRawText());
        Assert.Equal(advice.GetProperty("advice").GetProperty("roadmap").GetRawText(), publicAnswer.GetProperty("roadmap").GetRawText());
    }

    [Fact]
    public async Task A_lapsed_certificate_is_not_current_and_CPD_points_keep_it_current()
    {
        var member = await world.AddAsync("cpd-" + Guid.NewGuid().ToString("N")[..6], "Acme", PmoRole.Practitioner);
        using var client = world.ApiWithToken(member.Token);
        var achieved = Today.AddYears(-4);
        var lapsed = await PutCertificateAsync(client, member, achieved, []);
        Assert.Equal("not-current", lapsed.GetProperty("status").GetString());

        var cpd = Enumerable.Range(achieved.Year, 5).Select(y => new { year = y, points = 20 }).Where(y => y.year <= Today.Year).ToArray();
        var renewed = await PutCertificateAsync(client, member, achieved, cpd);
        Assert.NotEqual("not-current", renewed.GetProperty("status").GetString());
    }

    private static async Task<JsonElement> PutCertificateAsync(HttpClient client, Member member, DateOnly achieved, object[] cpd)
    {
        var response = await client.PatchAsJsonAsync($"/api/people/{member.PersonId}/record", new
        {
            level = 2,
            certificates = new[] { new { code = "axelos-mop-foundation", achievedOn = Day(achieved), cpd } },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("certificates")[0];
    }

    [Theory]
    [InlineData("""{ "level": 7 }""", "level")]
    [InlineData("""{ "level": 0 }""", "level")]
    [InlineData("""{ "level": 3, "targetLevel": 2 }""", "targetLevel")]
    [InlineData("""{ "pmoType": "circus" }""", "pmoType")]
    [InlineData("""{ "yearsInPmo": -1 }""", "yearsInPmo")]
    [InlineData("""{ "certificates": [ { "code": "prince9", "achievedOn": "2020-01-01" } ] }""", "certificates[0].code")]
    [InlineData("""{ "certificates": [ { "code": "agile-pmo", "achievedOn": "2020-01-01" } ] }""", "certificates[0].code")]
    [InlineData("""{ "certificates": [ { "code": "axelos-p3o-foundation", "achievedOn": "2999-01-01" } ] }""", "certificates[0].achievedOn")]
    [InlineData("""{ "completedCourses": [ { "code": "juggling" } ] }""", "completedCourses[0].code")]
    [InlineData("""{ "competencies": { "coaching": 5 } }""", "competencies.coaching")]
    [InlineData("""{ "competencies": { "magic": 1 } }""", "competencies.magic")]
    [InlineData("""{ "evidence": [ { "title": "x", "url": "javascript:alert(1)" } ] }""", "evidence[0].url")]
    public async Task Bad_record_input_is_a_400_naming_the_field_and_nothing_is_saved(string json, string field)
    {
        var member = await world.AddAsync("bad-" + Guid.NewGuid().ToString("N")[..6], "Acme", PmoRole.Practitioner);
        using var client = world.ApiWithToken(member.Token);
        var body = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;
        body["displayName"] = JsonSerializer.SerializeToElement("Should Not Be Saved");

        var response = await client.PatchAsJsonAsync($"/api/people/{member.PersonId}/record", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {problem}");
        var record = await client.GetFromJsonAsync<JsonElement>($"/api/people/{member.PersonId}");
        Assert.NotEqual("Should Not Be Saved", record.GetProperty("displayName").GetString());
        Assert.Empty(record.GetProperty("history").EnumerateArray());
    }

    [Theory]
    [InlineData("organisationId")]
    [InlineData("role")]
    [InlineData("personId")]
    [InlineData("teamId")]
    [InlineData("id")]
    public async Task Fields_the_caller_may_not_set_are_refused_and_nothing_changes(string field)
    {
        var member = await world.AddAsync("over-" + Guid.NewGuid().ToString("N")[..6], "Acme", PmoRole.Practitioner);
        using var client = world.ApiWithToken(member.Token);
        var record = new Dictionary<string, object> { ["level"] = 2, [field] = world["quinn"].PersonId!.Value };
        var response = await client.PatchAsJsonAsync($"/api/people/{member.PersonId}/record", record);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var plan = await client.PostAsJsonAsync($"/api/people/{member.PersonId}/plan",
            new Dictionary<string, object> { ["courseCode"] = "agile-pmo", [field] = world["quinn"].PersonId!.Value });
        Assert.Equal(HttpStatusCode.BadRequest, plan.StatusCode);

        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("practitioner", me.GetProperty("role").GetString());
        Assert.Equal(member.PersonId, me.GetProperty("personId").GetGuid());
        var after = await client.GetFromJsonAsync<JsonElement>($"/api/people/{member.PersonId}");
        Assert.Equal(JsonValueKind.Null, after.TryGetProperty("level", out var level) ? level.ValueKind : JsonValueKind.Null);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>($"/api/people/{member.PersonId}/plan")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_practitioner_plans_two_courses_their_manager_sees_and_comments_and_HR_sees_them()
    {
        var pat = world["pat"];
        var target = Day(Today.AddMonths(4));
        using var client = world.Api("pat");
        var first = await client.PostAsJsonAsync($"/api/people/{pat.PersonId}/plan", new { courseCode = "benefits-management", targetDate = target, notes = "for the benefits review" });
        var second = await client.PostAsJsonAsync($"/api/people/{pat.PersonId}/plan", new { courseCode = "aipmo-ipmo-practitioner", targetDate = Day(Today.AddYears(1)), status = "booked" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var itemId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        using var manager = world.Api("manager");
        var seen = await manager.GetFromJsonAsync<JsonElement>($"/api/people/{pat.PersonId}/plan");
        var codes = seen.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()).ToList();
        Assert.Contains("benefits-management", codes);
        Assert.Contains("aipmo-ipmo-practitioner", codes);
        Assert.Contains(seen.GetProperty("roadmap").EnumerateArray(), y => y.GetProperty("codes").EnumerateArray().Any(c => c.GetString() == "aipmo-ipmo-practitioner"));

        var comment = await manager.PostAsJsonAsync($"/api/people/{pat.PersonId}/plan/{itemId}/comments", new { text = "Good choice; budget approved." });
        Assert.Equal(HttpStatusCode.Created, comment.StatusCode);

        using var hr = world.Api("hr");
        var hrView = await hr.GetFromJsonAsync<JsonElement>($"/api/people/{pat.PersonId}/plan");
        var commented = hrView.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == itemId);
        var text = Assert.Single(commented.GetProperty("comments").EnumerateArray());
        Assert.Equal("Max Manager", text.GetProperty("author").GetString());

        var update = await client.PutAsJsonAsync($"/api/people/{pat.PersonId}/plan/{itemId}", new { targetDate = target, status = "done" });
        Assert.Equal("done", (await update.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("""{ "courseCode": "juggling" }""", "courseCode")]
    [InlineData("""{ "courseCode": "bcs-ppso-essentials" }""", "courseCode")]
    [InlineData("""{ "courseCode": "agile-pmo", "targetDate": "2001-01-01" }""", "targetDate")]
    [InlineData("""{ "courseCode": "agile-pmo", "status": 9 }""", "status")]
    public async Task Bad_plan_input_is_a_400_naming_the_field(string json, string field)
    {
        var member = await world.AddAsync("plan-" + Guid.NewGuid().ToString("N")[..6], "Acme", PmoRole.Practitioner);
        using var client = world.ApiWithToken(member.Token);
        var response = await client.PostAsync($"/api/people/{member.PersonId}/plan", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>($"/api/people/{member.PersonId}/plan")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task The_manager_rates_beside_the_practitioner_and_the_change_is_recorded()
    {
        var pat = world["pat"];
        using var manager = world.Api("manager");
        var response = await manager.PutAsJsonAsync($"/api/people/{pat.PersonId}/ratings", new { competencies = new Dictionary<string, int> { ["risk-governance"] = 3 } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = await response.Content.ReadFromJsonAsync<JsonElement>();
        var rating = record.GetProperty("competencies").EnumerateArray().Single(c => c.GetProperty("code").GetString() == "risk-governance");
        Assert.Equal(3, rating.GetProperty("manager").GetInt32());
        var change = record.GetProperty("history").EnumerateArray().First(h => h.GetProperty("field").GetString() == "competencies.risk-governance.manager");
        Assert.Equal("Max Manager", change.GetProperty("changedBy").GetString());
    }

    [Fact]
    public async Task A_person_downloads_everything_held_about_them_and_the_export_is_audited()
    {
        var pat = world["pat"];
        using var client = world.Api("pat");
        var response = await client.GetAsync($"/api/people/{pat.PersonId}/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var export = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(pat.Email, export.GetProperty("account").GetProperty("email").GetString());
        foreach (var part in new[] { "person", "certificates", "completedCourses", "competencies", "evidence", "recordHistory", "plan", "planComments", "apiTokens", "audit", "record", "developmentPlan" })
            Assert.True(export.TryGetProperty(part, out _), $"the export should hold '{part}'");
        Assert.DoesNotContain(pat.Token, export.ToString(), StringComparison.Ordinal);

        await using var db = await SystemContextAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.Exported && a.SubjectPersonId == pat.PersonId));
    }

    [Fact]
    public async Task An_org_admin_erases_a_person_whose_personal_data_goes_and_whose_counts_stay()
    {
        var leaver = await world.AddAsync("leaver-" + Guid.NewGuid().ToString("N")[..6], "Acme", PmoRole.Practitioner, "Alpha", "manager", "Lee Leaver");
        using (var own = world.ApiWithToken(leaver.Token))
        {
            await own.PatchAsJsonAsync($"/api/people/{leaver.PersonId}/record", new
            {
                jobTitle = "PMO officer", level = 2,
                certificates = new[] { new { code = "axelos-p3o-foundation", achievedOn = "2024-01-01", certificateNumber = "LEAVER-CERT" } },
                evidence = new[] { new { title = "Leaver's work", url = "https://example.org/leaver" } },
            });
            await own.PostAsJsonAsync($"/api/people/{leaver.PersonId}/plan", new { courseCode = "agile-pmo", notes = "leaver's note" });
        }

        using var hr = world.Api("hr");
        var erased = await hr.DeleteAsync($"/api/people/{leaver.PersonId}");
        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);

        var record = await hr.GetFromJsonAsync<JsonElement>($"/api/people/{leaver.PersonId}");
        Assert.Equal("Erased person", record.GetProperty("displayName").GetString());
        Assert.True(record.GetProperty("erased").GetBoolean());
        Assert.Equal(2, record.GetProperty("level").GetInt32());
        var certificate = Assert.Single(record.GetProperty("certificates").EnumerateArray());
        Assert.Equal("", certificate.GetProperty("certificateNumber").GetString());
        Assert.Empty(record.GetProperty("evidence").EnumerateArray());
        Assert.Empty(record.GetProperty("history").EnumerateArray());
        Assert.False(record.TryGetProperty("email", out var email) && email.ValueKind == JsonValueKind.String);

        var export = (await (await hr.GetAsync($"/api/people/{leaver.PersonId}/export")).Content.ReadAsStringAsync());
        foreach (var gone in new[] { "Lee Leaver", "LEAVER-CERT", "leaver's note", "example.org/leaver", leaver.Email, "PMO officer" })
            Assert.DoesNotContain(gone, export, StringComparison.Ordinal);

        using var stale = world.ApiWithToken(leaver.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stale.GetAsync("/api/me")).StatusCode);
        Assert.Contains((await hr.GetFromJsonAsync<JsonElement>("/api/people")).EnumerateArray(), p => p.GetProperty("id").GetGuid() == leaver.PersonId);
    }

    [Fact]
    public async Task A_certificate_due_for_renewal_is_reminded_by_mail_once_and_shown_in_the_plan()
    {
        var member = await world.AddAsync("remind-" + Guid.NewGuid().ToString("N")[..6], "Acme", PmoRole.Practitioner);
        using var client = world.ApiWithToken(member.Token);
        var achieved = Today.AddDays(20).AddYears(-3);
        await client.PatchAsJsonAsync($"/api/people/{member.PersonId}/record", new
        {
            level = 2, certificates = new[] { new { code = "axelos-p3o-foundation", achievedOn = Day(achieved) } },
        });

        var plan = await client.GetFromJsonAsync<JsonElement>($"/api/people/{member.PersonId}/plan");
        var reminder = Assert.Single(plan.GetProperty("reminders").EnumerateArray());
        Assert.Equal(Day(achieved.AddYears(3)), reminder.GetProperty("renewBy").GetString());
        Assert.Equal(20, reminder.GetProperty("daysLeft").GetInt32());

        var reminders = world.App.Services.GetRequiredService<PmoPath.People.RenewalReminders>();
        await reminders.SendAsync();
        await reminders.SendAsync();
        var mails = world.Mail().Where(m => m.Contains($"To: {member.Email}", StringComparison.Ordinal) && m.Contains("renew by", StringComparison.Ordinal)).ToList();
        var mail = Assert.Single(mails);
        Assert.Contains($"P3O Foundation: renew by {Day(achieved.AddYears(3))}", mail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_at_once()
    {
        var member = await world.AddAsync("tok-" + Guid.NewGuid().ToString("N")[..6], "Acme", PmoRole.Practitioner);
        var tokens = world.App.Services.GetRequiredService<ApiTokens>();
        var second = await tokens.CreateAsync(member.Email, "second", null);
        using var client = world.ApiWithToken(second.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);

        Assert.True(await tokens.RevokeAsync(second.Id));

        var refused = await client.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
        using var other = world.ApiWithToken(member.Token);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Tokens_are_stored_only_as_hashes()
    {
        await using var db = await SystemContextAsync();
        var stored = await db.ApiTokens.Select(t => t.Hash).ToListAsync();
        Assert.NotEmpty(stored);
        Assert.DoesNotContain(world["pat"].Token, stored);
        Assert.Contains(ApiTokens.Hash(world["pat"].Token), stored);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_people_routes()
    {
        var document = await world.App.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/people", "/api/people/{id}", "/api/people/{id}/advice", "/api/people/{id}/plan", "/api/people/{id}/export" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} should be documented");
    }

    private async Task<AppDbContext> SystemContextAsync() =>
        (await world.App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync()).BindTo(Caller.System);
}

public sealed class PeopleApiOnSqliteTests(SqlitePeopleWorld world) : PeopleApiTests(world), IClassFixture<SqlitePeopleWorld>;

public sealed class PeopleApiOnPostgresTests(PostgresPeopleWorld world) : PeopleApiTests(world), IClassFixture<PostgresPeopleWorld>;
