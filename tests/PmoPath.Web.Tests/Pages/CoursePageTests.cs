using System.Net;
using static PmoPath.Web.Tests.Pages.HtmlPage;

namespace PmoPath.Web.Tests.Pages;

public sealed class CoursePageTests(PageApp site) : IClassFixture<PageApp>
{
    [Fact]
    public async Task IPMO_Expert_shows_level_4_five_residential_days_an_exam_on_the_final_day_and_its_prerequisite()
    {
        var page = await site.GetAsync("/courses/aipmo-ipmo-expert");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("IPMO-Expert", page.H1);
        Assert.Equal("AIPMO, the Association for International PMOs", page.Fact("Body"));
        Assert.Equal("Level 4: Directing PMOs", page.Fact("Levels"));
        Assert.Equal("5 days", page.Fact("Duration"));
        Assert.Contains("Residential", page.Fact("Delivery"));
        Assert.Equal("On the final day (day 5)", page.Fact("Exam day"));
        Assert.Contains("currently works at level 4", Text(page.Section("Before you take it")));
        Assert.Contains("Core at level 4", Text(page.Document.QuerySelector(".page-header")));
    }

    [Fact]
    public async Task P3O_Practitioner_shows_the_path_from_P3O_Foundation()
    {
        var page = await site.GetAsync("/courses/axelos-p3o-practitioner");

        var section = page.Section("Before you take it");
        Assert.Contains("First P3O Foundation, then P3O Practitioner.", Text(section));
        var steps = section.QuerySelectorAll("ol.path-steps > li").Select(Text).ToList();
        Assert.Equal(["P3O Foundation", "P3O Practitioner (this course)"], steps);
        Assert.Contains("/courses/axelos-p3o-foundation", page.Links(section));
    }

    [Fact]
    public async Task P3O_Foundation_shows_its_exam_renewal_and_what_it_leads_to()
    {
        var page = await site.GetAsync("/courses/axelos-p3o-foundation");

        Assert.Equal("75", page.Fact("Questions"));
        Assert.Equal("60 minutes", page.Fact("Exam length"));
        Assert.Equal("35/70 (50%)", page.Fact("Pass mark"));
        Assert.Equal("No, closed book", page.Fact("Open book"));
        Assert.Contains("Renew within 3 years", Text(page.Section("Assessment")));
        Assert.Contains("20 CPD points a year", Text(page.Section("Assessment")));
        Assert.Contains("No prerequisites", Text(page.Section("Before you take it")));
        Assert.Contains("/courses/axelos-p3o-practitioner", page.Links(page.Section("What it leads to")));
    }

    [Fact]
    public async Task A_retired_course_names_the_course_that_replaced_it()
    {
        var page = await site.GetAsync("/courses/bcs-ppso-essentials");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var notice = page.Section("This course is retired");
        Assert.Contains("Essentials for PMO Administrators", Text(notice));
        Assert.Contains("/courses/hop-essentials-pmo-administrators", page.Links(notice));
    }

    [Fact]
    public async Task The_successor_lists_the_courses_it_replaced()
    {
        var page = await site.GetAsync("/courses/hop-essentials-pmo-managers");

        var replaced = page.Section("It replaced");
        Assert.Contains("BCS PPSO Advanced Practitioner", Text(replaced));
        Assert.Contains("/courses/bcs-ppso-advanced-practitioner", page.Links(replaced));
        Assert.Empty(page.Document.QuerySelectorAll(".notice--retired"));
    }

    [Fact]
    public async Task PPSO_Advanced_asks_for_PPSO_Essentials_and_three_years_of_experience()
    {
        var page = await site.GetAsync("/courses/bcs-ppso-advanced-practitioner");

        var text = Text(page.Section("Before you take it"));
        Assert.Contains("First BCS PPSO Essentials, then BCS PPSO Advanced Practitioner.", text);
        Assert.Contains("has at least 3 years of PMO experience", text);
    }

    [Fact]
    public async Task A_specialist_course_says_it_has_no_body_and_no_exam()
    {
        var page = await site.GetAsync("/courses/agile-pmo");

        Assert.Equal("Specialist course", page.Fact("Kind"));
        Assert.StartsWith("None", page.Fact("Body"));
        Assert.Equal("1 day", page.Fact("Duration"));
        Assert.Contains("No exam", Text(page.Section("Assessment")));
        Assert.DoesNotContain("Renewal", Text(page.Section("Assessment")));
    }

    [Fact]
    public async Task Every_course_in_the_catalogue_has_a_page_with_its_title()
    {
        foreach (var course in site.Framework.Courses)
        {
            var page = await site.GetAsync($"/courses/{course.Code}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal(course.Title, page.H1);
            Assert.Contains(course.Description, Text(page.Main));
        }
    }

    [Fact]
    public async Task A_code_typed_in_capitals_still_finds_the_course()
    {
        var page = await site.GetAsync("/courses/AIPMO-IPMO-Expert");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("IPMO-Expert", page.H1);
    }

    [Fact]
    public async Task An_unknown_course_is_a_404_with_a_friendly_page()
    {
        var page = await site.GetAsync("/courses/prince2-foundation");

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal("text/html", page.MediaType);
        Assert.Equal("We can't find that page", page.H1);
        Assert.Contains("/courses", page.Links(page.Main));
        Assert.NotNull(page.Document.QuerySelector("nav[aria-label=Main]"));
    }
}
