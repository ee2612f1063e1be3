using System.Net;
using PmoPath.Catalog;
using static PmoPath.Web.Tests.Pages.HtmlPage;

namespace PmoPath.Web.Tests.Pages;

public sealed class LevelPageTests(PageApp site) : IClassFixture<PageApp>
{
    [Fact]
    public async Task Level_4_shows_who_it_is_for_its_roles_knowledge_and_PMO_types()
    {
        var page = await site.GetAsync("/levels/4");
        var level = site.Framework.Level(4);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Directing PMOs", page.H1);
        var main = Text(page.Main);
        Assert.Contains(level.Summary, main);
        Assert.Contains(level.Focus, page.Fact("Focus"));
        Assert.All(level.Roles, role => Assert.Contains(role, page.Fact("Typical roles")));
        Assert.Contains("Enterprise PMO (ePMO)", page.Fact("Where you find it"));
        Assert.All(level.Knowledge, item => Assert.Contains(item, Text(page.Section("Knowledge it asks for"))));
    }

    [Fact]
    public async Task Level_4_puts_IPMO_Expert_first_as_its_core_certification()
    {
        var page = await site.GetAsync("/levels/4");

        var cards = page.Section("Certifications for level 4").QuerySelectorAll(".course-card");
        Assert.Equal("IPMO-Expert", Text(cards[0].QuerySelector("h3")));
        Assert.Contains("Core at level 4", Text(cards[0]));
        Assert.All(cards.Skip(1), card => Assert.DoesNotContain("Core at level", Text(card)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Each_level_lists_its_current_courses_core_certifications_first(int number)
    {
        var page = await site.GetAsync($"/levels/{number}");
        var serving = site.Framework.Courses.Where(c => !c.Retired && c.Levels.Contains(number)).ToList();

        var certifications = CourseHrefs(page.Section($"Certifications for level {number}"));
        var expected = serving.Where(c => c.IsCertification).OrderByDescending(c => c.CoreAtLevels.Contains(number)).Select(c => $"/courses/{c.Code}");
        Assert.Equal(expected, certifications);
        var specialists = CourseHrefs(page.Section($"Specialist courses for level {number}"));
        // Certifications held elsewhere (PRINCE2, MSP, PMP) are neither offered certifications nor specialist courses.
        Assert.Equal(serving.Where(c => c.Kind == CourseKind.Specialist).Select(c => $"/courses/{c.Code}"), specialists);
    }

    [Fact]
    public async Task Level_2_mentions_the_retired_PPSO_Advanced_and_what_replaced_it()
    {
        var page = await site.GetAsync("/levels/2");

        var note = Text(page.Section("Certifications for level 2").QuerySelector(".note"));
        Assert.Contains("BCS PPSO Advanced Practitioner — replaced by Essentials for PMO Managers", note);
    }

    [Fact]
    public async Task The_competency_table_shows_this_level_and_the_next_and_what_rises()
    {
        var page = await site.GetAsync("/levels/1");

        var rows = page.Section("Competencies level 1 expects").QuerySelectorAll("tbody tr");
        Assert.Equal(site.Framework.Competencies.Count, rows.Length);
        var benefits = rows.Single(r => Text(r.QuerySelector("th")) == "Benefits management").QuerySelectorAll("td").Select(Text).ToList();
        Assert.Equal(["None", "Practising rises"], benefits);
        var pmFundamentals = rows.Single(r => Text(r.QuerySelector("th")) == "Project management fundamentals").QuerySelectorAll("td").Select(Text).ToList();
        Assert.Equal(["Practising", "Skilled rises"], pmFundamentals);
    }

    [Fact]
    public async Task The_top_level_has_no_next_level_column()
    {
        var page = await site.GetAsync("/levels/4");

        var table = page.Section("Competencies level 4 expects").QuerySelector("table")!;
        Assert.Equal(["Competency area", "Level 4"], table.QuerySelectorAll("thead th").Select(Text));
        Assert.Equal("Expert", Text(table.QuerySelectorAll("tbody tr").Single(r => Text(r.QuerySelector("th")) == "Strategy").QuerySelector("td")));
    }

    [Fact]
    public async Task Levels_link_to_the_next_and_previous_level()
    {
        var level2 = await site.GetAsync("/levels/2");
        var level4 = await site.GetAsync("/levels/4");

        var pager2 = level2.Document.QuerySelector("nav[aria-label=Levels]")!;
        Assert.Equal(["/levels/1", "/levels/3"], level2.Links(pager2));
        Assert.Contains("Next level Level 3: Leading a PMO", Text(pager2));
        var pager4 = level4.Document.QuerySelector("nav[aria-label=Levels]")!;
        Assert.Equal(["/levels/3", "/courses?level=4"], level4.Links(pager4));
    }

    [Theory]
    [InlineData("/levels/0")]
    [InlineData("/levels/5")]
    [InlineData("/levels/two")]
    public async Task A_level_that_does_not_exist_is_a_404(string path)
    {
        var page = await site.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal("We can't find that page", page.H1);
    }

    private static List<string> CourseHrefs(AngleSharp.Dom.IElement section) =>
        [.. section.QuerySelectorAll(".course-card h3 a").Select(a => a.GetAttribute("href")!)];
}
