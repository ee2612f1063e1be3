using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using PmoPath.Insight;
using PmoPath.People;
using PmoPath.Testing;
using PmoPath.Testing.People;
using PmoPath.Testing.Sessions;

namespace PmoPath.Web.Tests.Insight;

/// <summary>
/// HR's organisation view over a small known organisation (Acme, seeded once per class below) beside Globex,
/// whose people, certificates, plans and bookings must never show in Acme's figures: the numbers of the API,
/// who may see them, that the page's tables and their CSV and xlsx downloads hold the same numbers, and that a
/// hostile name is neutralised in both files.
/// </summary>
/// <remarks>
/// Acme after seeding (level, target, PMO type): hr (none); manager (3, programme-office); manager2 (3 → 4,
/// portfolio-office); pat (2 → 3, project-office); sam (1, project-office); colleague (2, programme-office); and
/// Eve, a person without an account, level 1, whose name and PMO type are formulas.
/// </remarks>
public abstract class OrganisationViewTests(PeopleWorld world) : IAsyncLifetime
{
    public const string Hostile = "=HYPERLINK(\"http://evil\")";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static DateOnly Today => TestClock.Today;

    public async Task InitializeAsync()
    {
        await using var db = await SessionKit.SystemAsync(world.App);
        if (await db.People.AnyAsync(p => p.DisplayName == Hostile))
            return;
        var acme = await db.Organisations.FirstAsync(o => o.Name == "Acme");
        var globex = await db.Organisations.FirstAsync(o => o.Name == "Globex");
        acme.TrainingBudget = 10_000m;
        acme.TrainingDaysBudget = 20;
        globex.TrainingBudget = 5_000m;

        async Task<Person> Set(string key, int? level, int? target, string? type)
        {
            var person = await db.People.FirstAsync(p => p.Id == world[key].PersonId);
            (person.Level, person.TargetLevel, person.PmoType) = (level, target, type);
            return person;
        }
        await Set("hr", null, null, null);
        var manager = await Set("manager", 3, null, "programme-office");
        var manager2 = await Set("manager2", 3, 4, "portfolio-office");
        var pat = await Set("pat", 2, 3, "project-office");
        var sam = await Set("sam", 1, null, "project-office");
        var colleague = await Set("colleague", 2, null, "programme-office");
        var quinn = await Set("quinn", 1, null, "project-office");
        await Set("hr-b", 4, null, "enterprise-pmo");
        await Set("manager-b", 4, null, "enterprise-pmo");
        var team = new Team { OrganisationId = acme.Id, Name = "@SUM(1+1)" };
        var eve = new Person { OrganisationId = acme.Id, Team = team, DisplayName = Hostile, JobTitle = "+cmd|' /C calc'!A0", Level = 1, PmoType = Hostile, CreatedAtUtc = TestClock.UtcNow };
        db.People.Add(eve);

        void Certificate(Person person, string course, DateOnly on, params int[] cpdYears) => db.Certificates.Add(new Certificate
        {
            OrganisationId = person.OrganisationId, PersonId = person.Id, CourseCode = course, AchievedOn = on,
            Cpd = [.. cpdYears.Select(y => new CpdYear { Year = y, Points = 25 })],
        });
        Certificate(pat, "axelos-p3o-foundation", Today.AddDays(100).AddYears(-3));        // renew-by in about 100 days
        Certificate(sam, "hop-essentials-pmo-administrators", Today.AddDays(-200));         // does not lapse
        Certificate(colleague, "axelos-p3o-foundation", Today.AddYears(-4));                // lapsed
        Certificate(colleague, "aipmo-ipmo-foundation", Today.AddYears(-2));
        Certificate(manager, "axelos-mop-foundation", Today.AddDays(-200).AddYears(-2));    // due for renewal in about 165 days, inside the trend on any day
        Certificate(manager, "axelos-p3o-practitioner", Today.AddYears(-5));                // current through the suite's later exam
        var cpdFrom = Today.AddYears(-4);
        Certificate(manager2, "axelos-p3o-foundation", cpdFrom, cpdFrom.Year, cpdFrom.Year + 1, cpdFrom.Year + 2); // CPD keeps it current
        Certificate(quinn, "hop-essentials-pmo-administrators", Today.AddDays(-30));
        Certificate(quinn, "axelos-p3o-foundation", Today.AddDays(100).AddYears(-3));

        db.Ratings.Add(new CompetencyRating { OrganisationId = acme.Id, PersonId = pat.Id, CompetencyCode = "benefits-management", SelfRating = 1, ManagerRating = 2 });
        db.Ratings.Add(new CompetencyRating { OrganisationId = globex.Id, PersonId = quinn.Id, CompetencyCode = "benefits-management", SelfRating = 0 });

        void Plan(Person person, string course, PlanStatus status) => db.PlanItems.Add(new PlanItem
        {
            OrganisationId = person.OrganisationId, PersonId = person.Id, CourseCode = course, Status = status,
            TargetDate = Today.AddMonths(4), CreatedAtUtc = TestClock.UtcNow, UpdatedAtUtc = TestClock.UtcNow,
        });
        Plan(pat, "agile-pmo", PlanStatus.Planned);
        Plan(sam, "hop-essentials-pmo-analysts", PlanStatus.Planned);   // no public session: no price
        Plan(colleague, "benefits-management", PlanStatus.Planned);
        Plan(colleague, "agile-pmo", PlanStatus.Dropped);
        Plan(quinn, "agile-pmo", PlanStatus.Planned);

        // Pat joined two years ago at level 1 and was promoted a year ago.
        pat.CreatedAtUtc = TestClock.UtcNow.AddYears(-2);
        db.RecordChanges.Add(new RecordChange { OrganisationId = acme.Id, PersonId = pat.Id, AtUtc = TestClock.UtcNow.AddYears(-1), Field = "level", OldValue = "1", NewValue = "2" });
        await db.SaveChangesAsync();

        // HR books Sam, and Globex's HR books Quinn, onto the same public session.
        var session = await AgileSessionAsync();
        using var hr = world.Api("hr");
        Assert.Equal(HttpStatusCode.Created, (await hr.PostAsJsonAsync($"/api/sessions/{session.Id}/bookings", new { personId = sam.Id })).StatusCode);
        using var hrB = world.Api("hr-b");
        Assert.Equal(HttpStatusCode.Created, (await hrB.PostAsJsonAsync($"/api/sessions/{session.Id}/bookings", new { personId = quinn.Id })).StatusCode);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_figures_are_right_for_a_known_organisation()
    {
        var view = await InsightAsync("hr");

        Assert.Equal("Acme", view.Organisation);
        Assert.Equal(7, view.People);
        Assert.Equal([2, 2, 2, 0, 1], view.PeopleByLevel.Select(l => l.People));
        Assert.Equal(1, view.PeopleByLevel[1].ByPmoType["project-office"]);
        Assert.Equal(1, view.PeopleByLevel[1].ByPmoType["programme-office"]);
        var types = view.PeopleByPmoType.ToDictionary(t => t.PmoType ?? "not-set", t => t.People);
        Assert.Equal(2, types["project-office"]);
        Assert.Equal(2, types["programme-office"]);
        Assert.Equal(1, types["portfolio-office"]);
        Assert.Equal(0, types["enterprise-pmo"]);
        Assert.Equal(1, types[Hostile]);
        Assert.Equal(1, types["not-set"]);

        var coverage = view.CertificateCoverage.ToDictionary(b => b.Body);
        Assert.Equal(1, coverage["house-of-pmo"].ByLevel["1"]);
        Assert.Equal(1, coverage["house-of-pmo"].People);
        Assert.Equal(1, coverage["axelos"].ByLevel["2"]);         // pat; colleague's lapsed
        Assert.Equal(2, coverage["axelos"].ByLevel["3"]);         // manager (suite, due for renewal) and manager2 (CPD)
        Assert.Equal(3, coverage["axelos"].People);
        Assert.Equal(1, coverage["aipmo"].ByLevel["2"]);
        Assert.Equal(0, coverage["bcs"].People);

        Assert.Equal(OrganisationInsight.RenewalQuarters, view.RenewalsByQuarter.Count);
        Assert.Equal(2, view.RenewalsByQuarter.Sum(q => q.Renewals));
        foreach (var renewBy in new[] { Today.AddDays(100).AddYears(-3).AddYears(3), Today.AddDays(-200).AddYears(-2).AddYears(3) })
            Assert.True(view.RenewalsByQuarter.Single(q => q.From <= renewBy && renewBy <= q.To).ByBody["axelos"] >= 1, $"a renewal in the quarter of {renewBy}");

        var benefits = view.TrainingNeeds.Single(n => n.Area == "benefits-management");
        // Expected 3 at level 3 (manager, pat's target), 3 at level 4 (manager2's target), 2 at level 2, 0 at level 1; pat's manager rated 2.
        Assert.Equal(3 + 3 + (3 - 2) + 0 + 2 + 0, benefits.TotalGap);
        Assert.Equal(4, benefits.PeopleWithGap);
        Assert.Equal(6, benefits.PeopleMeasured);
        Assert.Contains(benefits.Courses, c => c.Code == "benefits-management");
        Assert.Equal(view.TrainingNeeds.Max(n => n.TotalGap), view.TrainingNeeds[0].TotalGap);

        var prices = await CheapestPricesAsync();
        var session = await AgileSessionAsync();
        var spend = view.Spend;
        Assert.Equal("GBP", spend.Currency);
        Assert.Equal(10_000m, spend.Budget);
        Assert.Equal(3, spend.PlannedItems);
        Assert.Equal(1, spend.UnpricedItems);
        Assert.Equal(prices["agile-pmo"] + prices["benefits-management"], spend.Planned);
        Assert.Equal(1, spend.ConfirmedBookings);
        Assert.Equal(session.Price, spend.Booked);
        Assert.Equal(10_000m - spend.Planned - spend.Booked, spend.Remaining);
        Assert.Contains(spend.Courses, l => l.Course == "hop-essentials-pmo-analysts" && l.CheapestPrice is null && l.PlannedItems == 1);

        Assert.Equal(OrganisationInsight.TrendQuarters, view.CertificatesByQuarter.Count);
        Assert.Equal(4, view.CertificatesByQuarter.Sum(q => q.Certificates));
        Assert.Equal(2, view.CertificatesByQuarter.Sum(q => q.ByBody["axelos"]));
        Assert.Equal(1, view.CertificatesByQuarter.Sum(q => q.ByBody["aipmo"]));

        // Levels over time: only Pat existed before this quarter, at level 1 until a year ago, then at level 2.
        var levels = view.LevelsOverTime;
        Assert.Equal(7, levels[^1].People);
        Assert.Equal(2, levels[^1].ByLevel["1"]);
        Assert.Contains(levels, q => q.People == 1 && q.ByLevel["1"] == 1 && q.At < Today.AddYears(-1));
        Assert.Contains(levels, q => q.People == 1 && q.ByLevel["2"] == 1 && q.At > Today.AddYears(-1));
        Assert.All(levels.Where(q => q.At < Today.AddYears(-2)), q => Assert.Equal(0, q.People));
    }

    [Fact]
    public async Task Globex_sees_only_its_own_organisation_and_none_of_Acmes()
    {
        var globex = await InsightAsync("hr-b");
        Assert.Equal("Globex", globex.Organisation);
        Assert.Equal(3, globex.People);
        Assert.Equal(2, globex.PeopleByLevel.Single(l => l.Level == 4).People);
        Assert.Equal(1, globex.CertificateCoverage.Single(b => b.Body == "axelos").People);
        Assert.Equal(0, globex.Spend.PlannedItems);       // Quinn's plan item moved to "booked" when HR booked the course
        Assert.Equal(1, globex.Spend.ConfirmedBookings);
        Assert.Equal(5_000m, globex.Spend.Budget);

        using var hr = world.Api("hr");
        var acme = await hr.GetStringAsync("/api/organisation/insight");
        Assert.DoesNotContain("Globex", acme, StringComparison.Ordinal);
        Assert.DoesNotContain("enterprise-pmo\":2", acme, StringComparison.Ordinal);
        var view = JsonSerializer.Deserialize<OrganisationInsightView>(acme, Json)!;
        Assert.Equal(0, view.PeopleByLevel.Single(l => l.Level == 4).People);
        Assert.Equal(1, view.Spend.ConfirmedBookings);
    }

    [Theory]
    [InlineData("manager")]
    [InlineData("pat")]
    [InlineData("provider")]
    public async Task Anyone_but_an_org_admin_gets_403_from_the_api_and_the_downloads(string key)
    {
        using var client = world.Api(key);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/organisation/insight")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/organisation/export/people-by-level-and-type.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/organisation/export/all.xlsx")).StatusCode);
    }

    [Fact]
    public async Task Without_a_token_the_api_is_401_and_the_page_asks_to_sign_in()
    {
        using var anonymous = world.Browser();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/organisation/insight")).StatusCode);
        var page = await anonymous.GetAsync("/organisation");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/account/sign-in", page.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("manager")]
    [InlineData("pat")]
    public async Task The_page_and_its_downloads_are_403_for_a_manager_or_practitioner(string key)
    {
        using var browser = await world.SignInAsync(key);
        var page = await browser.GetAsync("/organisation");
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<svg", html.Split("<main")[1], StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/organisation\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/organisation/export/budget.csv")).StatusCode);
    }

    [Fact]
    public async Task The_page_draws_each_chart_as_an_accessible_svg_followed_by_its_table()
    {
        using var browser = await world.SignInAsync("hr");
        var html = await browser.GetStringAsync("/organisation");
        var document = await new HtmlParser().ParseDocumentAsync(html);
        Assert.NotNull(document.QuerySelector("a[href='/organisation']"));
        // The figures are kept (docs/adr/0027) and the page says when they were computed, by the app's clock.
        var computed = document.QuerySelector("p.lead time")!;
        var at = DateTime.Parse(computed.GetAttribute("datetime")!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        Assert.InRange(at, TestClock.UtcNow.AddSeconds(-1), world.App.Clock.GetUtcNow().UtcDateTime);
        Assert.Equal(at.ToString("HH:mm:ss", CultureInfo.InvariantCulture), computed.TextContent);
        var sections = document.QuerySelectorAll("section.insight");
        Assert.Equal(7, sections.Length);
        foreach (var section in sections)
        {
            var svg = section.QuerySelector("figure svg")!;
            Assert.Equal("img", svg.GetAttribute("role"));
            foreach (var id in svg.GetAttribute("aria-labelledby")!.Split(' '))
                Assert.False(string.IsNullOrWhiteSpace(document.GetElementById(id)?.TextContent), $"{id} names the chart");
            Assert.NotNull(section.QuerySelector("figure + div.report-wrap table.report caption"));
        }
        Assert.Equal(OrganisationReport.Tables(await InsightAsync("hr")).Count, document.QuerySelectorAll("table.report").Length);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        // The hostile PMO type is a column heading, shown as text; Eve's name is in no table.
        Assert.Contains(document.QuerySelectorAll("#table-people-by-level-and-type th"), th => th.TextContent == Hostile);
        Assert.DoesNotContain("calc'", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_table_downloads_as_csv_and_xlsx_with_the_numbers_on_the_page()
    {
        using var browser = await world.SignInAsync("hr");
        var document = await new HtmlParser().ParseDocumentAsync(await browser.GetStringAsync("/organisation"));
        var tables = document.QuerySelectorAll("table.report");
        Assert.NotEmpty(tables);
        foreach (var table in tables)
            await ReportFiles.AssertDownloadsMatchAsync(browser, table, "/organisation/export");

        // The API gives the same files to a bearer token, and all.xlsx has one sheet per table.
        using var api = world.Api("hr");
        var all = ReportFiles.Xlsx(await api.GetByteArrayAsync("/api/organisation/export/all.xlsx"));
        Assert.Equal(tables.Select(t => t.GetAttribute("data-table")), all.Select(s => s.Name));
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/organisation/export/no-such-table.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/organisation/export/budget.pdf")).StatusCode);
    }

    [Fact]
    public async Task A_hostile_name_is_neutralised_in_csv_and_is_a_text_cell_marked_as_text_in_xlsx()
    {
        using var api = world.Api("hr");
        var bytes = await api.GetByteArrayAsync("/api/organisation/export/people-by-level-and-type.csv");
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", text, StringComparison.Ordinal);
        ReportFiles.AssertNoFormulaLikeCell(bytes);

        using var stream = new MemoryStream(await api.GetByteArrayAsync("/api/organisation/export/people-by-level-and-type.xlsx"));
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        var strings = workbook.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList();
        var formats = workbook.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        var cells = workbook.WorksheetParts.Single().Worksheet.Descendants<Cell>().ToList();
        Assert.DoesNotContain(cells, c => c.CellFormula is not null);
        var hostile = Assert.Single(cells, c => c.DataType?.Value == CellValues.SharedString && strings[int.Parse(c.CellValue!.Text, CultureInfo.InvariantCulture)] == Hostile);
        Assert.True(formats[(int)hostile.StyleIndex!.Value].QuotePrefix?.Value, "the cell keeps Excel's text marker");
        var lastRow = workbook.WorksheetParts.Single().Worksheet.Descendants<Row>().Last().Elements<Cell>().ToList();
        Assert.Equal("Total", strings[int.Parse(lastRow[0].CellValue!.Text, CultureInfo.InvariantCulture)]);
        Assert.All(lastRow.Skip(1), c => Assert.True(c.DataType is null || c.DataType.Value == CellValues.Number, "counts are numbers"));
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_organisation_routes()
    {
        var paths = (await world.App.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");
        foreach (var path in new[] { "/api/organisation/insight", "/api/organisation/export/{table}.{format}" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} should be documented");
    }

    private async Task<OrganisationInsightView> InsightAsync(string key)
    {
        using var client = world.Api(key);
        var response = await client.GetAsync("/api/organisation/insight");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<OrganisationInsightView>(Json))!;
    }

    private async Task<PmoPath.Sessions.CourseSession> AgileSessionAsync()
    {
        await using var db = await SessionKit.SystemAsync(world.App);
        var sessions = await db.Sessions.AsNoTracking().Where(s => s.CourseCode == "agile-pmo" && s.OrganisationId == null).ToListAsync();
        return sessions.Where(s => s.StartsOn > Today).OrderBy(s => s.StartsOn).First();
    }

    private async Task<Dictionary<string, decimal>> CheapestPricesAsync()
    {
        await using var db = await SessionKit.SystemAsync(world.App);
        var sessions = await db.Sessions.AsNoTracking().Where(s => s.OrganisationId == null).ToListAsync();
        return sessions.Where(s => s.StartsOn >= Today && s.Currency == "GBP").GroupBy(s => s.CourseCode).ToDictionary(g => g.Key, g => g.Min(s => s.Price));
    }
}

public sealed class OrganisationViewOnSqliteTests(SqlitePeopleWorld world) : OrganisationViewTests(world), IClassFixture<SqlitePeopleWorld>;

public sealed class OrganisationViewOnPostgresTests(PostgresPeopleWorld world) : OrganisationViewTests(world), IClassFixture<PostgresPeopleWorld>;
