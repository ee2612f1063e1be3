using PmoPath.Knowledge;

namespace PmoPath.Web.Components.Knowledge;

/// <summary>
/// The article editor's form as the browser posts it: everything as text, levels and competency areas as ticked
/// boxes keyed by value, media as rows (empty rows are ignored). The form binder leaves a dictionary or list null
/// when the form posts none of its keys, so each is created on first read.
/// </summary>
public sealed class ArticleForm
{
    /// <summary>How many empty media rows the form offers beside the article's own.</summary>
    public const int SpareMediaRows = 2;

    public string? Title { get; set; }
    public string? Slug { get; set; }
    public string? Summary { get; set; }

    /// <summary>Category names separated by commas, the first being the one the article is filed under.</summary>
    public string? Categories { get; set; }

    public Dictionary<string, bool> Levels
    {
        get => field ??= new(StringComparer.Ordinal);
        set;
    }

    public Dictionary<string, bool> Competencies
    {
        get => field ??= new(StringComparer.Ordinal);
        set;
    }

    public List<MediaRow> Media
    {
        get => field ??= [];
        set;
    }

    public string? Markdown { get; set; }
    public bool Published { get; set; }

    public static ArticleForm From(Article article) => new()
    {
        Title = article.Title,
        Slug = article.Slug,
        Summary = article.Summary,
        Categories = string.Join(", ", article.Categories),
        Levels = article.Levels.ToDictionary(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => true, StringComparer.Ordinal),
        Competencies = article.Competencies.ToDictionary(c => c, _ => true, StringComparer.Ordinal),
        Media = [.. article.Media.Select(m => new MediaRow { Kind = m.Kind.ToString(), Title = m.Title, Url = m.Url })],
        Markdown = article.Markdown,
        Published = article.Published,
    };

    /// <summary>The editor's input; a level that is not a number is named in <paramref name="errors"/>.</summary>
    public ArticleInput ToInput(Dictionary<string, string[]> errors)
    {
        var levels = new List<int>();
        foreach (var text in Levels.Where(l => l.Value).Select(l => l.Key).Order(StringComparer.Ordinal))
        {
            if (int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var level))
                levels.Add(level);
            else
                errors["levels"] = [$"'{text}' is not a career level."];
        }
        var media = new List<ArticleMedia>();
        foreach (var row in Media.Where(r => !string.IsNullOrWhiteSpace(r.Title) || !string.IsNullOrWhiteSpace(r.Url)))
        {
            var kind = People.PeopleForms.Enum<MediaKind>(row.Kind, $"media[{media.Count}].kind", errors) ?? MediaKind.Link;
            media.Add(new ArticleMedia { Kind = kind, Title = row.Title ?? "", Url = row.Url ?? "" });
        }
        return new ArticleInput
        {
            Title = Title ?? "",
            Slug = string.IsNullOrWhiteSpace(Slug) ? null : Slug.Trim(),
            Summary = Summary ?? "",
            Categories = [.. (Categories ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)],
            Levels = levels,
            Competencies = [.. Competencies.Where(c => c.Value).Select(c => c.Key).Order(StringComparer.Ordinal)],
            Media = media,
            // Browsers post CR LF line ends from a text area; the article keeps the editor's text as typed otherwise.
            Markdown = (Markdown ?? "").Replace("\r\n", "\n", StringComparison.Ordinal),
            Published = Published,
        };
    }

    public sealed class MediaRow
    {
        public string? Kind { get; set; }
        public string? Title { get; set; }
        public string? Url { get; set; }
    }
}
