using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.People;
using PmoPath.Testing.People;

namespace PmoPath.Web.Tests.People;

/// <summary>
/// Staff import through <c>POST /api/people/import</c> and the upload page, on each provider. Each test that
/// imports works in an organisation of its own (imports report everyone missing from the file), except the
/// isolation test, which imports into Globex and checks that Acme is untouched.
/// </summary>
public abstract partial class StaffImportTests(PeopleWorld world)
{
    private const string Header = "employee_id,email,name,team,manager_email,job_title,level,pmo_type,certificates";

    private async Task<(string Organisation, Member Admin, string Domain)> NewOrganisationAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var organisation = "Org" + suffix;
        await world.AddOrganisationAsync(organisation);
        var admin = await world.AddAsync("hr-" + suffix, organisation, PmoRole.OrgAdmin, name: "HR " + suffix);
        return (organisation, admin, $"org{suffix}.test");
    }

    private static string Staff(string domain) => $"""
        {Header}
        E1,dee@{domain},Dee Director,Leadership,,Head of PMO,4,enterprise-pmo,
        E2,max@{domain},Max Manager,Leadership,dee@{domain},PMO manager,3,portfolio-office,aipmo-ipmo-practitioner:2022-04-01
        E3,ann@{domain},"Smith, Ann",Alpha,max@{domain},PMO analyst,2,programme-office,axelos-p3o-foundation:2024-03-01;aipmo-ipmo-foundation:2023-05-10
        E4,bob@{domain},Bob Builder,Alpha,max@{domain},Project support officer,1,project-office,
        """;

    private static async Task<HttpResponseMessage> PostCsvAsync(HttpClient client, string csv, string query = "")
    {
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        return await client.PostAsync("/api/people/import" + query, content);
    }

    private static async Task<JsonElement> ImportOkAsync(HttpClient client, string csv, string query = "")
    {
        using var response = await PostCsvAsync(client, csv, query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static void AssertCounts(JsonElement summary, int created, int updated, int unchanged, int missing = 0, int removed = 0)
    {
        Assert.Equal((created, updated, unchanged, missing, removed), (
            summary.GetProperty("created").GetInt32(), summary.GetProperty("updated").GetInt32(), summary.GetProperty("unchanged").GetInt32(),
            summary.GetProperty("missing").GetInt32(), summary.GetProperty("removed").GetInt32()));
    }

    private async Task<T> WithDatabaseAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        await using var db = (await world.App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync()).BindTo(Caller.System);
        return await work(db);
    }

    private Task<Guid> OrganisationIdAsync(string name) => WithDatabaseAsync(db => db.Organisations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync());

    private Task<int> PeopleCountAsync(string organisation) => WithDatabaseAsync(db => db.People.CountAsync(p => db.Organisations.Any(o => o.Id == p.OrganisationId && o.Name == organisation)));

    private Task<Person> PersonAsync(string organisation, string employeeId) => WithDatabaseAsync(db => db.People.AsNoTracking().Include(p => p.Team)
        .SingleAsync(p => p.EmployeeId == employeeId && db.Organisations.Any(o => o.Id == p.OrganisationId && o.Name == organisation)));

    [Fact]
    public async Task Import_creates_people_and_teams_with_their_managers_and_certificates()
    {
        var (organisation, admin, domain) = await NewOrganisationAsync();
        using var client = world.ApiWithToken(admin.Token);

        var summary = await ImportOkAsync(client, Staff(domain));

        AssertCounts(summary, created: 4, updated: 0, unchanged: 0);
        Assert.Equal(2, summary.GetProperty("teamsCreated").GetInt32());
        Assert.Equal(3, summary.GetProperty("certificatesAdded").GetInt32());
        var org = await OrganisationIdAsync(organisation);
        var teams = await WithDatabaseAsync(db => db.Teams.AsNoTracking().Include(t => t.Manager).Where(t => t.OrganisationId == org).ToListAsync());
        Assert.Equal("Max Manager", teams.Single(t => t.Name == "Alpha").Manager!.DisplayName);
        Assert.Equal("Dee Director", teams.Single(t => t.Name == "Leadership").Manager!.DisplayName);

        // The rows written in bulk read back through the API like any other record.
        var ann = await PersonAsync(organisation, "E3");
        Assert.Equal(("Smith, Ann", $"ann@{domain}", "Alpha", 2, "programme-office"), (ann.DisplayName, ann.WorkEmail, ann.Team!.Name, ann.Level!.Value, ann.PmoType!));
        var record = await client.GetFromJsonAsync<JsonElement>($"/api/people/{ann.Id}");
        Assert.Equal("PMO analyst", record.GetProperty("jobTitle").GetString());
        Assert.Equal("Max Manager", record.GetProperty("manager").GetString());
        var certificates = record.GetProperty("certificates").EnumerateArray().ToList();
        Assert.Equal(["aipmo-ipmo-foundation", "axelos-p3o-foundation"], certificates.Select(c => c.GetProperty("code").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal("2024-03-01", certificates.Single(c => c.GetProperty("code").GetString() == "axelos-p3o-foundation").GetProperty("achievedOn").GetString());
        var listed = await client.GetFromJsonAsync<JsonElement>("/api/people");
        Assert.Equal(5, listed.GetArrayLength());
    }

    [Fact]
    public async Task The_same_file_twice_changes_nothing()
    {
        var (organisation, admin, domain) = await NewOrganisationAsync();
        using var client = world.ApiWithToken(admin.Token);
        await ImportOkAsync(client, Staff(domain));
        var org = await OrganisationIdAsync(organisation);
        var historyBefore = await WithDatabaseAsync(db => db.RecordChanges.CountAsync(c => c.OrganisationId == org));

        var again = await ImportOkAsync(client, Staff(domain));

        AssertCounts(again, created: 0, updated: 0, unchanged: 4);
        Assert.Equal(0, again.GetProperty("teamsCreated").GetInt32());
        Assert.Equal(0, again.GetProperty("teamsUpdated").GetInt32());
        Assert.Equal(0, again.GetProperty("certificatesAdded").GetInt32());
        Assert.Equal(historyBefore, await WithDatabaseAsync(db => db.RecordChanges.CountAsync(c => c.OrganisationId == org)));
        Assert.Equal(5, await PeopleCountAsync(organisation));
    }

    [Fact]
    public async Task A_changed_row_updates_the_person_and_records_each_field_in_the_history_by_the_system()
    {
        var (organisation, admin, domain) = await NewOrganisationAsync();
        using var client = world.ApiWithToken(admin.Token);
        await ImportOkAsync(client, Staff(domain));
        var changed = Staff(domain)
            .Replace("E4,bob@", "E4,robert@", StringComparison.Ordinal)
            .Replace("Bob Builder,Alpha,max@" + domain + ",Project support officer,1,project-office,",
                "Robert Builder,Beta,dee@" + domain + ",PMO officer,2,,bcs-ppso-essentials:2025-01-15", StringComparison.Ordinal);

        var summary = await ImportOkAsync(client, changed);

        AssertCounts(summary, created: 0, updated: 1, unchanged: 3);
        Assert.Equal(1, summary.GetProperty("teamsCreated").GetInt32());
        var bob = await PersonAsync(organisation, "E4");
        Assert.Equal(("Robert Builder", $"robert@{domain}", "Beta", 2, "project-office"), (bob.DisplayName, bob.WorkEmail, bob.Team!.Name, bob.Level!.Value, bob.PmoType!));
        var history = (await client.GetFromJsonAsync<JsonElement>($"/api/people/{bob.Id}")).GetProperty("history").EnumerateArray()
            .ToDictionary(h => h.GetProperty("field").GetString()!, h => (From: Text(h, "from"), To: Text(h, "to"), By: Text(h, "changedBy")));
        Assert.Equal(("1", "2", "system"), history["level"]);
        Assert.Equal(("Alpha", "Beta", "system"), history["team"]);
        Assert.Equal(("Bob Builder", "Robert Builder", "system"), history["displayName"]);
        Assert.Equal(($"bob@{domain}", $"robert@{domain}", "system"), history["workEmail"]);
        Assert.Equal(("Project support officer", "PMO officer", "system"), history["jobTitle"]);
        Assert.Equal("bcs-ppso-essentials 2025-01-15", history["certificates"].To);
        Assert.False(history.ContainsKey("pmoType"), "an empty cell changes nothing");
        var beta = await WithDatabaseAsync(db => db.Teams.AsNoTracking().Include(t => t.Manager).SingleAsync(t => t.Id == bob.TeamId));
        Assert.Equal("Dee Director", beta.Manager!.DisplayName);
    }

    [Fact]
    public async Task A_bad_file_imports_nothing_and_answers_400_with_every_row_error_by_line_and_column()
    {
        var (organisation, admin, domain) = await NewOrganisationAsync();
        using var client = world.ApiWithToken(admin.Token);
        var before = await PeopleCountAsync(organisation);
        var csv = $"""
            {Header}
            N1,new@{domain},New Person,Gamma,,,2,,

            N2,other@{domain},Other,,,,5,,
            N3,third@{domain},Third,Gamma,nobody@{domain},,,,
            N3,fourth@{domain},Fourth,,,,,circus,prince9:2020-01-01
            """;

        using var response = await PostCsvAsync(client, csv);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("nothing was imported", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        var errors = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.Equal(["line 4: level", "line 5: manager_email", "line 6: employee_id", "line 6: pmo_type", "line 6: certificates"], errors);
        Assert.Contains("'5' is not a level (1-4)", problem.GetProperty("errors").GetProperty("line 4: level")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await PeopleCountAsync(organisation));
        var org = await OrganisationIdAsync(organisation);
        Assert.False(await WithDatabaseAsync(db => db.Teams.AnyAsync(t => t.OrganisationId == org && t.Name == "Gamma")));
    }

    [Fact]
    public async Task Missing_people_are_reported_and_removed_only_with_the_flag_by_erasure_that_keeps_the_counts()
    {
        var (organisation, admin, domain) = await NewOrganisationAsync();
        using var client = world.ApiWithToken(admin.Token);
        await ImportOkAsync(client, Staff(domain));
        var withoutBob = string.Join('\n', Staff(domain).Split('\n').Where(l => !l.StartsWith("E4,", StringComparison.Ordinal)));

        var kept = await ImportOkAsync(client, withoutBob);
        AssertCounts(kept, created: 0, updated: 0, unchanged: 3, missing: 1, removed: 0);
        var missing = Assert.Single(kept.GetProperty("missingPeople").EnumerateArray());
        Assert.Equal(("E4", "Bob Builder"), (missing.GetProperty("employeeId").GetString(), missing.GetProperty("name").GetString()));
        Assert.Equal("Bob Builder", (await PersonAsync(organisation, "E4")).DisplayName);

        var checkedOnly = await ImportOkAsync(client, withoutBob, "?removeMissing=true&dryRun=true");
        AssertCounts(checkedOnly, created: 0, updated: 0, unchanged: 3, missing: 1, removed: 1);
        Assert.True(checkedOnly.GetProperty("dryRun").GetBoolean());
        Assert.Equal("Bob Builder", (await PersonAsync(organisation, "E4")).DisplayName);

        var removed = await ImportOkAsync(client, withoutBob, "?removeMissing=true");
        AssertCounts(removed, created: 0, updated: 0, unchanged: 3, missing: 1, removed: 1);
        var bob = await WithDatabaseAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == missing.GetProperty("id").GetGuid()));
        Assert.Equal((PersonalData.ErasedName, null, null), (bob.DisplayName, bob.EmployeeId, bob.WorkEmail));
        Assert.Equal(1, bob.Level);
        Assert.Equal(5, await PeopleCountAsync(organisation));

        AssertCounts(await ImportOkAsync(client, withoutBob, "?removeMissing=true"), created: 0, updated: 0, unchanged: 3);
    }

    [Fact]
    public async Task A_person_already_in_the_organisation_is_taken_over_by_their_email_and_can_be_named_as_manager()
    {
        var (organisation, admin, domain) = await NewOrganisationAsync();
        var lead = await world.AddAsync("lead-" + domain[3..11], organisation, PmoRole.PmoManager, name: "Lee Lead");
        using var client = world.ApiWithToken(admin.Token);
        var csv = $"""
            {Header}
            L1,{lead.Email},Lee Lead,Leadership,,,3,,
            P1,pia@{domain},Pia,Delta,{lead.Email},,1,,
            P2,raj@{domain},Raj,Delta,{admin.Email},,1,,
            """;
        Assert.Equal(HttpStatusCode.BadRequest, (await PostCsvAsync(client, csv)).StatusCode);

        var summary = await ImportOkAsync(client, csv.Replace($"Delta,{admin.Email}", $"Delta,{lead.Email}", StringComparison.Ordinal));

        AssertCounts(summary, created: 2, updated: 1, unchanged: 0);
        var leePerson = await PersonAsync(organisation, "L1");
        Assert.Equal(lead.PersonId, leePerson.Id);
        var delta = await WithDatabaseAsync(db => db.Teams.AsNoTracking().SingleAsync(t => t.Name == "Delta" && t.OrganisationId == leePerson.OrganisationId));
        Assert.Equal(lead.PersonId, delta.ManagerId);
        // The manager now sees their team through the usual rules.
        using var leadClient = world.ApiWithToken(lead.Token);
        Assert.Equal(3, (await leadClient.GetFromJsonAsync<JsonElement>("/api/people")).GetArrayLength());
    }

    [Fact]
    public async Task An_org_admin_of_Globex_imports_into_Globex_only_and_cannot_name_an_Acme_manager()
    {
        var acmeBefore = await PeopleCountAsync("Acme");
        var pat = world["pat"];
        var patBefore = await WithDatabaseAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == pat.PersonId));
        using var client = world.Api("hr-b");
        var csv = $"""
            {Header}
            G1,{pat.Email},Pat Taken,Alpha,{world["manager"].Email},,4,,
            """;

        using var refused = await PostCsvAsync(client, csv);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("line 2: manager_email", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var summary = await ImportOkAsync(client, csv.Replace($",{world["manager"].Email},", ",,", StringComparison.Ordinal));
        AssertCounts(summary, created: 1, updated: 0, unchanged: 0);
        Assert.Equal(acmeBefore, await PeopleCountAsync("Acme"));
        var patAfter = await WithDatabaseAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == pat.PersonId));
        Assert.Equal((patBefore.DisplayName, patBefore.Level, patBefore.TeamId, patBefore.EmployeeId), (patAfter.DisplayName, patAfter.Level, patAfter.TeamId, patAfter.EmployeeId));
        var taken = await PersonAsync("Globex", "G1");
        Assert.Equal(await OrganisationIdAsync("Globex"), taken.OrganisationId);
        Assert.Equal("Alpha", taken.Team!.Name);
        Assert.NotEqual(patBefore.TeamId, taken.TeamId);
    }

    [Fact]
    public async Task Only_an_org_admin_may_import_others_get_403_and_nothing_is_imported()
    {
        var before = await PeopleCountAsync("Acme");
        var csv = $"{Header}\nX1,x@acme.test,Xavier,,,,,,\n";
        foreach (var key in new[] { "pat", "manager", "provider" })
        {
            using var client = world.Api(key);
            using var response = await PostCsvAsync(client, csv);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        using var anonymous = new HttpClient { BaseAddress = world.App.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostCsvAsync(anonymous, csv)).StatusCode);
        Assert.Equal(before, await PeopleCountAsync("Acme"));

        using var browser = await world.SignInAsync("pat");
        using var page = await browser.GetAsync("/people/import");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/account/denied", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.DoesNotContain("/people/import", await browser.GetStringAsync("/people"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_multipart_upload_works_and_a_body_over_the_size_limit_is_refused()
    {
        var (_, admin, domain) = await NewOrganisationAsync();
        using var client = world.ApiWithToken(admin.Token);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Staff(domain))]);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "staff.csv");
        using var response = await client.PostAsync("/api/people/import?dryRun=true", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = await response.Content.ReadFromJsonAsync<JsonElement>();
        AssertCounts(summary, created: 4, updated: 0, unchanged: 0);
        Assert.True(summary.GetProperty("dryRun").GetBoolean());

        // The server answers from the headers; "Expect: 100-continue" lets the client hear it before sending the body.
        using var huge = new HttpRequestMessage(HttpMethod.Post, "/api/people/import") { Content = new ByteArrayContent(new byte[global::PmoPath.Staff.StaffFile.MaxBytes + 200_000]) };
        huge.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        huge.Headers.ExpectContinue = true;
        using var tooLarge = await client.SendAsync(huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
    }

    [Fact]
    public async Task The_upload_page_shows_the_summary_or_a_table_of_row_errors()
    {
        var (organisation, admin, domain) = await NewOrganisationAsync();
        using var browser = await world.SignInAsync(admin.Key);
        Assert.Contains("href=\"/people/import\"", await browser.GetStringAsync("/people"), StringComparison.Ordinal);

        using var bad = await UploadAsync(browser, Staff(domain).Replace(",2,programme-office,", ",7,programme-office,", StringComparison.Ordinal), removeMissing: false);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var badPage = await bad.Content.ReadAsStringAsync();
        Assert.Contains("nothing was imported", badPage, StringComparison.Ordinal);
        Assert.Matches(Row("4", "level", "&#x27;7&#x27; is not a level (1-4)."), badPage);
        Assert.Equal(1, await PeopleCountAsync(organisation));

        using var good = await UploadAsync(browser, Staff(domain), removeMissing: true);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        var goodPage = await good.Content.ReadAsStringAsync();
        Assert.Matches(SummaryRow("Created", 4), goodPage);
        Assert.Matches(SummaryRow("Teams created", 2), goodPage);
        Assert.Equal(5, await PeopleCountAsync(organisation));
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value.GetString() : null;

    private static Regex Row(string line, string column, string message) =>
        new($@"<td>{line}</td>\s*<td>{column}</td>\s*<td>{Regex.Escape(message)}</td>");

    private static Regex SummaryRow(string label, int value) => new($@"<th scope=""row"">{label}</th><td>{value}</td>");

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient browser, string csv, bool removeMissing)
    {
        var page = await browser.GetStringAsync("/people/import");
        var token = WebUtility.HtmlDecode(AntiforgeryField().Match(page).Groups[1].Value);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("import"), "_handler" },
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "staff.csv" },
        };
        if (removeMissing)
            form.Add(new StringContent("true"), "Options.RemoveMissing");
        return await browser.PostAsync("/people/import", form);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

public sealed class StaffImportOnSqliteTests(SqlitePeopleWorld world) : StaffImportTests(world), IClassFixture<SqlitePeopleWorld>;

public sealed class StaffImportOnPostgresTests(PostgresPeopleWorld world) : StaffImportTests(world), IClassFixture<PostgresPeopleWorld>;
