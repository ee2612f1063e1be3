using System.Net;
using PmoPath.Data;
using PmoPath.Framework;

namespace PmoPath.Search;

/// <summary>A search as asked for: the words, and optional level and competency-area filters.</summary>
public sealed record SearchQuery(string Text, int? Level = null, string? Competency = null, int Limit = SearchQuery.DefaultLimit)
{
    public const int DefaultLimit = 20;
    public const int MaxLength = 200;

    /// <summary>Parses the query as the API and the search page receive it; throws naming the bad parameter.</summary>
    public static SearchQuery Parse(string? q, string? level, string? competency, FrameworkSnapshot framework)
    {
        if (string.IsNullOrWhiteSpace(q))
            throw new InvalidInputException("q", "Say what to search for.");
        if (q.Length > MaxLength)
            throw new InvalidInputException("q", $"A search is at most {MaxLength} characters.");
        return new SearchQuery(q.Trim(), ParseLevel(level), ParseCompetency(competency, framework));
    }

    /// <summary>The level filter: null when not given; 1 to 4 otherwise, or a 400 naming <c>level</c>.</summary>
    public static int? ParseLevel(string? level)
    {
        if (string.IsNullOrWhiteSpace(level))
            return null;
        if (!int.TryParse(level, out var n) || !CareerLevel.IsValid(n))
            throw new InvalidInputException("level", $"'{level}' is not a career level: use {CareerLevel.Lowest} to {CareerLevel.Highest}.");
        return n;
    }

    /// <summary>The competency-area filter: null when not given; a known area's code otherwise, or a 400 naming <c>competency</c>.</summary>
    public static string? ParseCompetency(string? competency, FrameworkSnapshot framework)
    {
        if (string.IsNullOrWhiteSpace(competency))
            return null;
        var area = competency.Trim().ToLowerInvariant();
        if (!framework.CompetencyByCode.ContainsKey(area))
            throw new InvalidInputException("competency", $"'{competency}' is not a competency area: use one of {string.Join(", ", framework.Competencies.Select(c => c.Code))}.");
        return area;
    }

    /// <summary>The LIKE pattern for the level filter; "%" matches every row, so the SQL needs no branch.</summary>
    public string LevelPattern => Level is { } n ? $"%|{n}|%" : "%";

    public string CompetencyPattern => Competency is { } c ? $"%|{c}|%" : "%";
}

/// <summary>A search result. <see cref="SnippetHtml"/> is HTML-encoded text with the matched words in &lt;mark&gt;.</summary>
public sealed record SearchHit(string Kind, string Key, string Title, string SnippetHtml, double Rank)
{
    /// <summary>Where the thing is shown on the site.</summary>
    public string Url => Kind switch
    {
        SearchKinds.Article => $"/articles/{Key}",
        SearchKinds.Course => $"/courses/{Key}",
        SearchKinds.Provider => $"/providers/{Key}",
        _ => $"/jobs#job-{Key}",
    };
}

/// <summary>A row as the provider's SQL returns it; the snippet still carries the raw match markers.</summary>
public sealed class RawSearchHit
{
    public string Kind { get; set; } = "";
    public string Key { get; set; } = "";
    public string Title { get; set; } = "";
    public string Snippet { get; set; } = "";
    public double Rank { get; set; }
}

/// <summary>
/// Full-text search over <see cref="SearchEntry"/>. The SQL is the provider's own (FTS5 on SQLite,
/// tsvector on PostgreSQL), so each provider project holds a subclass and the host registers the one
/// matching its database; Core stays free of provider packages (docs/adr/0006).
/// </summary>
public abstract class SearchEngine
{
    /// <summary>
    /// Control characters the SQL puts around matched words instead of &lt;mark&gt;: the stored text is
    /// not HTML, so the snippet is encoded first and only then are these turned into markup.
    /// </summary>
    public const string MatchStart = "\u0002";
    public const string MatchEnd = "\u0003";

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(AppDbContext db, SearchQuery query, DateOnly today, CancellationToken ct = default)
    {
        var rows = await QueryAsync(db, query, today, ct);
        return [.. rows.Select(r => new SearchHit(r.Kind, r.Key, r.Title, MarkedHtml(r.Snippet), r.Rank))];
    }

    /// <summary>The best <see cref="SearchQuery.Limit"/> visible entries matching the query, best first.</summary>
    protected abstract Task<List<RawSearchHit>> QueryAsync(AppDbContext db, SearchQuery query, DateOnly today, CancellationToken ct);

    /// <summary>Encodes a snippet and turns the match markers into &lt;mark&gt; elements; stray markers are dropped.</summary>
    public static string MarkedHtml(string snippet)
    {
        var html = new System.Text.StringBuilder(snippet.Length + 32);
        var open = false;
        foreach (var part in snippet.Split([MatchStart, MatchEnd], StringSplitOptions.None).Select((text, i) => (text, i)))
        {
            if (part.i > 0)
            {
                // Every split point is a marker; alternate open/close so the markup always balances.
                html.Append(open ? "</mark>" : "<mark>");
                open = !open;
            }
            html.Append(WebUtility.HtmlEncode(part.text));
        }
        if (open)
            html.Append("</mark>");
        return html.ToString();
    }
}
