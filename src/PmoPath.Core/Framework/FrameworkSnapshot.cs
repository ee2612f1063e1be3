using System.Collections.Frozen;
using PmoPath.Advice;
using PmoPath.Catalog;
using PmoPath.Exchange;

namespace PmoPath.Framework;

/// <summary>
/// An immutable, indexed view of the whole framework and catalogue at one revision. Pages, the API
/// and the advisor read this instead of querying the small, rarely changed catalogue each time.
/// </summary>
public sealed class FrameworkSnapshot
{
    public FrameworkSnapshot(FrameworkDocument document, long revision = 0)
    {
        Document = document;
        Revision = revision;
        Levels = [.. document.Levels.OrderBy(l => l.Number)];
        Courses = document.Courses;
        CourseByCode = document.Courses.ToFrozenDictionary(c => c.Code, StringComparer.Ordinal);
        BodyByCode = document.Bodies.ToFrozenDictionary(b => b.Code, StringComparer.Ordinal);
        CompetencyByCode = document.Competencies.ToFrozenDictionary(c => c.Code, StringComparer.Ordinal);
        PmoTypeByCode = document.PmoTypes.ToFrozenDictionary(t => t.Code, StringComparer.Ordinal);
    }

    /// <summary>The document this snapshot was built from; treat it as read-only.</summary>
    public FrameworkDocument Document { get; }

    /// <summary>Increases with every import; tells a cached snapshot that it is stale.</summary>
    public long Revision { get; }

    public IReadOnlyList<CareerLevel> Levels { get; }
    public IReadOnlyList<PmoType> PmoTypes => Document.PmoTypes;
    public IReadOnlyList<CompetencyArea> Competencies => Document.Competencies;
    public IReadOnlyList<CertificationBody> Bodies => Document.Bodies;
    public IReadOnlyList<Course> Courses { get; }
    public AdvicePolicy Advice => Document.Advice;

    public FrozenDictionary<string, Course> CourseByCode { get; }
    public FrozenDictionary<string, CertificationBody> BodyByCode { get; }
    public FrozenDictionary<string, CompetencyArea> CompetencyByCode { get; }
    public FrozenDictionary<string, PmoType> PmoTypeByCode { get; }

    public CareerLevel Level(int number) => Levels[number - 1];

    public Course? FindCourse(string code) => CourseByCode.GetValueOrDefault(code);

    /// <summary>
    /// The course offered today in place of <paramref name="course"/>: itself, or the end of its chain of
    /// successors when it was retired.
    /// </summary>
    public Course Current(Course course)
    {
        var current = course;
        for (var hops = 0; current.Successor is { } next && hops < Courses.Count; hops++)
            current = CourseByCode[next];
        return current;
    }

    /// <summary>The chain of certificate prerequisites, earliest first, ending with the course itself.</summary>
    public IReadOnlyList<Course> PathTo(Course course)
    {
        var path = new List<Course>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Walk(Course c)
        {
            if (!seen.Add(c.Code))
                return;
            foreach (var p in c.Prerequisites.Where(p => p.Kind == PrerequisiteKind.Certificate))
                Walk(CourseByCode[p.Course!]);
            path.Add(c);
        }
        Walk(course);
        return path;
    }

    /// <summary>Retired courses whose successor chain ends in <paramref name="course"/>.</summary>
    public IEnumerable<Course> Predecessors(Course course) =>
        Courses.Where(c => c.Retired && c.Code != course.Code && Current(c).Code == course.Code);
}
