using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PmoPath.Data;
using PmoPath.Search;

namespace PmoPath.Data.Sqlite;

/// <summary>
/// Search on SQLite with FTS5: <c>SearchEntriesFts</c> is an external-content index over
/// <c>SearchEntries</c>, kept in step by triggers (see the Knowledge migration). Ranked by bm25 with the
/// title weighted above the body; snippets come from FTS5's <c>snippet()</c>.
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

    protected override async Task<List<RawSearchHit>> QueryAsync(AppDbContext db, SearchQuery query, DateOnly today, CancellationToken ct)
    {
        var match = MatchExpression(query.Text);
        if (match.Length == 0)
            return [];
        // EF stores DateOnly as 'yyyy-MM-dd' text on SQLite, which compares in date order.
        var day = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        // Ranking first, snippets after: snippet() is the costly part, and in one flat query SQLite
        // would compute it for every match before sorting. The outer query matches again, restricted to
        // the chosen rowids, because snippet() only works inside a MATCH.
        return await db.Database.SqlQuery<RawSearchHit>($"""
            WITH "Top" AS (
              SELECT f.rowid AS "Id", bm25("SearchEntriesFts", 10.0, 1.0) AS "Score"
              FROM "SearchEntriesFts" AS f
              JOIN "SearchEntries" AS e ON e."Id" = f.rowid
              WHERE "SearchEntriesFts" MATCH {match}
                AND e."Levels" LIKE {query.LevelPattern} AND e."Competencies" LIKE {query.CompetencyPattern}
                AND (e."VisibleFrom" IS NULL OR e."VisibleFrom" <= {day})
                AND (e."VisibleUntil" IS NULL OR e."VisibleUntil" >= {day})
              ORDER BY "Score"
              LIMIT {query.Limit})
            SELECT e."Kind" AS "Kind", e."Key" AS "Key", e."Title" AS "Title",
                   snippet("SearchEntriesFts", 1, {MatchStart}, {MatchEnd}, '…', 24) AS "Snippet",
                   -t."Score" AS "Rank"
            FROM "Top" AS t
            JOIN "SearchEntriesFts" ON "SearchEntriesFts".rowid = t."Id"
            JOIN "SearchEntries" AS e ON e."Id" = t."Id"
            WHERE "SearchEntriesFts" MATCH {match}
            ORDER BY t."Score"
            """).ToListAsync(ct);
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
