namespace PmoPath.Search;

/// <summary>What a search hit is.</summary>
public static class SearchKinds
{
    public const string Article = "article";
    public const string Course = "course";
    public const string Job = "job";
    public const string Provider = "provider";
}

/// <summary>
/// One searchable thing (an article, a course, a job, a training provider) as plain text plus the facts search filters on.
/// The rows are kept by the stores that own the things (<see cref="SearchIndex"/>); each provider adds its
/// full-text index over them in its migrations: an FTS5 table on SQLite, a tsvector column with a GIN
/// index on PostgreSQL (docs/adr/0006).
/// </summary>
public sealed class SearchEntry
{
    public int Id { get; set; }
    public string Kind { get; set; } = "";

    /// <summary>The slug, code or id that addresses the thing within its kind.</summary>
    public string Key { get; set; } = "";
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";

    /// <summary>Career levels as "|1|2|", so a filter is one LIKE that both providers run the same way.</summary>
    public string Levels { get; set; } = "|";

    /// <summary>Competency-area codes as "|benefits-management|strategy|".</summary>
    public string Competencies { get; set; } = "|";

    /// <summary>Hidden before this day (a job not yet open).</summary>
    public DateOnly? VisibleFrom { get; set; }

    /// <summary>Hidden after this day (a job past its closing date).</summary>
    public DateOnly? VisibleUntil { get; set; }

    public static string Packed<T>(IEnumerable<T> values) => "|" + string.Concat(values.Select(v => $"{v}|"));
}
