using PmoPath.Framework;

namespace PmoPath.Catalog;

/// <summary>
/// Everything a practitioner wants to know about one career level, put together from the framework:
/// who it is for, the courses that serve it (core certifications first), and what the level, and the
/// next one, expect in each competency area.
/// </summary>
public sealed class LevelGuide
{
    private LevelGuide(
        CareerLevel level, CareerLevel? previous, CareerLevel? next, IReadOnlyList<PmoType> pmoTypes,
        IReadOnlyList<Course> certifications, IReadOnlyList<Course> retired, IReadOnlyList<Course> specialists,
        IReadOnlyList<Expectation> expectations)
    {
        Level = level;
        Previous = previous;
        Next = next;
        PmoTypes = pmoTypes;
        Certifications = certifications;
        Retired = retired;
        Specialists = specialists;
        Expectations = expectations;
    }

    public CareerLevel Level { get; }
    public CareerLevel? Previous { get; }
    public CareerLevel? Next { get; }
    public IReadOnlyList<PmoType> PmoTypes { get; }

    /// <summary>Current certifications serving the level: the core ones for this level first, then the rest, each in framework order.</summary>
    public IReadOnlyList<Course> Certifications { get; }

    /// <summary>Retired certifications that served the level, so holders can see what replaced them.</summary>
    public IReadOnlyList<Course> Retired { get; }

    public IReadOnlyList<Course> Specialists { get; }

    /// <summary>One line per competency area, in framework order.</summary>
    public IReadOnlyList<Expectation> Expectations { get; }

    public bool IsCore(Course course) => course.CoreAtLevels.Contains(Level.Number);

    /// <param name="Here">The proficiency expected at this level.</param>
    /// <param name="AtNext">The proficiency expected at the next level, or null at the top level.</param>
    public sealed record Expectation(CompetencyArea Area, int Here, int? AtNext)
    {
        public bool RisesAtNext => AtNext > Here;
    }

    /// <summary>The guide for level <paramref name="number"/>, or null when there is no such level.</summary>
    public static LevelGuide? For(FrameworkSnapshot framework, int number)
    {
        if (!CareerLevel.IsValid(number) || framework.Levels.Count < number)
            return null;
        var level = framework.Level(number);
        var previous = number > CareerLevel.Lowest ? framework.Level(number - 1) : null;
        var next = number < CareerLevel.Highest ? framework.Level(number + 1) : null;

        var serving = framework.Courses.Where(c => c.Levels.Contains(number)).ToList();
        var certifications = serving
            .Where(c => c.IsCertification && !c.Retired)
            .OrderByDescending(c => c.CoreAtLevels.Contains(number)) // a stable sort: framework order within each group
            .ToList();
        var retired = serving.Where(c => c.IsCertification && c.Retired).ToList();
        var specialists = serving.Where(c => c.Kind == CourseKind.Specialist && !c.Retired).ToList();

        var expectations = framework.Competencies
            .Select(a => new Expectation(a, a.ExpectedAt(number), next is null ? null : a.ExpectedAt(next.Number)))
            .ToList();
        var types = level.PmoTypes.Select(code => framework.PmoTypeByCode.GetValueOrDefault(code)).OfType<PmoType>().ToList();

        return new LevelGuide(level, previous, next, types, certifications, retired, specialists, expectations);
    }
}
