using System.Net;
using PmoPath.Exchange;
using static PmoPath.Web.Tests.Pages.HtmlPage;

namespace PmoPath.Web.Tests.Pages;

/// <summary>
/// Structural checks on every page a visitor can reach: one h1, headings in order, a label for every
/// field, landmarks and a skip link. They do not replace a screen reader, but they catch the usual slips.
/// </summary>
public sealed class AccessibilityTests(PageApp site) : IClassFixture<PageApp>
{
    public static TheoryData<string> Paths()
    {
        var paths = new TheoryData<string>
        {
            "/", "/levels/1", "/levels/2", "/levels/3", "/levels/4",
            "/courses", "/courses?level=2&delivery=virtual", "/courses?level=9", "/courses?body=bcs",
            "/courses/unknown-course", "/no/such/page",
            "/sessions", "/sessions?month=2020-01&course=agile-pmo", "/sessions?month=someday",
        };
        foreach (var course in FrameworkJson.ReadDefault().Courses)
            paths.Add($"/courses/{course.Code}");
        return paths;
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Each_page_has_exactly_one_h1_and_headings_in_order(string path)
    {
        var page = await site.GetAsync(path);

        Assert.Single(page.Document.QuerySelectorAll("h1"));
        var levels = page.Document.QuerySelectorAll("h1, h2, h3, h4, h5, h6").Select(h => (Level: h.LocalName[1] - '0', Text: Text(h))).ToList();
        Assert.Equal(1, levels[0].Level);
        for (var i = 1; i < levels.Count; i++)
            Assert.True(levels[i].Level <= levels[i - 1].Level + 1, $"{path}: '{levels[i].Text}' (h{levels[i].Level}) follows '{levels[i - 1].Text}' (h{levels[i - 1].Level})");
        Assert.All(levels, h => Assert.False(string.IsNullOrWhiteSpace(h.Text), $"{path} has an empty heading"));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Every_form_field_has_a_label(string path)
    {
        var page = await site.GetAsync(path);

        var fields = page.Document.QuerySelectorAll("input, select, textarea")
            .Where(f => f.GetAttribute("type") is not ("hidden" or "submit" or "button" or "reset"));
        foreach (var field in fields)
        {
            var id = field.Id;
            var label = id is null ? null : page.Document.QuerySelector($"label[for='{id}']");
            var named = !string.IsNullOrWhiteSpace(Text(label))
                || field.Closest("label") is not null
                || !string.IsNullOrWhiteSpace(field.GetAttribute("aria-label"));
            Assert.True(named, $"{path}: <{field.LocalName} name='{field.GetAttribute("name")}'> has no label");
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Each_page_has_landmarks_a_skip_link_a_title_and_unique_ids(string path)
    {
        var page = await site.GetAsync(path);
        var doc = page.Document;

        Assert.Equal("en-GB", doc.DocumentElement.GetAttribute("lang"));
        Assert.False(string.IsNullOrWhiteSpace(doc.Title), $"{path} has no title");
        Assert.Single(doc.QuerySelectorAll("header.site-header"));
        Assert.Single(doc.QuerySelectorAll("main#main"));
        Assert.Single(doc.QuerySelectorAll("footer"));
        var skip = doc.QuerySelector("a")!;
        Assert.Equal("#main", skip.GetAttribute("href"));
        Assert.Equal(
            ["/", "/courses", "/sessions", "/career-guide", "/articles", "/jobs", "/providers", "/search"],
            doc.QuerySelectorAll("nav[aria-label=Main] a").Select(a => a.GetAttribute("href")));
        var ids = doc.QuerySelectorAll("[id]").Select(e => e.Id!).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (var labelled in doc.QuerySelectorAll("[aria-labelledby]"))
            Assert.NotNull(doc.GetElementById(labelled.GetAttribute("aria-labelledby")!));
        Assert.All(doc.QuerySelectorAll("img"), img => Assert.True(img.HasAttribute("alt"), $"{path}: an image has no alt text"));
    }

    [Fact]
    public async Task The_current_section_is_marked_in_the_navigation()
    {
        var courses = await site.GetAsync("/courses/agile-pmo");
        var level = await site.GetAsync("/levels/2");

        Assert.Equal("Courses", Text(courses.Document.QuerySelector("nav[aria-label=Main] a[aria-current=page]")));
        Assert.Equal("Career path", Text(level.Document.QuerySelector("nav[aria-label=Main] a[aria-current=page]")));
    }

    [Fact]
    public async Task An_unknown_address_gets_the_friendly_404_page_and_the_API_keeps_problem_details()
    {
        var page = await site.GetAsync("/no/such/page");
        var api = await site.App.Client.GetAsync(new Uri("/api/no-such-endpoint", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal("We can't find that page", page.H1);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_stylesheet_is_served_and_uses_no_external_resources()
    {
        var response = await site.App.Client.GetAsync(new Uri("/css/site.css", UriKind.Relative));
        var css = await response.Content.ReadAsStringAsync();
        var home = await site.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(":focus-visible", css);
        Assert.DoesNotContain("http", css);
        Assert.DoesNotContain("@import", css);
        Assert.All(home.Document.QuerySelectorAll("link[href], script[src], img[src]"), e =>
            Assert.DoesNotContain("//", e.GetAttribute("href") ?? e.GetAttribute("src")));
    }
}
