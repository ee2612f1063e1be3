using System.Globalization;
using PmoPath.Catalog;
using PmoPath.Framework;
using PmoPath.Sessions;

namespace PmoPath.Advice;

/// <summary>A course named in a comparison, to link to it.</summary>
public sealed record CourseLink(string Code, string Title);

/// <summary>The prices of a course's bookable public sessions: the cheapest and the dearest seat, in one currency.</summary>
public sealed record PriceRange(decimal From, decimal To, string Currency)
{
    /// <summary>"£1,250", or "£995 to £1,450".</summary>
    public override string ToString() => From == To ? Money.Format(From, Currency) : $"{Money.Format(From, Currency)} to {Money.Format(To, Currency)}";
}

/// <summary>
/// One course in a comparison: the facts a person weighs between certifications, each either stated or said to
/// be not published (never a planning value shown as fact).
/// </summary>
public sealed record ComparedCourse(
    string Code,
    string Title,
    CourseKind Kind,
    string? Body,
    string? BodyName,
    IReadOnlyList<int> Levels,
    IReadOnlyList<int> CoreAtLevels,
    bool Retired)
{
    /// <summary>The length in days as published; null when the provider or body has not published it (see <see cref="Length"/>).</summary>
    public decimal? DurationDays { get; init; }

    /// <summary>"3 days", or "not published".</summary>
    public string Length { get; init; } = "";

    /// <summary>The exam in one sentence, "not published" where unknown, or why there is none.</summary>
    public string Exam { get; init; } = "";

    /// <summary>The price range over the bookable public sessions; null when none is scheduled (see <see cref="PriceReason"/>).</summary>
    public PriceRange? Price { get; init; }

    /// <summary>Why <see cref="Price"/> is null; null when it is known.</summary>
    public string? PriceReason { get; init; }

    /// <summary>The cheapest bookable session (the soonest among equals); null when none.</summary>
    public SessionOffer? CheapestSession { get; init; }

    /// <summary>Up to three public sessions bookable today, soonest first.</summary>
    public IReadOnlyList<SessionOffer> NextSessions { get; init; } = [];

    /// <summary>How the certificate stays current, or that it does not lapse; null for a course without a certificate.</summary>
    public string? Renewal { get; init; }

    /// <summary>The prerequisites as sentences; empty when there are none.</summary>
    public IReadOnlyList<string> Prerequisites { get; init; } = [];

    /// <summary>Current courses that ask for this course's certificate.</summary>
    public IReadOnlyList<CourseLink> LeadsTo { get; init; } = [];

    /// <summary>The course offered today in place of a retired one.</summary>
    public CourseLink? ReplacedBy { get; init; }

    /// <summary>Who the advice weighs it up for: the core levels and the PMO-type rules that name it ("Portfolio office at levels 3 and 4").</summary>
    public IReadOnlyList<string> Suits { get; init; } = [];

    /// <summary>For a level given: how the course fits a person working at it; null without a level.</summary>
    public string? LevelFit { get; init; }

    /// <summary>For a PMO type given: the rule's reason when a rule weighs the course up for that type (and level); null otherwise.</summary>
    public string? PmoTypeFit { get; init; }

    /// <summary>Where the facts were checked: the course's sources, then its body's.</summary>
    public IReadOnlyList<Source> Sources { get; init; } = [];
}

/// <summary>Two to four courses side by side, as of a day, optionally for a level and a PMO type.</summary>
public sealed record CourseComparisonResult(DateOnly AsOf, int? Level, string? PmoType, IReadOnlyList<ComparedCourse> Courses);

/// <summary>
/// "Which certification is right for me?": two to four courses set side by side from the catalogue and the public
/// schedule. Pure, like the advisor: the same framework, schedule, day and codes give the same answer.
/// </summary>
public static class CourseComparison
{
    public const int MinCourses = 2;
    public const int MaxCourses = 4;

    /// <summary>How many bookable sessions each course lists.</summary>
    public const int MaxNextSessions = 3;

    /// <summary>
    /// The codes as given, in order: each value may itself hold several separated by commas (the API's
    /// <c>codes=a,b,c</c>; a form's repeated <c>codes=a&amp;codes=b</c>). Blank entries are dropped; codes are lower-cased.
    /// </summary>
    public static List<string> ParseCodes(IEnumerable<string?> values) =>
        [.. values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Select(c => c.ToLowerInvariant())];

