using PmoPath.Framework;

namespace PmoPath.Catalog;

/// <summary>
/// The catalogue's filters, parsed from text as the API, the pages and the CLI receive them, with an
/// error naming the bad parameter.
/// </summary>
public sealed record CatalogFilter(int? Level, CourseKind? Kind, string? Body, CatalogFilter.Problem? Error = null)
{
    public sealed record Problem(string Field, string Message);

    public static CatalogFilter Parse(string? level, string? kind, string? body, FrameworkSnapshot framework)
    {
        int? levelNumber = null;
        if (!string.IsNullOrWhiteSpace(level))
        {
            if (!int.TryParse(level, out var n) || !CareerLevel.IsValid(n))
                return Invalid("level", $"'{level}' is not a career level: use {CareerLevel.Lowest} to {CareerLevel.Highest}.");
            levelNumber = n;
        }

        CourseKind? courseKind = null;
        if (!string.IsNullOrWhiteSpace(kind))
        {
            courseKind = kind.Trim().ToLowerInvariant() switch
            {
                "certification" => CourseKind.Certification,
                "specialist" => CourseKind.Specialist,
                _ => null,
            };
            if (courseKind is null)
                return Invalid("kind", $"'{kind}' is not a kind of course: use certification or specialist.");
        }

        string? bodyCode = null;
        if (!string.IsNullOrWhiteSpace(body))
        {
            bodyCode = body.Trim().ToLowerInvariant();
            if (!framework.BodyByCode.ContainsKey(bodyCode))
                return Invalid("body", $"'{body}' is not a certification body: use one of {string.Join(", ", framework.Bodies.Select(b => b.Code))}.");
        }

        return new CatalogFilter(levelNumber, courseKind, bodyCode);
    }

    public IEnumerable<Course> Apply(IEnumerable<Course> courses, bool includeRetired = false) => courses.Where(c =>
        (includeRetired || !c.Retired)
        && (Level is null || c.Levels.Contains(Level.Value))
        && (Kind is null || c.Kind == Kind)
        && (Body is null || c.Body == Body));

    private static CatalogFilter Invalid(string field, string message) => new(null, null, null, new Problem(field, message));
}
