namespace PmoPath.Data;

/// <summary>
/// The service key of the read-only database. The <see cref="AppDbContext"/> (scoped, bound to the caller) and the
/// <c>IDbContextFactory&lt;AppDbContext&gt;</c> registered under it read from a PostgreSQL streaming replica when the
/// host is given <c>ConnectionStrings:PmoPathReadOnly</c>, and from the primary otherwise; they never track entities.
/// Only paths whose figures may be a few seconds old take them — the organisation view, the team view and its reports,
/// search (docs/adr/0010). Writes, and the pages that show what was just written, take the unkeyed ones.
/// </summary>
public static class ReadOnlyData
{
    public const string Key = "PmoPath.ReadOnly";
}
