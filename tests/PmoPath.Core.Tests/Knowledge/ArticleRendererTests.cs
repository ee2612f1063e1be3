using AngleSharp.Html.Parser;
using PmoPath.Knowledge;

namespace PmoPath.Core.Tests.Knowledge;

/// <summary>Hostile Markdown must come out as harmless HTML: no scripts, no handlers, no dangerous URLs.</summary>
public sealed class ArticleRendererTests
{
    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("Hello <script src=\"https://evil.example/x.js\"></script> world")]
    [InlineData("<img src=x onerror=\"alert(1)\">")]
    [InlineData("<a href=\"javascript:alert(1)\" onclick=\"alert(2)\">click</a>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    [InlineData("<div style=\"background:url(javascript:alert(1))\" onmouseover=\"alert(1)\">x</div>")]
    [InlineData("<svg onload=alert(1)><circle/></svg>")]
    [InlineData("<<script>script>alert(1)<</script>/script>")]
    public void Raw_HTML_is_shown_as_text_never_as_markup(string markdown)
    {
        var html = ArticleRenderer.Render(markdown).Html;
        var body = Parse(html);
        Assert.Empty(body.QuerySelectorAll("script, iframe, svg, div, [onerror], [onclick], [onload], [onmouseover], [style]"));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](JaVaScRiPt:alert(1))")]
    [InlineData("[click](java\tscript:alert(1))")]
    [InlineData("[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("[click](vbscript:msgbox(1))")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("[click][ref]\n\n[ref]: javascript:alert(1)")]
    public void Links_with_dangerous_schemes_lose_their_address(string markdown)
    {
        var body = Parse(ArticleRenderer.Render(markdown).Html);
        foreach (var link in body.QuerySelectorAll("a"))
        {
            var href = link.GetAttribute("href");
            Assert.True(href is null || href.StartsWith("http", StringComparison.Ordinal) || href.StartsWith('/'), $"unsafe href kept: {href}");
        }
        Assert.DoesNotContain("javascript:", body.InnerHtml.Replace("javascript:alert", "", StringComparison.Ordinal) + string.Concat(body.QuerySelectorAll("a").Select(a => a.GetAttribute("href"))), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)")]
    [InlineData("![x](javascript:alert(1))")]
    public void Images_from_dangerous_sources_are_dropped(string markdown)
    {
        var body = Parse(ArticleRenderer.Render(markdown).Html);
        Assert.Empty(body.QuerySelectorAll("img"));
    }

    [Fact]
    public void Safe_links_and_images_are_kept_and_external_links_get_rel()
    {
        var body = Parse(ArticleRenderer.Render("[site](https://example.org/a) [page](/articles/x) [mail](mailto:a@example.org) ![chart](https://example.org/c.png \"Chart\")").Html);
        var links = body.QuerySelectorAll("a").ToList();
        Assert.Equal(["https://example.org/a", "/articles/x", "mailto:a@example.org"], links.Select(a => a.GetAttribute("href")));
        Assert.Equal("nofollow noopener noreferrer", links[0].GetAttribute("rel"));
        Assert.Null(links[1].GetAttribute("rel"));
        Assert.Equal("https://example.org/c.png", body.QuerySelector("img")!.GetAttribute("src"));
    }

    [Fact]
    public void Markdig_attribute_syntax_is_not_enabled_so_handlers_cannot_be_smuggled_in()
    {
        var html = ArticleRenderer.Render("# Title {onclick=\"alert(1)\"}\n\n[x](https://example.org){onmouseover=alert(1)}").Html;
        Assert.Empty(Parse(html).QuerySelectorAll("[onclick], [onmouseover]"));
    }

    [Fact]
    public void Ordinary_Markdown_renders_with_tables_lists_and_emphasis()
    {
        var body = Parse(ArticleRenderer.Render("Some **bold** and *em*.\n\n- one\n- two\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n").Html);
        Assert.NotNull(body.QuerySelector("strong"));
        Assert.Equal(2, body.QuerySelectorAll("li").Length);
        Assert.NotNull(body.QuerySelector("table td"));
    }

    [Fact]
    public void Table_of_contents_lists_h2_and_h3_with_stable_unique_ids()
    {
        var rendered = ArticleRenderer.Render("# Top\n\n## Why it matters\n\ntext\n\n### Step 1: plan\n\n## Why it matters\n\n#### Deep\n");
        Assert.Equal(
            [(2, "why-it-matters", "Why it matters"), (3, "step-1-plan", "Step 1: plan"), (2, "why-it-matters-2", "Why it matters")],
            rendered.Toc.Select(t => (t.Level, t.Anchor, t.Text)));
        var body = Parse(rendered.Html);
        Assert.Equal(["top", "why-it-matters", "step-1-plan", "why-it-matters-2", "deep"], body.QuerySelectorAll("h1, h2, h3, h4").Select(h => h.Id));

        // Rendering again gives the same ids: links to sections survive a re-save.
        Assert.Equal(rendered.Html, ArticleRenderer.Render("# Top\n\n## Why it matters\n\ntext\n\n### Step 1: plan\n\n## Why it matters\n\n#### Deep\n").Html);
    }

    [Fact]
    public void A_heading_with_markup_inside_gets_an_id_from_its_text_only()
    {
        var rendered = ArticleRenderer.Render("## <script>x</script> Safe *heading*");
        var entry = Assert.Single(rendered.Toc);
        Assert.DoesNotContain("<", entry.Anchor, StringComparison.Ordinal);
        Assert.Contains("Safe heading", entry.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_text_for_search_has_no_markup()
    {
        var text = ArticleRenderer.PlainText("## Heading\n\nSome **bold** [link](https://example.org).");
        Assert.Equal("Heading Some bold link.", text);
    }

    private static AngleSharp.Dom.IElement Parse(string html) => new HtmlParser().ParseDocument($"<body>{html}</body>").Body!;
}