    /// <summary>
    /// Checks <paramref name="codes"/> (2 to 4 known courses, none twice), <paramref name="level"/> (1 to 4) and
    /// <paramref name="pmoType"/> (a known PMO type), then compares. Every error names its field and the code at fault.
    /// </summary>
    /// <exception cref="InvalidInputException">The codes, the level or the PMO type are not right.</exception>
    public static CourseComparisonResult Compare(
        FrameworkSnapshot framework, ScheduleSnapshot schedule, DateOnly asOf, IReadOnlyList<string> codes, string? level = null, string? pmoType = null)
    {
        ArgumentNullException.ThrowIfNull(framework);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(codes);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var problems = CheckCodes(framework, codes);
        if (problems.Count > 0)
            errors["codes"] = [.. problems];
        int? levelNumber = null;
        if (!string.IsNullOrWhiteSpace(level))
        {
            if (int.TryParse(level, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && CareerLevel.IsValid(n))
                levelNumber = n;
            else
                errors["level"] = [$"'{level}' is not a career level: give 1 to {CareerLevel.Highest}."];
        }
        var type = string.IsNullOrWhiteSpace(pmoType) ? null : pmoType.Trim().ToLowerInvariant();
        if (type is not null && !framework.PmoTypeByCode.ContainsKey(type))
            errors["pmoType"] = [$"'{pmoType}' is not a PMO type: give one of {string.Join(", ", framework.PmoTypes.Select(t => t.Code))}."];
        if (errors.Count > 0)
            throw new InvalidInputException(errors);

        var compared = codes.Select(code => Describe(framework.FindCourse(code)!, framework, schedule, asOf, levelNumber, type)).ToList();
        return new CourseComparisonResult(asOf, levelNumber, type, compared);
    }

    /// <summary>What is wrong with the codes, one sentence per problem naming the code; empty when they are fine.</summary>
    public static List<string> CheckCodes(FrameworkSnapshot framework, IReadOnlyList<string> codes)
    {
        var problems = new List<string>();
        if (codes.Count < MinCourses)
            problems.Add(codes.Count == 0
                ? $"Give {MinCourses} to {MaxCourses} course codes separated by commas, such as axelos-p3o-practitioner,aipmo-ipmo-practitioner."
                : $"Only one course was given ('{codes[0]}'): add 1 to {MaxCourses - 1} more to compare it with.");
        if (codes.Count > MaxCourses)
            problems.Add($"{codes.Count} courses were given; at most {MaxCourses} can be compared side by side. Leave out {string.Join(", ", codes.Skip(MaxCourses).Take(MaxCourses).Select(c => $"'{c}'"))}{(codes.Count > 2 * MaxCourses ? " and the rest" : "")} or another.");
        // A long list is answered by the count alone; only a few codes are named one by one.
        var named = codes.Take(2 * MaxCourses).ToList();
        foreach (var twice in named.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1))
            problems.Add($"'{twice.Key}' is given {twice.Count()} times; name each course once.");
        foreach (var unknown in named.Distinct(StringComparer.Ordinal).Where(c => framework.FindCourse(c) is null))
            problems.Add($"There is no course '{unknown}': use a code from the catalogue, such as '{Suggest(framework, unknown)}'.");
        return problems;
    }

    /// <summary>
    /// Courses to set beside <paramref name="code"/>: other current courses of its kind that serve one of its levels
    /// and are neither on its path nor after it (its own prerequisite is no alternative to it). Courses core at the
    /// same level come first, then courses core at another of its levels, then catalogue order; at most
    /// <see cref="MaxCourses"/> − 1.
    /// </summary>
    /// <param name="framework">The catalogue.</param>
    /// <param name="code">The course to find alternatives to.</param>
    /// <param name="leaveOut">Courses not to offer, such as those the person holds and are current.</param>
    /// <param name="held">
    /// For a person: the certificates on their record (current or not). Courses asking for a certificate they do not
    /// hold are then left out: an alternative is one they could take instead. Null for anyone (a course page).
    /// </param>
    public static List<string> AlternativesTo(FrameworkSnapshot framework, string code, IEnumerable<string>? leaveOut = null, IEnumerable<string>? held = null)
    {
        ArgumentNullException.ThrowIfNull(framework);
        if (framework.FindCourse(code) is not { } course)
            return [];
        var skip = new HashSet<string>(leaveOut ?? [], StringComparer.Ordinal) { course.Code };
        skip.UnionWith(framework.PathTo(course).Select(c => c.Code));
        var kind = course.Kind == CourseKind.Specialist ? CourseKind.Specialist : CourseKind.Certification;
        // A retired certificate held counts as its successor, as it does for prerequisites.
        var holds = held is null ? null : new HashSet<string>(held.Select(h => framework.FindCourse(h) is { } c ? framework.Current(c).Code : h).Concat(held), StringComparer.Ordinal);
        return [.. framework.Courses
            .Where(c => !c.Retired && c.Kind == kind && !skip.Contains(c.Code) && c.Levels.Intersect(course.Levels).Any()
                && !framework.PathTo(c).Any(p => p.Code == course.Code)
                && (holds is null || c.Prerequisites.All(p => p.Kind != PrerequisiteKind.Certificate || holds.Contains(p.Course!))))
            .OrderBy(c => c.CoreAtLevels.Intersect(course.CoreAtLevels).Any() ? 0 : c.CoreAtLevels.Intersect(course.Levels).Any() ? 1 : 2)
            .ThenBy(c => c.Position)
            .Take(MaxCourses - 1)
            .Select(c => c.Code)];
    }

