using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using AngleSharp.Css.Dom;
using Ganss.Xss;
using Markdig;

namespace PmoPath.Knowledge;

/// <summary>A heading of an article, for its table of contents.</summary>
public sealed class TocEntry
{
    /// <summary>2 for a section, 3 for a subsection.</summary>
    public int Level { get; set; }

    /// <summary>The heading's id, the part of a link after '#'.</summary>
    public string Anchor { get; set; } = "";
    public string Text { get; set; } = "";
}

/// <summary>An article body as it is served: sanitised HTML, its table of contents, and plain text for search.</summary>
public sealed record RenderedArticle(string Html, IReadOnlyList<TocEntry> Toc, string PlainText);

/// <summary>
/// Turns article Markdown into HTML that is safe to serve. Two layers, because editors' text is
/// untrusted once organisations can write articles: Markdig escapes raw HTML (DisableHtml) and runs no
/// extension that passes attributes through; then the HTML goes through HtmlSanitizer (a maintained
/// sanitiser over AngleSharp) with an allow-list of elements, attributes and URL schemes, so anything
/// Markdig lets through by mistake (or a future extension adds) is still dropped.
/// </summary>
public static class ArticleRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .Build();

    private static readonly HashSet<string> AllowedElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "del", "sub", "sup", "code", "pre",
        "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
    };

    /// <summary>Elements removed with everything inside them, not merely unwrapped.</summary>
    private static readonly HashSet<string> DroppedWithContent = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math", "form", "textarea", "select",
    };

    private static readonly Dictionary<string, string[]> AllowedAttributes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["a"] = ["href", "title"],
        ["img"] = ["src", "alt", "title"],
        ["ol"] = ["start"],
        ["th"] = ["align"],
        ["td"] = ["align"],
    };

    /// <summary>Thread-safe once configured: HtmlSanitizer keeps no state between calls.</summary>
    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = AllowedElements,
            AllowedAttributes = new HashSet<string>(AllowedAttributes.Values.SelectMany(a => a), StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(),
            AllowedAtRules = new HashSet<CssRuleType>(),
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src" },
        })
        {
            // Unknown markup is unwrapped: its text stays, the element goes. Comments go too.
            KeepChildNodes = true,
            AllowDataAttributes = false,
        };
        sanitizer.RemovingTag += (_, e) =>
        {
            // Scripts, styles, frames, SVG and the like go with their content.
            if (DroppedWithContent.Contains(e.Tag.LocalName))
                foreach (var child in e.Tag.ChildNodes.ToList())
                    child.RemoveFromParent();
        };
        sanitizer.FilterUrl += (_, e) =>
        {
            // Stricter than a scheme list: an image only from http(s) or this site, never protocol-relative.
            if (!IsSafeUrl(e.OriginalUrl, image: e.Tag.LocalName == "img"))
                e.SanitizedUrl = null;
        };
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is not IElement element)
                return;
            // The allow-list is per element: an attribute allowed on one element is not allowed on every other.
            var allowed = AllowedAttributes.GetValueOrDefault(element.LocalName) ?? [];
            foreach (var attribute in element.Attributes.ToList())
                if (!allowed.Contains(attribute.Name, StringComparer.OrdinalIgnoreCase))
                    element.RemoveAttribute(attribute.Name);
            if (element.LocalName == "img" && element.GetAttribute("src") is null)
                element.Remove();
            else if (element.LocalName == "a" && element.GetAttribute("href") is { } href && IsExternal(href))
                element.SetAttribute("rel", "nofollow noopener noreferrer");
        };
        return sanitizer;
    }

    public static RenderedArticle Render(string markdown)
    {
        var html = Sanitize(Markdown.ToHtml(markdown, Pipeline));
        var parser = new HtmlParser();
        var document = parser.ParseDocument("<!doctype html><html><body></body></html>");
        var body = document.Body!;
        foreach (var node in parser.ParseFragment(html, body).ToList())
            body.AppendChild(node);

        var toc = NameHeadings(body);
        return new RenderedArticle(body.InnerHtml, toc, PlainText(markdown));
    }

    /// <summary>The sanitising layer alone: HTML in, HTML holding only the allow-listed elements, attributes and addresses out.</summary>
    public static string Sanitize(string html) => Sanitizer.Sanitize(html);

    /// <summary>The article as plain text: what search indexes and snippets quote.</summary>
    public static string PlainText(string markdown) =>
        System.Text.RegularExpressions.Regex.Replace(Markdown.ToPlainText(markdown, Pipeline), @"\s+", " ").Trim();

    /// <summary>
    /// Whether a link or image address may be served: http(s), mailto, or a relative address. Anything
    /// else (javascript:, data:, vbscript:, file:) is refused, as is a scheme hidden by control
    /// characters or entities, which browsers strip before reading it.
    /// </summary>
    public static bool IsSafeUrl(string? url, bool image = false)
    {
        if (string.IsNullOrWhiteSpace(url))
            return false;
        var compact = new string([.. url.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c))]);
        var colon = compact.IndexOf(':', StringComparison.Ordinal);
        var firstSeparator = compact.IndexOfAny(['/', '?', '#']);
        var hasScheme = colon >= 0 && (firstSeparator < 0 || colon < firstSeparator);
        if (!hasScheme)
            return !compact.StartsWith("//", StringComparison.Ordinal) || !image;
        var scheme = compact[..colon].ToLowerInvariant();
        return scheme is "http" or "https" || (!image && scheme == "mailto");
    }

    private static bool IsExternal(string href) =>
        href.StartsWith("http:", StringComparison.OrdinalIgnoreCase) || href.StartsWith("https:", StringComparison.OrdinalIgnoreCase)
        || href.StartsWith("//", StringComparison.Ordinal);

    /// <summary>
    /// Gives h2 and h3 headings ids made from their text, numbered when repeated, so a link to a section
    /// survives edits elsewhere in the article; returns them in order for the table of contents.
    /// </summary>
    private static List<TocEntry> NameHeadings(IElement body)
    {
        var toc = new List<TocEntry>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var heading in body.QuerySelectorAll("h1, h2, h3, h4, h5, h6"))
        {
            var text = heading.TextContent.Trim();
            var baseId = Slug.From(text) is { Length: > 0 } s ? s : "section";
            var id = baseId;
            for (var n = 2; !used.Add(id); n++)
                id = $"{baseId}-{n}";
            heading.SetAttribute("id", id);
            var level = heading.LocalName[1] - '0';
            if (level is 2 or 3)
                toc.Add(new TocEntry { Level = level, Anchor = id, Text = text });
        }
        return toc;
    }
}
