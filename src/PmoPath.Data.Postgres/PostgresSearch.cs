using Microsoft.EntityFrameworkCore;
using PmoPath.Data;
using PmoPath.Search;

namespace PmoPath.Data.Postgres;

/// <summary>
/// Search on PostgreSQL: a stored, generated <c>tsvector</c> column over <c>SearchEntries</c> (title
/// weighted A, body B) with a GIN index, created by the Knowledge migration. The user's text goes
/// through <c>websearch_to_tsquery</c>, which accepts anything typed into a search box; ranked by
/// <c>ts_rank</c>; snippets from <c>ts_headline</c>, computed only for the rows returned.
/// </summary>
public sealed class PostgresSearch : SearchEngine
{
    public const string CreateIndexSql = """
        ALTER TABLE "SearchEntries" ADD COLUMN "Document" tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', coalesce("Title", '')), 'A') ||
          setweight(to_tsvector('english', coalesce("Body", '')), 'B')) STORED;
        CREATE INDEX "IX_SearchEntries_Document" ON "SearchEntries" USING GIN ("Document");
        """;

    public const string DropIndexSql = """
        DROP INDEX IF EXISTS "IX_SearchEntries_Document";
        ALTER TABLE "SearchEntries" DROP COLUMN IF EXISTS "Document";
        """;

    private const string HeadlineOptions = $"StartSel={MatchStart}, StopSel={MatchEnd}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=\" … \"";

    protected override async Task<List<RawSearchHit>> QueryAsync(AppDbContext db, SearchQuery query, DateOnly today, CancellationToken ct) =>
        await db.Database.SqlQuery<RawSearchHit>($"""
            SELECT h."Kind", h."Key", h."Title",
                   ts_headline('english', h."Body", h.q, {HeadlineOptions}) AS "Snippet",
                   h."Rank"
            FROM (
              SELECT e."Kind", e."Key", e."Title", e."Body", q, ts_rank(e."Document", q)::double precision AS "Rank"
              FROM "SearchEntries" AS e, websearch_to_tsquery('english', {query.Text}) AS q
              WHERE e."Document" @@ q
                AND e."Levels" LIKE {query.LevelPattern} AND e."Competencies" LIKE {query.CompetencyPattern}
                AND (e."VisibleFrom" IS NULL OR e."VisibleFrom" <= {today})
                AND (e."VisibleUntil" IS NULL OR e."VisibleUntil" >= {today})
              ORDER BY "Rank" DESC, e."Id"
              LIMIT {query.Limit}
            ) AS h
            ORDER BY h."Rank" DESC
            """).ToListAsync(ct);
}
