using System.Net;
using static PmoPath.Web.Tests.Pages.HtmlPage;

namespace PmoPath.Web.Tests.Pages;

public sealed class HomePageTests(PageApp site) : IClassFixture<PageApp>
{
    /// <summary>The stable course codes of the product brief; every one must be one click from the career path.</summary>
    public static readonly string[] ProductCourseCodes =
    [
        "bcs-ppso-essentials", "bcs-ppso-advanced-practitioner", "axelos-p3o-foundation", "axelos-p3o-practitioner",
        "axelos-mop-foundation", "axelos-mop-practitioner", "aipmo-ipmo-foundation", "aipmo-ipmo-practitioner",
        "aipmo-ipmo-expert", "agile-pmo", "benefits-management", "pmo-coaching", "setting-up-a-pmo",
    ];

    [Fact]
    public async Task Home_shows_the_four_levels_with_their_focus_and_roles()
    {
        var page = await site.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("The PMO career path", page.H1);
        var cards = page.Document.QuerySelectorAll(".level-card");
        Assert.Equal(4, cards.Length);
        foreach (var (card, level) in cards.Zip(site.Framework.Levels))
        {
            var text = Text(card);
            Assert.Contains($"Level {level.Number}", text);
            Assert.Contains(level.Name, text);
            Assert.Contains(level.Focus, text);
            Assert.All(level.Roles, role => Assert.Contains(role, text));
            Assert.Contains($"/levels/{level.Number}", page.Links(card));
        }
    }

    [Fact]
    public async Task Every_link_on_the_home_page_and_in_the_layout_leads_to_a_page()
    {
        var home = await site.GetAsync("/");
        var targets = home.Links().Where(href => href.StartsWith('/') && !href.StartsWith("//", StringComparison.Ordinal))
            .Select(href => href.Split('#')[0]).Distinct(StringComparer.Ordinal).ToList();
        Assert.Contains("/career-guide", targets);

        foreach (var target in targets)
            Assert.True((await site.GetAsync(target)).Status == HttpStatusCode.OK, $"{target}, linked from home, is not a page");
    }

    [Fact]
    public async Task Every_course_code_of_the_product_brief_is_linked_from_home()
    {
        var page = await site.GetAsync("/");

        var links = page.Links(page.Main);
        Assert.All(ProductCourseCodes, code => Assert.Contains($"/courses/{code}", links));
    }

    [Fact]
    public async Task Grid_puts_each_certification_under_its_body_at_every_level_it_serves()
    {
        var page = await site.GetAsync("/");

        var rows = page.Document.QuerySelectorAll("table.path-grid tbody tr");
        var headers = page.Document.QuerySelectorAll("table.path-grid thead th").Skip(1).Select(Text).ToList();
        Assert.Equal(["Level 1 Project support", "Level 2 P3 support services", "Level 3 Leading a PMO", "Level 4 Directing PMOs"], headers);
        foreach (var course in site.Framework.Courses.Where(c => c.IsCertification))
        {
            var body = site.Framework.BodyByCode[course.Body!];
            var row = rows.Single(r => Text(r.QuerySelector("th")).StartsWith(body.ShortName, StringComparison.Ordinal));
            var cells = row.QuerySelectorAll("td");
            for (var level = 1; level <= 4; level++)
            {
                var linked = page.Links(cells[level - 1]).Contains($"/courses/{course.Code}");
                Assert.True(linked == course.Levels.Contains(level), $"{course.Code} at level {level}: shown {linked}, serves {course.Levels.Contains(level)}");
            }
        }
    }

    [Theory]
    [InlineData("bcs-ppso-essentials", "hop-essentials-pmo-administrators", "Essentials for PMO Administrators")]
    [InlineData("bcs-ppso-advanced-practitioner", "hop-essentials-pmo-managers", "Essentials for PMO Managers")]
    public async Task Retired_BCS_courses_are_marked_as_replaced_by_their_House_of_PMO_successor(string retired, string successor, string successorTitle)
    {
        var page = await site.GetAsync("/");

        var entries = page.Document.QuerySelectorAll("li.cert").Where(li => page.Links(li).Contains($"/courses/{retired}")).ToList();
        Assert.NotEmpty(entries);
        Assert.All(entries, li =>
        {
            Assert.Contains($"Retired — replaced by {successorTitle}", Text(li));
            Assert.Contains($"/courses/{successor}", page.Links(li));
        });
    }

    [Fact]
    public async Task Core_certifications_are_marked_only_at_the_levels_where_they_are_core()
    {
        var page = await site.GetAsync("/");

        var aipmo = page.Document.QuerySelectorAll("table.path-grid tbody tr").Single(r => Text(r.QuerySelector("th")) == "AIPMO");
        var cells = aipmo.QuerySelectorAll("td");
        Assert.Contains("IPMO-Foundation Core", Text(cells[0]));
        Assert.DoesNotContain("Core", Text(cells[1]));
        Assert.Contains("IPMO-Expert Core", Text(cells[3]));
    }

    [Fact]
    public async Task Specialist_courses_are_listed_under_the_gaps_they_close()
    {
        var page = await site.GetAsync("/");

        var section = page.Section("Specialist courses");
        var gaps = section.QuerySelectorAll(".gap").ToDictionary(g => Text(g.QuerySelector("h3")), g => page.Links(g));
        Assert.Contains("/courses/benefits-management", gaps["Benefits management"]);
        Assert.Contains("/courses/agile-pmo", gaps["Agile ways of working"]);
        Assert.Contains("/courses/pmo-coaching", gaps["Coaching"]);
        Assert.Contains("/courses/setting-up-a-pmo", gaps["PMO set-up and design"]);
        Assert.DoesNotContain(gaps.Values.SelectMany(l => l), href => href == "/courses/aipmo-ipmo-expert");
    }
}