    private static string Suggest(FrameworkSnapshot framework, string unknown)
    {
        // The catalogue code sharing the longest stretch with what was typed; good enough to point at the right family.
        var best = framework.Courses.Where(c => !c.Retired).MaxBy(c => Shared(c.Code, unknown)) ?? framework.Courses[0];
        return best.Code;
    }

    private static int Shared(string a, string b) =>
        a.Split('-').Intersect(b.Split('-'), StringComparer.Ordinal).Sum(part => part.Length);

    private static ComparedCourse Describe(Course course, FrameworkSnapshot framework, ScheduleSnapshot schedule, DateOnly asOf, int? level, string? pmoType)
    {
        var body = course.Body is null ? null : framework.BodyByCode.GetValueOrDefault(course.Body);
        var outline = CourseOutline.For(framework, course.Code)!;
        var bookable = schedule.For(course.Code).Where(s => s.BookableOn(asOf)).ToList();
        var next = bookable.Take(MaxNextSessions).Select(Offer).ToList();
        PriceRange? price = null;
        ScheduledSession? cheapest = null;
        if (bookable.Count > 0)
        {
            var currency = bookable[0].Currency;
            var same = bookable.Where(s => s.Currency == currency).ToList();
            cheapest = same.MinBy(s => s.Price);
            price = new PriceRange(same.Min(s => s.Price), same.Max(s => s.Price), currency);
        }
        return new ComparedCourse(course.Code, course.Title, course.Kind, course.Body, body?.Name,
            [.. course.Levels.Order()], [.. course.CoreAtLevels.Order()], course.Retired)
        {
            DurationDays = course.IsPublished("durationDays") && course.Kind != CourseKind.External ? course.DurationDays : null,
            Length = CourseFacts.PublishedLength(course),
            Exam = Exam(course),
            Price = price,
            PriceReason = price is not null ? null
                : course.Kind == CourseKind.External ? "Not booked through PmoPath: held elsewhere."
                : course.Retired ? "Retired: no longer offered."
                : "No public session can be booked now, so no price is known.",
            CheapestSession = cheapest is null ? null : Offer(cheapest),
            NextSessions = next,
            Renewal = course.IsRecordable ? Capitalise(CourseFacts.Renewal(course)) + "." : null,
            Prerequisites = [.. course.Prerequisites.Select(p => Capitalise(CourseFacts.Describe(p, framework)))],
            LeadsTo = [.. outline.LeadsTo.Select(c => new CourseLink(c.Code, c.Title))],
            ReplacedBy = outline.ReplacedBy is { } r ? new CourseLink(r.Code, r.Title) : null,
            Suits = Suits(course, framework),
            LevelFit = level is { } l ? LevelFit(course, l) : null,
            PmoTypeFit = pmoType is null ? null : PmoTypeFit(course, framework, pmoType, level),
            Sources = [.. course.Sources, .. (body?.Sources ?? []).Where(b => !course.Sources.Any(c => c.Url == b.Url))],
        };
    }

    private static SessionOffer Offer(ScheduledSession s) => new(s.Id, s.StartsOn, s.Provider, s.Price, s.Currency, s.SeatsLeft, s.Delivery);

