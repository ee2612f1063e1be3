namespace PmoPath.Knowledge;

/// <summary>
/// A knowledge-base article. The body is Markdown; it is rendered and sanitised on save
/// (<see cref="ArticleRenderer"/>) so that pages serve stored HTML and never render untrusted text.
/// </summary>
public sealed class Article
{
    public int Id { get; set; }

    /// <summary>The article's address, unique and stable (see <see cref="Slug"/>).</summary>
    public string Slug { get; set; } = "";
    public string Title { get; set; } = "";
    public string Summary { get; set; } = "";
    public string Markdown { get; set; } = "";

    /// <summary>The sanitised HTML of <see cref="Markdown"/>, with heading ids.</summary>
    public string Html { get; set; } = "";

    /// <summary>The table of contents from the h2 and h3 headings.</summary>
    public List<TocEntry> Toc { get; set; } = [];

    /// <summary>Category names, the first being the one the article is filed under for previous/next.</summary>
    public List<string> Categories { get; set; } = [];

    /// <summary>The career levels the article serves.</summary>
    public List<int> Levels { get; set; } = [];

    /// <summary>Codes of the competency areas the article serves.</summary>
    public List<string> Competencies { get; set; } = [];

    /// <summary>A recording, a slide deck to download, and the like, as links.</summary>
    public List<ArticleMedia> Media { get; set; } = [];

    /// <summary>
    /// The training provider that owns the article (its provider-admins edit it), or null for PmoPath's own,
    /// which only site-admins edit.
    /// </summary>
    public string? ProviderCode { get; set; }

    /// <summary>A draft is visible to nobody but its editors.</summary>
    public bool Published { get; set; }
    public DateOnly? PublishedOn { get; set; }
    public DateTime UpdatedAtUtc { get; set; }

    public string PrimaryCategory => Categories.Count > 0 ? Categories[0] : "General";
}

public enum MediaKind
{
    Recording,
    SlideDeck,
    Document,
    Link,
}

/// <summary>Something attached to an article, held elsewhere and linked to.</summary>
public sealed class ArticleMedia
{
    public MediaKind Kind { get; set; }
    public string Title { get; set; } = "";
    public string Url { get; set; } = "";
}
