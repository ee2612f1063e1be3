using System.Collections.Frozen;
using PmoPath.Catalog;
using PmoPath.Framework;

namespace PmoPath.Advice;

/// <summary>
/// The catalogue indexed the way the advisor reads it: courses by position, each course's current
/// successor, its renewal group, its certificate prerequisites and the competency areas it develops.
/// Built once per <see cref="FrameworkSnapshot"/> so that advising one profile only walks small arrays.
/// </summary>
internal sealed class AdvisorCatalog
{
    public AdvisorCatalog(FrameworkSnapshot framework)
    {
        Framework = framework;
        Policy = framework.Advice;
        Courses = [.. framework.Courses];
        var n = Courses.Length;
        Index = Courses.Select((c, i) => (c.Code, i)).ToFrozenDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
        Areas = [.. framework.Competencies];
        AreaIndex = Areas.Select((a, i) => (a.Code, i)).ToFrozenDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);

        Current = new int[n];
        MinLevel = new int[n];
        MaxLevel = new int[n];
        RenewalGroup = new string?[n];
        CertificatePrerequisites = new int[n][];
        CourseAreas = new int[n][];
        Predecessors = new int[n][];
        OpensLevels = new int[n];
        Depth = new int[n];
        for (var i = 0; i < n; i++)
        {
            var course = Courses[i];
            Current[i] = Index[framework.Current(course).Code];
            MinLevel[i] = course.Levels.Count == 0 ? CareerLevel.Highest + 1 : course.Levels.Min();
            MaxLevel[i] = course.Levels.Count == 0 ? 0 : course.Levels.Max();
            // Certificates of one suite share a renew-by date; a renewable course outside a suite is a group of its own.
            RenewalGroup[i] = course.Renewal is { Kind: RenewalKind.RenewWithinYears } ? course.Suite ?? "course:" + course.Code : null;
            CertificatePrerequisites[i] = [.. course.Prerequisites.Where(p => p.Kind == PrerequisiteKind.Certificate).Select(p => Index[p.Course!])];
            CourseAreas[i] = [.. course.Competencies.Where(AreaIndex.ContainsKey).Select(code => AreaIndex[code])];
            Depth[i] = framework.PathTo(course).Count;
        }
        for (var i = 0; i < n; i++)
            Predecessors[i] = [.. Enumerable.Range(0, n).Where(j => j != i && Courses[j].Retired && Current[j] == i)];

        Certifications = [.. Enumerable.Range(0, n).Where(i => !Courses[i].Retired && Courses[i].IsCertification)];
        Specialists = [.. Enumerable.Range(0, n).Where(i => !Courses[i].Retired && Courses[i].Kind == CourseKind.Specialist)];
        CoresAt = new int[CareerLevel.Highest + 1][];
        for (var level = 0; level <= CareerLevel.Highest; level++)
            CoresAt[level] = [.. Certifications.Where(i => Courses[i].CoreAtLevels.Contains(level))];

        // A course "opens the way" to a level when it is on the prerequisite path of a core certification there.
        for (var level = CareerLevel.Lowest; level <= CareerLevel.Highest; level++)
            foreach (var core in CoresAt[level])
                foreach (var step in framework.PathTo(Courses[core]))
                    if (step.Code != Courses[core].Code)
                        OpensLevels[Current[Index[step.Code]]] |= 1 << level;

        GroupNames = Enumerable.Range(0, n).Where(i => RenewalGroup[i] is not null)
            .GroupBy(i => RenewalGroup[i]!)
            .ToFrozenDictionary(g => g.Key, g => GroupName(g.First()), StringComparer.Ordinal);

        // Renewal groups by number, so that one advice run keeps their dates in small arrays.
        GroupKeys = [.. RenewalGroup.Where(g => g is not null).Select(g => g!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        GroupIndex = [.. RenewalGroup.Select(g => g is null ? -1 : Array.IndexOf(GroupKeys, g))];
        GroupCpdPointsPerYear = [.. GroupKeys.Select(key => Courses.First(c => c.Renewal is not null && (c.Suite ?? "course:" + c.Code) == key).Renewal!.CpdPointsPerYear)];
        GroupRenewal = [.. GroupKeys.Select(key => Courses.First(c => c.Renewal is not null && (c.Suite ?? "course:" + c.Code) == key).Renewal!)];
        PmoFavour = PmoTypePreferences.Index(framework, Index, n);

        CoreLevels = new int[n];
        for (var level = CareerLevel.Lowest; level <= CareerLevel.Highest; level++)
            foreach (var core in CoresAt[level])
                CoreLevels[core] |= 1 << level;
        LevelsText = [.. Courses.Select(DescribeLevels)];
        RetiredText = [.. Enumerable.Range(0, n).Select(i => Courses[i].Retired
            ? $"Retired in favour of {Courses[Current[i]].Title}, which is offered instead."
            : "")];
        Related = [.. Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Where(j => j != i && SameFamily(Courses[i], Courses[j])).ToArray())];
        AreaNames = [.. Areas.Select(a => a.Name.Length > 1 && char.IsUpper(a.Name[1]) ? a.Name : char.ToLowerInvariant(a.Name[0]) + a.Name[1..])];
        NotRatedText = [.. AreaNames.Select(name => $"You have not rated {name}, the area it develops, so no gap is assumed.")];
        // Why a course is held back for its levels, for every level and target: the same few sentences for everyone.
        LevelText = new string[n, CareerLevel.Highest + 1, CareerLevel.Highest + 1];
        for (var i = 0; i < n; i++)
            for (var level = CareerLevel.Lowest; level <= CareerLevel.Highest; level++)
                for (var target = level; target <= CareerLevel.Highest; target++)
                    LevelText[i, level, target] = MaxLevel[i] < level
                        ? $"It serves {LevelsText[i]}; you already work at level {level}."
                        : $"It serves {LevelsText[i]}; you work at level {level} and aim for level {target}.";
        OpensCore = new int[n][];
        for (var i = 0; i < n; i++)
        {
            OpensCore[i] = [.. Enumerable.Repeat(-1, CareerLevel.Highest + 1)];
            for (var level = CareerLevel.Lowest; level <= CareerLevel.Highest; level++)
                foreach (var core in CoresAt[level])
                    if (OpensCore[i][level] < 0 && core != i && framework.PathTo(Courses[core]).Any(step => Current[Index[step.Code]] == i))
                        OpensCore[i][level] = core;
        }
    }