    /// <summary>
    /// "Multiple choice, closed book (75 questions, 70 scored). 60 minutes; pass mark 35/70 (50%); on the final day (day 3)."
    /// Only what is published: an unknown length or pass mark says so, and open or closed book is said only where known.
    /// </summary>
    public static string Exam(Course course)
    {
        if (course.Kind == CourseKind.Specialist)
            return "No exam: a specialist course is not certified.";
        if (!course.IsPublished("assessment") || course.Assessment is not { } exam)
            return "Not published.";
        var format = exam.Format.Length > 0 ? exam.Format : "exam";
        var parts = new List<string>();
        if (exam.Questions is { } q && !format.Contains("question", StringComparison.OrdinalIgnoreCase))
            parts.Add(q == 1 ? "1 question" : $"{q} questions");
        var unknown = new List<string>();
        if (exam.DurationMinutes is { } m)
            parts.Add(Minutes(m));
        else if (!format.Contains("hour", StringComparison.OrdinalIgnoreCase))
            unknown.Add("length");
        if (exam.PassMark is null)
            unknown.Add("pass mark");
        else
            parts.Add("pass mark " + CourseFacts.PassMark(exam));
        if (unknown.Count > 0)
            parts.Add(Capitalise(And(unknown)) + " not published");
        if (exam.OpenBook && !format.Contains("open book", StringComparison.OrdinalIgnoreCase))
            parts.Add("open book");
        // The exam day is a fact only where the course's length is: "the final day" of an unpublished length is a guess.
        if (course.IsPublished("durationDays") && CourseFacts.ExamDay(course) is { } day)
            parts.Add(day);
        return $"{Capitalise(format)}. {Capitalise(string.Join("; ", parts))}.";
    }

    private static string Minutes(int minutes) => minutes % 60 == 0 && minutes >= 120
        ? $"{minutes / 60} hours"
        : minutes == 1 ? "1 minute" : $"{minutes} minutes";

    private static List<string> Suits(Course course, FrameworkSnapshot framework)
    {
        var suits = new List<string>();
        if (course.CoreAtLevels.Count > 0)
            suits.Add($"Core certification at {LevelsText(course.CoreAtLevels)}");
        foreach (var rule in framework.Advice.PmoTypeRules.Where(r => r.Courses.Contains(course.Code)))
        {
            var name = framework.PmoTypeByCode.GetValueOrDefault(rule.PmoType)?.Name ?? rule.PmoType;
            suits.Add(rule.Levels.Count == 0 ? $"Weighed up for people in {Article(name)}" : $"Weighed up for people in {Article(name)} at {LevelsText(rule.Levels)}");
        }
        return suits;
    }

    private static string LevelFit(Course course, int level)
    {
        if (course.CoreAtLevels.Contains(level))
            return $"The core certification for level {level}, where you work.";
        if (course.Levels.Contains(level))
            return $"Serves level {level}, where you work.";
        var above = course.Levels.Where(l => l > level).Order().ToList();
        return above.Count > 0
            ? $"For {LevelsText(above)}: a step beyond level {level}, where you work."
            : $"For {LevelsText(course.Levels)}: below level {level}, where you work.";
    }

    private static string? PmoTypeFit(Course course, FrameworkSnapshot framework, string pmoType, int? level)
    {
        var rule = framework.Advice.PmoTypeRules.FirstOrDefault(r => r.PmoType == pmoType && r.Courses.Contains(course.Code)
            && (level is null || r.Levels.Count == 0 || r.Levels.Contains(level.Value)));
        if (rule is not null)
            return rule.Reason;
        var name = framework.PmoTypeByCode.GetValueOrDefault(pmoType)?.Name ?? pmoType;
        return $"No rule weighs it up for {Article(name)}{(level is { } l ? $" at level {l}" : "")}.";
    }

    /// <summary>"A", "A and B", "A, B and C".</summary>
    public static string And(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count <= 1 ? string.Join("", list) : $"{string.Join(", ", list.Take(list.Count - 1))} and {list[^1]}";
    }

    /// <summary>"level 3", "levels 3 and 4", "levels 1, 2 and 3".</summary>
    public static string LevelsText(IEnumerable<int> levels)
    {
        var list = levels.Order().Select(l => l.ToString(CultureInfo.InvariantCulture)).ToList();
        return list.Count switch
        {
            0 => "no level",
            1 => $"level {list[0]}",
            _ => $"levels {string.Join(", ", list.Take(list.Count - 1))} and {list[^1]}",
        };
    }

    /// <summary>"a portfolio office", "an enterprise PMO (ePMO)": a PMO type's name in a sentence.</summary>
    public static string Article(string name) =>
        (name.Length > 0 && "AEIOUaeiou".Contains(name[0], StringComparison.Ordinal) ? "an " : "a ")
        + (name.Length > 1 && char.IsLower(name[1]) ? char.ToLowerInvariant(name[0]) + name[1..] : name);

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
