using System.Net;
using PmoPath.Catalog;
using static PmoPath.Web.Tests.Pages.HtmlPage;

namespace PmoPath.Web.Tests.Pages;

public sealed class CatalogPageTests(PageApp site) : IClassFixture<PageApp>
{
    [Fact]
    public async Task Without_filters_every_current_course_is_listed_and_no_retired_one()
    {
        var page = await site.GetAsync("/courses");
        // Certifications held elsewhere are listed only when asked for by kind.
        var current = site.Framework.Courses.Where(c => !c.Retired && c.Kind != CourseKind.External).ToList();

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Courses", page.H1);
        Assert.Equal($"{current.Count} courses in the catalogue", Text(page.Document.QuerySelector(".result-count")));
        Assert.Equal(current.Select(c => $"/courses/{c.Code}").Order(), Listed(page).Order());
        Assert.Equal(
            [$"Certifications ({current.Count(c => c.IsCertification)})", $"Specialist courses ({current.Count(c => c.Kind == CourseKind.Specialist)})"],
            page.Document.QuerySelectorAll(".catalog__results h2").Select(Text));
    }

    [Theory]
    [InlineData("?level=4")]
    [InlineData("?level=1&kind=certification")]
    [InlineData("?body=axelos&kind=certification")]
    [InlineData("?kind=specialist&length=1")]
    [InlineData("?delivery=in-house&level=2")]
    [InlineData("?body=bcs&retired=true")]
    [InlineData("?level=3&retired=true")]
    public async Task Filters_list_exactly_the_matching_courses(string query)
    {
        var page = await site.GetAsync("/courses" + query);
        var q = System.Web.HttpUtility.ParseQueryString(query);
        var filter = CatalogFilter.Parse(q["level"], q["kind"], q["body"], q["delivery"], q["length"], site.Framework);
        var expected = filter.Apply(site.Framework.Courses, includeRetired: q["retired"] == "true").Select(c => $"/courses/{c.Code}").ToList();

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Order(), Listed(page).Order());
        Assert.Contains("match your filters", Text(page.Document.QuerySelector(".result-count")));
    }

    [Fact]
    public async Task Residential_delivery_finds_only_IPMO_Expert()
    {
        var page = await site.GetAsync("/courses?delivery=residential");

        Assert.Equal(["/courses/aipmo-ipmo-expert"], Listed(page));
        Assert.Equal("1 course matches your filters", Text(page.Document.QuerySelector(".result-count")));
    }

    [Fact]
    public async Task Up_to_two_days_finds_the_short_courses_and_keeps_the_choice_in_the_form()
    {
        var page = await site.GetAsync("/courses?length=2");

        // The specialist courses, and the two-day certification courses (P3O Practitioner, Essentials for PMO Directors).
        Assert.All(Listed(page), href => Assert.True(site.Framework.FindCourse(href["/courses/".Length..])!.DurationDays <= 2));
        Assert.Equal(7, Listed(page).Count);
        Assert.Equal("Up to 2 days", Text(page.Document.QuerySelector("#f-length option[selected]")));
        Assert.Null(page.Document.QuerySelector("#f-level option[selected]"));
    }

    [Fact]
    public async Task The_filter_form_is_a_plain_GET_form_that_keeps_its_values()
    {
        var page = await site.GetAsync("/courses?level=3&body=aipmo&kind=certification&delivery=virtual&retired=true");

        var form = page.Document.QuerySelector("form.filters")!;
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.Equal("/courses", form.GetAttribute("action"));
        Assert.Equal("3", page.Document.QuerySelector("#f-level option[selected]")?.GetAttribute("value"));
        Assert.Equal("aipmo", page.Document.QuerySelector("#f-body option[selected]")?.GetAttribute("value"));
        Assert.Equal("certification", page.Document.QuerySelector("#f-kind option[selected]")?.GetAttribute("value"));
        Assert.Equal("virtual", page.Document.QuerySelector("#f-delivery option[selected]")?.GetAttribute("value"));
        Assert.True(page.Document.QuerySelector("#f-retired")!.HasAttribute("checked"));
        Assert.Equal(["/courses/aipmo-ipmo-practitioner"], Listed(page));
    }

    [Fact]
    public async Task When_only_retired_courses_match_the_page_offers_to_include_them()
    {
        var page = await site.GetAsync("/courses?body=bcs");

        Assert.Empty(Listed(page));
        Assert.Contains("No course matches these filters", Text(page.Main));
        Assert.Contains("/courses?body=bcs&retired=true", page.Links(page.Main));
    }

    [Theory]
    [InlineData("level=9", "level", "Level: '9' is not a career level")]
    [InlineData("level=two", "level", "Level: 'two' is not a career level")]
    [InlineData("kind=course", "kind", "Kind: 'course' is not a kind of course")]
    [InlineData("body=nobody", "body", "Certification body: 'nobody' is not a certification body")]
    [InlineData("delivery=by-post", "delivery", "Delivery: 'by-post' is not a delivery format")]
    [InlineData("length=abc", "length", "Length: 'abc' is not a course length")]
    [InlineData("length=0", "length", "Length: '0' is not a course length")]
    [InlineData("retired=maybe", "retired", "Include retired courses: 'maybe'")]
    public async Task A_bad_filter_value_gets_a_message_naming_the_field(string query, string field, string message)
    {
        var page = await site.GetAsync("/courses?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal("Courses", page.H1);
        var summary = page.Document.QuerySelector(".error-summary")!;
        Assert.Equal("alert", summary.GetAttribute("role"));
        Assert.Contains(message, Text(summary));
        Assert.Equal($"#f-{field}", summary.QuerySelector("a")!.GetAttribute("href"));
        var input = page.Document.QuerySelector($"#f-{field}")!;
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        Assert.NotNull(page.Document.QuerySelector($"#{input.GetAttribute("aria-describedby")}"));
        Assert.Empty(Listed(page));
    }

    private static List<string> Listed(HtmlPage page) =>
        [.. page.Document.QuerySelectorAll(".catalog__results .course-card h3 a").Select(a => a.GetAttribute("href")!)];
}