    /// <summary>The renewal groups' keys, in a fixed order; <see cref="GroupIndex"/> points into it.</summary>
    public string[] GroupKeys { get; }

    /// <summary>Each course's renewal group as an index into <see cref="GroupKeys"/>, or -1 where it does not lapse.</summary>
    public int[] GroupIndex { get; }

    public int?[] GroupCpdPointsPerYear { get; }

    /// <summary>Each renewal group's rule (years, CPD points and subscription), from its first course.</summary>
    public Catalog.RenewalRule[] GroupRenewal { get; }

    /// <summary>Per PMO type code, per level (index 1 to 4), per course: the index of the PMO-type rule that weighs it up, or -1.</summary>
    public FrozenDictionary<string, int[][]> PmoFavour { get; }

    /// <summary>Bit <c>1 &lt;&lt; level</c> is set for each level where the course is an offered core certification.</summary>
    public int[] CoreLevels { get; }

    /// <summary>"level 1", "levels 2 and 3", "levels 2 to 4".</summary>
    public string[] LevelsText { get; }

    /// <summary>Why a retired course is held back; empty for a course that is offered.</summary>
    public string[] RetiredText { get; }

    /// <summary>Competency area names as they read inside a sentence: "benefits management", "PMO set-up and design".</summary>
    public string[] AreaNames { get; }

    public string[] NotRatedText { get; }

    /// <summary>Indexed by course, level and target: why the course's levels keep it off the advice.</summary>
    public string[,,] LevelText { get; }

    /// <summary>Other courses of the same suite or the same certification body.</summary>
    public int[][] Related { get; }

    /// <summary>Per course and level: a core certification of that level on whose prerequisite path the course lies, or -1.</summary>
    public int[][] OpensCore { get; }

    private static bool SameFamily(Course a, Course b) =>
        (a.Suite is not null && a.Suite == b.Suite) || (a.Body is not null && a.Body == b.Body);

    private static string DescribeLevels(Course course)
    {
        var levels = course.Levels.Order().ToList();
        return levels.Count switch
        {
            0 => "no level",
            1 => $"level {levels[0]}",
            2 => $"levels {levels[0]} and {levels[1]}",
            _ when levels[^1] - levels[0] == levels.Count - 1 => $"levels {levels[0]} to {levels[^1]}",
            _ => $"levels {string.Join(", ", levels.Take(levels.Count - 1))} and {levels[^1]}",
        };
    }

    public FrameworkSnapshot Framework { get; }
    public AdvicePolicy Policy { get; }
    public Course[] Courses { get; }
    public FrozenDictionary<string, int> Index { get; }
    public CompetencyArea[] Areas { get; }
    public FrozenDictionary<string, int> AreaIndex { get; }

    /// <summary>The index of the course offered today in place of each course (itself unless retired).</summary>
    public int[] Current { get; }

    public int[] MinLevel { get; }
    public int[] MaxLevel { get; }

    /// <summary>The key of the group whose certificates share one renew-by date, or null where the certificate does not lapse.</summary>
    public string?[] RenewalGroup { get; }

    public int[][] CertificatePrerequisites { get; }
    public int[][] CourseAreas { get; }
    public int[][] Predecessors { get; }

    /// <summary>Bit <c>1 &lt;&lt; level</c> is set where the course is a prerequisite step of a core certification at that level.</summary>
    public int[] OpensLevels { get; }

    /// <summary>How many certificates lead to and include the course: 1 for a foundation, 2 for a practitioner after it.</summary>
    public int[] Depth { get; }

    /// <summary>Certification courses that are offered (not retired), in catalogue order.</summary>
    public int[] Certifications { get; }

    /// <summary>Specialist courses that are offered, in catalogue order.</summary>
    public int[] Specialists { get; }

    /// <summary>Offered core certifications per level (index 1 to 4).</summary>
    public int[][] CoresAt { get; }

    /// <summary>"AXELOS" for a suite, the course title for a renewable course of its own.</summary>
    public FrozenDictionary<string, string> GroupNames { get; }

    public string Title(int i) => Courses[i].Title;

    public bool IsCoreAt(int course, int level) => (CoreLevels[course] & (1 << level)) != 0;

    private string GroupName(int i)
    {
        var course = Courses[i];
        if (course.Suite is null)
            return course.Title;
        return course.Body is { } body && Framework.BodyByCode.TryGetValue(body, out var b) ? b.ShortName : course.Suite;
    }
}
