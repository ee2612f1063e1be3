using PmoPath.Framework;

namespace PmoPath.Catalog;

/// <summary>
/// The picture the seed texts describe as "how the three bodies' qualifications fit together by level":
/// one row per certification body, one column per career level, the body's certifications in each cell.
/// Retired certifications stay in the picture, pointing at the course that replaced them, because people
/// hold them and want to know where they now stand.
/// </summary>
public sealed class CareerPathGrid
{
    private CareerPathGrid(IReadOnlyList<CareerLevel> levels, IReadOnlyList<Row> rows)
    {
        Levels = levels;
        Rows = rows;
    }

    /// <summary>The columns, lowest level first.</summary>
    public IReadOnlyList<CareerLevel> Levels { get; }

    /// <summary>One row per body that has certifications, in the framework's order.</summary>
    public IReadOnlyList<Row> Rows { get; }

    /// <param name="Cells">One cell per entry of <see cref="Levels"/>, in the same order; a cell may be empty.</param>
    public sealed record Row(CertificationBody Body, IReadOnlyList<IReadOnlyList<Entry>> Cells)
    {
        /// <summary>Every certification of the body is retired (BCS since it handed PPSO to House of PMO).</summary>
        public bool AllRetired => Cells.SelectMany(c => c).All(e => e.Course.Retired);
    }

    /// <param name="Core">The course is a core certification at this cell's level: where a practitioner should start.</param>
    /// <param name="ReplacedBy">For a retired course, the course offered today in its place.</param>
    public sealed record Entry(Course Course, bool Core, Course? ReplacedBy);

    public static CareerPathGrid Build(FrameworkSnapshot framework)
    {
        var rows = new List<Row>();
        foreach (var body in framework.Bodies)
        {
            var certifications = framework.Courses.Where(c => c.IsCertification && c.Body == body.Code).ToList();
            if (certifications.Count == 0)
                continue;
            var cells = framework.Levels
                .Select(level => (IReadOnlyList<Entry>)[.. certifications
                    .Where(c => c.Levels.Contains(level.Number))
                    .Select(c => new Entry(c, c.CoreAtLevels.Contains(level.Number), ReplacedBy(c, framework)))])
                .ToList();
            rows.Add(new Row(body, cells));
        }
        return new CareerPathGrid(framework.Levels, rows);
    }

    private static Course? ReplacedBy(Course course, FrameworkSnapshot framework)
    {
        if (!course.Retired)
            return null;
        var current = framework.Current(course);
        return current.Code == course.Code ? null : current;
    }
}

/// <summary>
/// The specialist courses grouped by the competency area (the skill gap) each one closes, in the
/// framework's order of areas. A course that develops two areas appears under both.
/// </summary>
public static class SkillGapCourses
{
    public sealed record Gap(CompetencyArea Area, IReadOnlyList<Course> Courses);

    public static IReadOnlyList<Gap> Build(FrameworkSnapshot framework, int? level = null)
    {
        var specialists = framework.Courses
            .Where(c => c.Kind == CourseKind.Specialist && !c.Retired && (level is null || c.Levels.Contains(level.Value)))
            .ToList();
        return [.. framework.Competencies
            .Select(area => new Gap(area, [.. specialists.Where(c => c.Competencies.Contains(area.Code))]))
            .Where(gap => gap.Courses.Count > 0)];
    }
}
