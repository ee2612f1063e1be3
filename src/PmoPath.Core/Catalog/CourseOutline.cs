using PmoPath.Framework;

namespace PmoPath.Catalog;

/// <summary>
/// One course with everything around it resolved: its body, the levels and competency areas it serves,
/// the path of certificates that leads to it, what replaced it or what it replaced, and what it leads on to.
/// </summary>
public sealed class CourseOutline
{
    private CourseOutline(Course course, FrameworkSnapshot framework)
    {
        Course = course;
        Body = course.Body is null ? null : framework.BodyByCode.GetValueOrDefault(course.Body);
        Levels = [.. course.Levels.Order().Where(n => CareerLevel.IsValid(n) && n <= framework.Levels.Count).Select(framework.Level)];
        Competencies = [.. course.Competencies.Select(code => framework.CompetencyByCode.GetValueOrDefault(code)).OfType<CompetencyArea>()];
        Path = framework.PathTo(course);
        OtherPrerequisites = [.. course.Prerequisites
            .Where(p => p.Kind != PrerequisiteKind.Certificate)
            .Select(p => CourseFacts.Describe(p, framework))];
        var current = course.Retired ? framework.Current(course) : course;
        ReplacedBy = current.Code == course.Code ? null : current;
        Replaced = [.. framework.Predecessors(course)];
        LeadsTo = [.. framework.Courses.Where(c => !c.Retired && c.Prerequisites.Any(p => p.Kind == PrerequisiteKind.Certificate && p.Course == course.Code))];
    }

    public Course Course { get; }

    /// <summary>The certification body; null for a specialist course.</summary>
    public CertificationBody? Body { get; }

    public IReadOnlyList<CareerLevel> Levels { get; }
    public IReadOnlyList<CompetencyArea> Competencies { get; }

    /// <summary>The certificates to hold first, earliest first, ending with this course.</summary>
    public IReadOnlyList<Course> Path { get; }

    /// <summary>Prerequisites that are not certificates (current level, years of experience), as sentences.</summary>
    public IReadOnlyList<string> OtherPrerequisites { get; }

    /// <summary>For a retired course, the course offered today in its place.</summary>
    public Course? ReplacedBy { get; }

    /// <summary>Retired courses this one is now offered in place of.</summary>
    public IReadOnlyList<Course> Replaced { get; }

    /// <summary>Current courses that ask for this course's certificate.</summary>
    public IReadOnlyList<Course> LeadsTo { get; }

    public bool HasPrerequisites => Path.Count > 1 || OtherPrerequisites.Count > 0;

    /// <summary>"First P3O Foundation, then P3O Practitioner.", or null when no certificate comes first.</summary>
    public string? PathSentence => Path.Count < 2
        ? null
        : $"First {Path[0].Title}, then {string.Join(", then ", Path.Skip(1).Select(c => c.Title))}.";

    public static CourseOutline? For(FrameworkSnapshot framework, string code) =>
        framework.FindCourse(code) is { } course ? new CourseOutline(course, framework) : null;
}
