using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PmoPath.Data;
using PmoPath.Search;

namespace PmoPath.Data.Sqlite;

/// <summary>
/// Search on SQLite with FTS5: <c>SearchEntriesFts</c> is an external-content index over
/// <c>SearchEntries</c>, kept in step by triggers (see the FullTextSearch migration). Ranked by bm25 with the
/// title weighted above the body; snippets come from FTS5's <c>snippet()</c>, for the returned rows only.
/// </summary>
public sealed partial class SqliteSearch : SearchEngine
{
    /// <summary>The FTS5 table and the triggers that keep it in step; run by the migration.</summary>
    public const string CreateIndexSql = """
        CREATE VIRTUAL TABLE "SearchEntriesFts" USING fts5("Title", "Body", content='SearchEntries', content_rowid='Id', tokenize='porter unicode61 remove_diacritics 2');
        CREATE TRIGGER "SearchEntries_ai" AFTER INSERT ON "SearchEntries" BEGIN
          INSERT INTO "SearchEntriesFts"(rowid, "Title", "Body") VALUES (new."Id", new."Title", new."Body");
        END;
        CREATE TRIGGER "SearchEntries_ad" AFTER DELETE ON "SearchEntries" BEGIN
          INSERT INTO "SearchEntriesFts"("SearchEntriesFts", rowid, "Title", "Body") VALUES ('delete', old."Id", old."Title", old."Body");
        END;
        CREATE TRIGGER "SearchEntries_au" AFTER UPDATE ON "SearchEntries" BEGIN
          INSERT INTO "SearchEntriesFts"("SearchEntriesFts", rowid, "Title", "Body") VALUES ('delete', old."Id", old."Title", old."Body");
          INSERT INTO "SearchEntriesFts"(rowid, "Title", "Body") VALUES (new."Id", new."Title", new."Body");
        END;
        INSERT INTO "SearchEntriesFts"("SearchEntriesFts") VALUES ('rebuild');
        """;

    public const string DropIndexSql = """
        DROP TRIGGER IF EXISTS "SearchEntries_ai";
        DROP TRIGGER IF EXISTS "SearchEntries_ad";
        DROP TRIGGER IF EXISTS "SearchEntries_au";
        DROP TABLE IF EXISTS "SearchEntriesFts";
        """;

    /// <summary>
    /// A narrow index holding exactly the columns the filters read, in rowid order. Looking a match up here
    /// reads a page shared by dozens of entries (1.2 MB for 20,000); looking it up in <c>SearchEntries</c>
    /// reads the row with its whole body, about a page per entry, which for thousands of matches leaves
    /// SQLite's page cache and was much of a search's time. <see cref="QuerySql"/> names it with INDEXED BY (the planner would
    /// otherwise take the rowid), so a search fails loudly rather than slowly if it is ever missing.
    /// </summary>
    public const string CreateFilterIndexSql = """
        CREATE INDEX "IX_SearchEntries_Filters" ON "SearchEntries" ("Id", "Levels", "Competencies", "VisibleFrom", "VisibleUntil");
        """;

    public const string DropFilterIndexSql = """
        DROP INDEX IF EXISTS "IX_SearchEntries_Filters";
        """;

    /// <summary>bm25 with the title weighted ten times the body, as FTS5's rank for the query.</summary>
    public const string Ranking = "bm25(10.0, 1.0)";

    /// <summary>
    /// The page of results, best first. FTS5 ranks the matches itself (<c>rank MATCH</c> with <c>ORDER BY
    /// rank</c>) and hands them over in rank order, so SQLite has no sort of its own to do and stops at the
    /// LIMIT: the filters are checked (in <c>IX_SearchEntries_Filters</c>) only until the page is full, and
    /// the row and <c>snippet()</c> are read only for the rows returned. The CROSS JOINs fix that order of
    /// work. Parameters: <c>@match</c> (<see cref="MatchExpression"/>), <c>@ranking</c>, <c>@levels</c>,
    /// <c>@competencies</c> (LIKE patterns, <c>%</c> for any), <c>@day</c> (yyyy-MM-dd), <c>@start</c>,
    /// <c>@end</c> (the match markers) and <c>@limit</c>.
    /// </summary>
    public const string QuerySql = """
        SELECT e."Kind" AS "Kind", e."Key" AS "Key", e."Title" AS "Title",
               snippet("SearchEntriesFts", 1, @start, @end, '…', 24) AS "Snippet",
               -f.rank AS "Rank"
        FROM "SearchEntriesFts" AS f
        CROSS JOIN "SearchEntries" AS x INDEXED BY "IX_SearchEntries_Filters" ON x."Id" = f.rowid
        CROSS JOIN "SearchEntries" AS e ON e."Id" = f.rowid
        WHERE "SearchEntriesFts" MATCH @match AND f.rank MATCH @ranking
          AND x."Levels" LIKE @levels AND x."Competencies" LIKE @competencies
          AND (x."VisibleFrom" IS NULL OR x."VisibleFrom" <= @day)
          AND (x."VisibleUntil" IS NULL OR x."VisibleUntil" >= @day)
        ORDER BY f.rank
        LIMIT @limit
        """;

    protected override async Task<List<RawSearchHit>> QueryAsync(AppDbContext db, SearchQuery query, DateOnly today, CancellationToken ct)
    {
        var parameters = Parameters(query, today);
        if (parameters is null)
            return [];
        return await db.Database.SqlQueryRaw<RawSearchHit>(QuerySql, parameters).ToListAsync(ct);
    }

    /// <summary>The parameters of <see cref="QuerySql"/> for a search, or null when it has no words to match.</summary>
    public static SqliteParameter[]? Parameters(SearchQuery query, DateOnly today)
    {
        var match = MatchExpression(query.Text);
        if (match.Length == 0)
            return null;
        return
        [
            new("@match", match),
            new("@ranking", Ranking),
            new("@levels", query.LevelPattern),
            new("@competencies", query.CompetencyPattern),
            // EF stores DateOnly as 'yyyy-MM-dd' text on SQLite, which compares in date order.
            new("@day", today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            new("@start", MatchStart),
            new("@end", MatchEnd),
            new("@limit", query.Limit),
        ];
    }

    /// <summary>
    /// The user's words as an FTS5 query: each word quoted (so FTS5 operators and punctuation in the
    /// input are plain text, never syntax), all words required, the last one also as a prefix so a
    /// half-typed word still finds (a prefix query also matches the whole word, so no OR is needed;
    /// words under three letters are not expanded, as their prefixes match most of the index).
    /// </summary>
    public static string MatchExpression(string text)
    {
        var words = Word().Matches(text).Select(m => m.Value).Take(16).ToList();
        if (words.Count == 0)
            return "";
        var quoted = words.Select(w => $"\"{w}\"").ToList();
        if (words[^1].Length >= 3)
            quoted[^1] += "*";
        return string.Join(" AND ", quoted);
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
