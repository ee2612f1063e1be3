using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Demo;
using PmoPath.Testing;
using PmoPath.Testing.People;

namespace PmoPath.Web.Tests.People;

/// <summary>
/// Onboarding after the staff import — invitations by the API and the page, accepting one through the mailed
/// link, <c>users add</c> for an imported email — and the people list at scale, on each provider. Each test
/// works in an organisation of its own.
/// </summary>
public abstract partial class OnboardingTests(PeopleWorld world)
{
    private const string Header = "employee_id,email,name,team,manager_email,job_title,level,pmo_type,certificates";

    private sealed record Org(string Name, Member Admin, string Domain, Guid Id);

    /// <summary>A new organisation with its org-admin and four imported people (Max manages Alpha), none with an account.</summary>
    private async Task<Org> ImportedOrganisationAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var name = "Onb" + suffix;
        await world.AddOrganisationAsync(name);
        var admin = await world.AddAsync("hr-" + suffix, name, PmoRole.OrgAdmin, name: "HR " + suffix);
        var domain = $"onb{suffix}.test";
        var csv = $"""
            {Header}
            EMP-0001,dee@{domain},Dee Director,Leadership,,Head of PMO,4,enterprise-pmo,
            EMP-0002,max@{domain},Max Manager,Leadership,dee@{domain},PMO manager,3,portfolio-office,aipmo-ipmo-practitioner:2022-04-01
            EMP-0003,ann@{domain},"Smith, Ann",Alpha,max@{domain},PMO analyst,2,programme-office,axelos-p3o-foundation:2020-03-01
            EMP-0004,bob@{domain},Bob Builder,Alpha,max@{domain},Project support officer,1,project-office,
            """;
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        using var response = await world.Api(admin.Key).PostAsync("/api/people/import", content);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        await using var db = await SystemAsync();
        var id = await db.Organisations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
        return new Org(name, admin, domain, id);
    }

    private async Task<Guid> PersonIdAsync(Org org, string employeeId)
    {
        await using var db = await SystemAsync();
        return await db.People.Where(p => p.OrganisationId == org.Id && p.EmployeeId == employeeId).Select(p => p.Id).SingleAsync();
    }

    [Fact]
    public async Task Users_add_for_an_imported_work_email_gives_that_person_the_account_and_makes_no_second_person()
    {
        var org = await ImportedOrganisationAsync();
        await using var db = await SystemAsync();
        var before = await db.People.CountAsync(p => p.OrganisationId == org.Id);
        var ann = await PersonIdAsync(org, "EMP-0003");

        await using (var scope = world.App.Services.CreateAsyncScope())
        {
            var added = await scope.ServiceProvider.GetRequiredService<AccountAdmin>()
                .AddUserAsync(new NewUser(org.Name, $"ANN@{org.Domain}", PmoRole.Practitioner));
            Assert.Equal(ann, added.PersonId);
            Assert.True(added.ExistingPerson);
        }

        Assert.Equal(before, await db.People.CountAsync(p => p.OrganisationId == org.Id));
        var account = await db.Users.AsNoTracking().SingleAsync(u => u.PersonId == ann);
        Assert.Equal($"ANN@{org.Domain}", account.Email);
        Assert.Equal("Smith, Ann", await db.People.Where(p => p.Id == ann).Select(p => p.DisplayName).SingleAsync());
        Assert.Contains(world.Mail(), m => m.Contains($"To: ANN@{org.Domain}", StringComparison.Ordinal) && m.Contains("accept-invitation", StringComparison.Ordinal));

        // The same email again is refused, naming the field, and still makes nobody.
        await using var again = world.App.Services.CreateAsyncScope();
        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => again.ServiceProvider.GetRequiredService<AccountAdmin>()
            .AddUserAsync(new NewUser(org.Name, $"ann@{org.Domain}", PmoRole.Practitioner)));
        Assert.Contains("email", refused.Errors.Keys);
        Assert.Equal(before, await db.People.CountAsync(p => p.OrganisationId == org.Id));
    }

    [Fact]
    public async Task Everyone_without_an_account_is_invited_by_the_api_one_accepts_through_the_mailed_link_and_signs_in_as_themselves()
    {
        var org = await ImportedOrganisationAsync();
        using var api = world.Api(org.Admin.Key);

        using var response = await api.PostAsJsonAsync("/api/people/invitations", new { withoutAccount = true });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var batch = JsonDocument.Parse(body).RootElement;
        Assert.Equal(4, batch.GetProperty("sent").GetInt32());
        Assert.Equal(0, batch.GetProperty("skipped").GetInt32());
        Assert.False(batch.TryGetProperty("pickupFolder", out _));

        // Max manages Alpha, so his account is a pmo-manager's; the others are practitioners'.
        await using (var db = await SystemAsync())
        {
            var accounts = await db.Users.AsNoTracking().Where(u => u.OrganisationId == org.Id && u.PersonId != org.Admin.PersonId).ToListAsync();
            Assert.Equal(4, accounts.Count);
            Assert.Equal(PmoRole.PmoManager, accounts.Single(a => a.Email == $"max@{org.Domain}").Role);
            Assert.All(accounts, a => Assert.NotNull(a.InvitedAtUtc));
        }

        // HR sees them as invited today; nobody is left without an account.
        using var hr = await world.SignInAsync(org.Admin.Key);
        var invited = WebUtility.HtmlDecode(await hr.GetStringAsync("/people?account=invited"));
        Assert.Contains("People 1–4 of 4", invited, StringComparison.Ordinal);
        Assert.Contains($"invited on {TestClock.UtcNow.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}", invited, StringComparison.Ordinal);
        Assert.Contains("Nobody matches.", await hr.GetStringAsync("/people?account=none"), StringComparison.Ordinal);

        // Bob accepts through the link in his mail, chooses a password and is signed in as Bob.
        var mail = world.Mail().Last(m => m.Contains($"To: bob@{org.Domain}", StringComparison.Ordinal));
        var link = new Uri(UrlInMail().Match(mail).Value).PathAndQuery;
        Assert.StartsWith("/account/accept-invitation", link, StringComparison.Ordinal);
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + link).Query);
        using var bob = world.Browser();
        const string chosen = "bob's long pass phrase";
        var accepted = await PeopleWorld.PostFormAsync(bob, link, "set-password",
            new() { ["Input.Email"] = query["email"]!, ["Input.Code"] = query["code"]!, ["Input.Password"] = chosen, ["Input.Confirm"] = chosen });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.EndsWith("/me/development", accepted.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var me = await bob.GetStringAsync("/me");
        Assert.Contains("Bob Builder", me, StringComparison.Ordinal);
        Assert.Contains("data-account=\"accepted\">accepted", await hr.GetStringAsync("/people?account=accepted&q=bob"), StringComparison.Ordinal);

        // Resending to Bob changes nothing (he accepted); resending to Ann mails her a fresh link.
        var bobId = await PersonIdAsync(org, "EMP-0004");
        var again = await (await api.PostAsync($"/api/people/{bobId}/invitation", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(again.GetProperty("sent").GetBoolean());
        var annMails = world.Mail().Count(m => m.Contains($"To: ann@{org.Domain}", StringComparison.Ordinal));
        var resent = await api.PostAsync($"/api/people/{await PersonIdAsync(org, "EMP-0003")}/invitation", null);
        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        Assert.True((await resent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sent").GetBoolean());
        Assert.Equal(annMails + 1, world.Mail().Count(m => m.Contains($"To: ann@{org.Domain}", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Invitations_stay_inside_the_organisation_and_are_for_its_org_admin_alone()
    {
        var org = await ImportedOrganisationAsync();
        var dee = await PersonIdAsync(org, "EMP-0001");
        var mails = world.Mail().Count;

        // Another organisation's HR: the person does not exist for them, alone or in a list.
        using var globex = world.Api("hr-b");
        Assert.Equal(HttpStatusCode.NotFound, (await globex.PostAsync($"/api/people/{dee}/invitation", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await globex.PostAsJsonAsync("/api/people/invitations", new { personIds = new[] { dee } })).StatusCode);
        // A practitioner who can see only themselves; a manager who is not HR.
        Assert.Equal(HttpStatusCode.NotFound, (await world.Api("pat").PostAsync($"/api/people/{dee}/invitation", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await world.Api("manager").PostAsJsonAsync("/api/people/invitations", new { withoutAccount = true })).StatusCode);
        Assert.Equal(mails, world.Mail().Count);
        await using (var db = await SystemAsync())
            Assert.False(await db.Users.AnyAsync(u => u.PersonId == dee));

        // Both ways at once, or neither, is a 400 naming the field.
        var both = await world.Api(org.Admin.Key).PostAsJsonAsync("/api/people/invitations", new { withoutAccount = true, personIds = new[] { dee } });
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Contains("personIds", await both.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The pages: another organisation's HR gets no invitation page of Acme's people, a practitioner no page at all.
        using var pat = await world.SignInAsync("pat");
        var patPage = await pat.GetAsync("/people/invitations");
        Assert.NotEqual(HttpStatusCode.OK, patPage.StatusCode);
        using var hrB = await world.SignInAsync("hr-b");
        Assert.DoesNotContain("Dee Director", await hrB.GetStringAsync("/people/invitations?q=dee"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_invitations_page_invites_a_chosen_person_and_then_everyone_without_an_account()
    {
        var org = await ImportedOrganisationAsync();
        using var hr = await world.SignInAsync(org.Admin.Key);
        var page = await hr.GetStringAsync("/people/invitations");
        Assert.Contains("Invite everyone without an account (4)", page, StringComparison.Ordinal);
        var dee = await PersonIdAsync(org, "EMP-0001");

        var one = await PeopleWorld.PostFormAsync(hr, "/people/invitations", "invite", new() { ["Chosen"] = dee.ToString() });
        var afterOne = await one.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Contains("1 invitation was sent", afterOne, StringComparison.Ordinal);
        Assert.Contains("Invite everyone without an account (3)", afterOne, StringComparison.Ordinal);
        Assert.Matches($"data-person=\"{dee}\" data-account=\"invited\"", afterOne);

        var everyone = await PeopleWorld.PostFormAsync(hr, "/people/invitations", "invite-everyone", new() { ["Everyone"] = "yes" });
        var afterAll = await everyone.Content.ReadAsStringAsync();
        Assert.Contains("3 invitations were sent", afterAll, StringComparison.Ordinal);
        Assert.Contains("Everyone in your organisation has an account or an invitation.", afterAll, StringComparison.Ordinal);

        var none = await PeopleWorld.PostFormAsync(hr, "/people/invitations", "invite", []);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Contains("personIds", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manager_sees_a_team_members_advice_with_course_titles_and_adds_a_course_to_their_plan()
    {
        var pat = world["pat"].PersonId!.Value;
        using (var api = world.Api("pat"))
        {
            var record = await api.PatchAsJsonAsync($"/api/people/{pat}/record", new { level = 1, targetLevel = 2, pmoType = "project-office" });
            Assert.Equal(HttpStatusCode.OK, record.StatusCode);
        }
        var advice = await (await world.Api("manager").GetAsync($"/api/people/{pat}/advice")).Content.ReadFromJsonAsync<JsonElement>();
        var first = advice.GetProperty("advice").GetProperty("recommendations")[0];
        var code = first.GetProperty("code").GetString()!;
        var title = first.GetProperty("title").GetString()!;

        using var manager = await world.SignInAsync("manager");
        var page = await manager.GetStringAsync($"/people/{pat}");
        Assert.Contains("Advice for Pat Practitioner", page, StringComparison.Ordinal);
        Assert.Contains("Take next", page, StringComparison.Ordinal);
        Assert.Contains("Roadmap", page, StringComparison.Ordinal);
        Assert.Contains($"name=\"AddCourse\" value=\"{code}\">Add {title[..Math.Min(10, title.Length)]}", page, StringComparison.Ordinal);
        // The page gives the API's advice, with the sessions it found, and names the PMO type for people.
        var withSessions = advice.GetProperty("advice").GetProperty("recommendations").EnumerateArray()
            .Any(r => r.TryGetProperty("nextSessions", out var next) && next.GetArrayLength() > 0);
        Assert.Equal(withSessions, page.Contains("class=\"next-sessions\"", StringComparison.Ordinal));
        Assert.Contains("data-field=\"pmoType\">Project office</dd>", page, StringComparison.Ordinal);

        var added = await PeopleWorld.PostFormAsync(manager, $"/people/{pat}", "add-advice", new() { ["AddCourse"] = code });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var plan = await (await world.Api("pat").GetAsync($"/api/people/{pat}/plan")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(plan.GetProperty("items").EnumerateArray(), i => i.GetProperty("code").GetString() == code && i.GetProperty("status").GetString() == "planned");
        Assert.DoesNotContain($"value=\"{code}\"", await manager.GetStringAsync($"/people/{pat}"), StringComparison.Ordinal);

        // A manager of another team does not see Pat at all.
        using var other = await world.SignInAsync("manager2");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/people/{pat}")).StatusCode);
    }

    [Fact]
    public async Task People_search_by_employee_id_and_filters_by_team_level_and_certificates_not_current()
    {
        var org = await ImportedOrganisationAsync();
        using var hr = await world.SignInAsync(org.Admin.Key);
        var byId = await hr.GetStringAsync("/people?q=EMP-0004");
        Assert.Contains("Bob Builder", byId, StringComparison.Ordinal);
        Assert.Contains("1 person.", byId, StringComparison.Ordinal);
        var alphaLevel1 = await hr.GetStringAsync("/people?team=alpha&level=1");
        Assert.Contains("Bob Builder", alphaLevel1, StringComparison.Ordinal);
        Assert.DoesNotContain("Smith, Ann", alphaLevel1, StringComparison.Ordinal);
        // Ann's P3O Foundation of March 2020 has lapsed (PeopleCert: renew within 3 years); Max's AIPMO certificate does not lapse.
        var lapsed = await hr.GetStringAsync("/people?certificates=not-current");
        Assert.Contains("Smith, Ann", lapsed, StringComparison.Ordinal);
        Assert.DoesNotContain("Max Manager", lapsed, StringComparison.Ordinal);
        Assert.Contains("Programme office", await hr.GetStringAsync("/people?pmoType=programme-office"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("href=\"/people/invitations\"", await hr.GetStringAsync("/people"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hrs_team_picker_is_in_natural_order_and_searchable()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var name = "Teams" + suffix;
        await world.AddOrganisationAsync(name);
        var admin = await world.AddAsync("hr-" + suffix, name, PmoRole.OrgAdmin, name: "HR " + suffix);
        var rows = string.Join("\n", Enumerable.Range(1, 12).Select(i => $"T{i},p{i}@teams{suffix}.test,Person {i},PMO {i},,,2,project-office,"));
        using var content = new StringContent($"{Header}\n{rows}\n", Encoding.UTF8, "text/csv");
        Assert.Equal(HttpStatusCode.OK, (await world.Api(admin.Key).PostAsync("/api/people/import", content)).StatusCode);

        using var hr = await world.SignInAsync(admin.Key);
        var options = TeamOption().Matches(await hr.GetStringAsync("/team")).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal([.. Enumerable.Range(1, 12).Select(i => $"PMO {i}")], options);

        var found = await hr.GetStringAsync("/team?find=pmo+1");
        Assert.Equal(["PMO 1", "PMO 10", "PMO 11", "PMO 12"], TeamOption().Matches(found).Select(m => m.Groups[1].Value).ToList());
        Assert.Contains("id=\"t-find\"", found, StringComparison.Ordinal);
        Assert.Contains("No team's name contains", await hr.GetStringAsync("/team?find=nowhere"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_people_page_of_a_20000_person_organisation_stays_under_200_KB_and_pages_in_a_stable_order()
    {
        var name = "Scale" + Guid.NewGuid().ToString("N")[..6];
        DemoResult demo;
        await using (var scope = world.App.Services.CreateAsyncScope())
            demo = await scope.ServiceProvider.GetRequiredService<DemoOrganisation>().CreateAsync(new DemoOptions(20_000, name, Password: PeopleWorld.Password));
        var hrEmail = demo.Accounts.First(a => a.Role == PmoRole.OrgAdmin).Email;
        using var hr = world.Browser();
        var signIn = await PeopleWorld.PostFormAsync(hr, "/account/sign-in", "sign-in", new() { ["Input.Email"] = hrEmail, ["Input.Password"] = PeopleWorld.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var first = await hr.GetByteArrayAsync("/people");
        Assert.True(first.Length < 200 * 1024, $"/people is {first.Length:N0} bytes");
        var firstText = WebUtility.HtmlDecode(Encoding.UTF8.GetString(first));
        Assert.Contains("People 1–50 of 20,000, by name.", firstText, StringComparison.Ordinal);
        Assert.Contains("Page 2 of 400", firstText, StringComparison.Ordinal);
        var page1 = Rows(firstText);
        Assert.Equal(50, page1.Count);

        var page2 = Rows(await hr.GetStringAsync("/people?page=2"));
        Assert.Equal(50, page2.Count);
        Assert.Empty(page1.Intersect(page2));
        Assert.Equal(page1, Rows(await hr.GetStringAsync("/people")));
        var last = await hr.GetByteArrayAsync("/people?page=400");
        Assert.True(last.Length < 200 * 1024);
        Assert.Contains("People 19,951–20,000 of 20,000", WebUtility.HtmlDecode(Encoding.UTF8.GetString(last)), StringComparison.Ordinal);

        // The invitations page of the same organisation is paged the same way.
        var invitations = await hr.GetByteArrayAsync("/people/invitations");
        Assert.True(invitations.Length < 200 * 1024, $"/people/invitations is {invitations.Length:N0} bytes");
        Assert.Contains("Invite everyone without an account (19,993)", Encoding.UTF8.GetString(invitations), StringComparison.Ordinal);
    }

    private static List<string> Rows(string page) => [.. PersonRow().Matches(page).Select(m => m.Groups[1].Value)];

    private async Task<AppDbContext> SystemAsync() =>
        (await world.App.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync()).BindTo(Caller.System);

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex UrlInMail();

    [GeneratedRegex("<option value=\"[0-9a-f-]{36}\"[^>]*>([^<]+)</option>")]
    private static partial Regex TeamOption();

    [GeneratedRegex("<tr data-person=\"([0-9a-f-]{36})\"")]
    private static partial Regex PersonRow();
}

public sealed class OnboardingOnSqliteTests(SqlitePeopleWorld world) : OnboardingTests(world), IClassFixture<SqlitePeopleWorld>;

public sealed class OnboardingOnPostgresTests(PostgresPeopleWorld world) : OnboardingTests(world), IClassFixture<PostgresPeopleWorld>;
