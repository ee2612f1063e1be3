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

    /// <summary>
    /// OWASP's XSS filter-evasion vectors fed straight to the sanitising layer (as if Markdig had let raw HTML
    /// through): nothing that runs script, loads a frame or styles the page comes out.
    /// </summary>
    [Theory]
    [InlineData("<IMG SRC=\"javascript:alert('XSS');\">")]
    [InlineData("<IMG SRC=JaVaScRiPt:alert('XSS')>")]
    [InlineData("<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>")]
    [InlineData("<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;\">x</a>")]
    [InlineData("<a href=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)\">x</a>")]
    [InlineData("<a href=\"&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x31&#x29\">x</a>")]
    [InlineData("<a href=\"jav&#x09;ascript:alert(1);\">x</a>")]
    [InlineData("<a href=\"jav&#x0A;ascript:alert(1);\">x</a>")]
    [InlineData("<a href=\" &#14;  javascript:alert(1);\">x</a>")]
    [InlineData("<a href=\"java\0script:alert(1)\">x</a>")]
    [InlineData("<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>")]
    [InlineData("<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">")]
    [InlineData("<a href=\"vbscript:msgbox(1)\">x</a>")]
    [InlineData("<svg/onload=alert('XSS')>")]
    [InlineData("<svg><script>alert(1)</script></svg>")]
    [InlineData("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>")]
    [InlineData("<BODY ONLOAD=alert('XSS')>")]
    [InlineData("<IMG SRC=\"#\" onmouseover=\"alert('xxs')\">")]
    [InlineData("<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>")]
    [InlineData("<SCRIPT/XSS SRC=\"http://xss.rocks/xss.js\"></SCRIPT>")]
    [InlineData("<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>")]
    [InlineData("<SCRIPT SRC=http://xss.rocks/xss.js?< B >")]
    [InlineData("<IMG SRC=\"`<javascript:alert>`('XSS')\"")]
    [InlineData("<iframe src=http://xss.rocks/scriptlet.html <")]
    [InlineData("<p style=\"width: expression(alert('XSS'));\">x</p>")]
    [InlineData("<p style=\"background-image: url(javascript:alert('XSS'))\">x</p>")]
    [InlineData("<STYLE>@import'http://xss.rocks/xss.css';</STYLE>")]
    [InlineData("<STYLE>BODY{-moz-binding:url(\"http://xss.rocks/xssmoz.xml#xss\")}</STYLE>")]
    [InlineData("<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">")]
    [InlineData("<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">")]
    [InlineData("<TABLE BACKGROUND=\"javascript:alert('XSS')\"><TD BACKGROUND=\"javascript:alert('XSS')\">x</TD></TABLE>")]
    [InlineData("<DIV STYLE=\"background-image:\\0075\\0072\\006C\\0028'\\006a\\0061\\0076\\0061\\0073\\0063\\0072\\0069\\0070\\0074\\003a\\0061\\006c\\0065\\0072\\0074\\0028.1027\\0058.1053\\0053\\0027\\0029'\\0029\">x</DIV>")]
    [InlineData("<BASE HREF=\"javascript:alert('XSS');//\">")]
    [InlineData("<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"http://xss.rocks/scriptlet.html\"></OBJECT>")]
    [InlineData("<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv MjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hs aW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAw IiBpZD0ieHNzIj48c2NyaXB0IHR5cGU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlh TUyIpOzwvc2NyaXB0Pjwvc3ZnPg==\" type=\"image/svg+xml\" AllowScriptAccess=\"always\"></EMBED>")]
    [InlineData("<form action=\"javascript:alert(1)\"><button>go</button></form>")]
    [InlineData("<a href=\"https://example.org\" onclick=\"alert(1)\" style=\"color:red\" data-x=\"1\" target=\"_blank\">ok</a>")]
    [InlineData("<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->")]
    [InlineData("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">")]
    [InlineData("<img src=\"//evil.example/x.png\">")]
    public void OWASP_filter_evasion_vectors_come_out_harmless(string html)
    {
        var clean = ArticleRenderer.Sanitize(html);
        var body = Parse(clean);
        Assert.Empty(body.QuerySelectorAll("script, style, iframe, frame, object, embed, svg, math, form, link, meta, base, body, div, button, noscript"));
        foreach (var element in body.QuerySelectorAll("*"))
        {
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"handler kept: {clean}");
                Assert.NotEqual("style", attribute.Name, StringComparer.OrdinalIgnoreCase);
                Assert.NotEqual("background", attribute.Name, StringComparer.OrdinalIgnoreCase);
                Assert.False(attribute.Name.StartsWith("data-", StringComparison.OrdinalIgnoreCase), $"data attribute kept: {clean}");
            }
            foreach (var address in new[] { element.GetAttribute("href"), element.GetAttribute("src") }.OfType<string>())
            {
                // Relative addresses are fine; an absolute one only with an allowed scheme; an image never protocol-relative.
                var colon = address.IndexOf(':', StringComparison.Ordinal);
                var separator = address.IndexOfAny(['/', '?', '#']);
                var scheme = colon >= 0 && (separator < 0 || colon < separator) ? address[..colon] : null;
                Assert.True(scheme is null or "http" or "https" or "mailto", $"address kept: {address} in {clean}");
                Assert.False(element.LocalName == "img" && address.StartsWith("//", StringComparison.Ordinal), $"image kept: {address}");
            }
        }
        Assert.DoesNotContain("<script", clean, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_allow_list_is_per_element_and_unknown_markup_keeps_its_text()
    {
        var clean = ArticleRenderer.Sanitize("<p start=\"3\" align=\"left\" title=\"t\">a <span class=\"x\">b</span> <font color=red>c</font></p><ol start=\"3\"><li>d</li></ol><table><tr><td align=\"right\" title=\"t\">e</td></tr></table>");
        var body = Parse(clean);
        Assert.Empty(body.QuerySelector("p")!.Attributes);
        Assert.Equal("a b c", body.QuerySelector("p")!.TextContent);
        Assert.Empty(body.QuerySelectorAll("span, font"));
        Assert.Equal("3", body.QuerySelector("ol")!.GetAttribute("start"));
        Assert.Equal("right", body.QuerySelector("td")!.GetAttribute("align"));
        Assert.Null(body.QuerySelector("td")!.GetAttribute("title"));
        Assert.Equal("", Parse(ArticleRenderer.Sanitize("<script>alert(1)</script><svg><text>hidden</text></svg>")).TextContent.Trim());
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
