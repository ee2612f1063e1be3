using System.Text.RegularExpressions;
using PmoPath.Catalog;
using PmoPath.Framework;

namespace PmoPath.Exchange;

/// <summary>
/// Checks a whole framework document and reports every problem at once, so an admin can mend a file
/// in one pass. An import applies nothing unless this finds no problem.
/// </summary>
public static partial class FrameworkValidator
{
    public const decimal MaxDurationDays = 10;

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Slug();

    /// <summary>Every problem of <paramref name="doc"/>; <paramref name="today"/> bounds the dates sources were checked on.</summary>
    public static IReadOnlyList<FrameworkProblem> Validate(FrameworkDocument doc, DateOnly today)
    {
        var problems = new List<FrameworkProblem>();
        void Problem(string path, string message) => problems.Add(new FrameworkProblem(path, message));

        if (doc.FormatVersion != FrameworkDocument.CurrentFormatVersion)
            Problem("formatVersion", $"must be {FrameworkDocument.CurrentFormatVersion}, not {doc.FormatVersion}");

        var levelNumbers = ValidateLevels(doc, Problem);
        var typeCodes = UniqueCodes(doc.PmoTypes, t => t.Code, "pmoTypes", Problem);
        var competencyCodes = UniqueCodes(doc.Competencies, c => c.Code, "competencies", Problem);
        var bodyCodes = UniqueCodes(doc.Bodies, b => b.Code, "bodies", Problem);
        var courseCodes = UniqueCodes(doc.Courses, c => c.Code, "courses", Problem);

        for (var i = 0; i < doc.Levels.Count; i++)
            foreach (var (type, j) in doc.Levels[i].PmoTypes.Select((t, j) => (t, j)))
                if (!typeCodes.Contains(type))
                    Problem($"levels[{i}].pmoTypes[{j}]", $"unknown PMO type '{type}'");

        for (var i = 0; i < doc.PmoTypes.Count; i++)
            Required(doc.PmoTypes[i].Name, $"pmoTypes[{i}].name", Problem);
        for (var i = 0; i < doc.Bodies.Count; i++)
        {
            Required(doc.Bodies[i].Name, $"bodies[{i}].name", Problem);
            ValidateSources(doc.Bodies[i].Sources, $"bodies[{i}].sources", today, Problem);
        }

        for (var i = 0; i < doc.Competencies.Count; i++)
        {
            var area = doc.Competencies[i];
            Required(area.Name, $"competencies[{i}].name", Problem);
            if (area.Expected.Count != CareerLevel.Highest)
                Problem($"competencies[{i}].expected", $"must give {CareerLevel.Highest} proficiencies, one for each level, not {area.Expected.Count}");
            for (var j = 0; j < area.Expected.Count; j++)
                if (area.Expected[j] is < CompetencyArea.MinProficiency or > CompetencyArea.MaxProficiency)
                    Problem($"competencies[{i}].expected[{j}]", $"proficiency must be {CompetencyArea.MinProficiency} to {CompetencyArea.MaxProficiency}, not {area.Expected[j]}");
        }

        for (var i = 0; i < doc.Courses.Count; i++)
            ValidateCourse(doc.Courses[i], $"courses[{i}]", levelNumbers, bodyCodes, competencyCodes, courseCodes, today, Problem);

        FindCycles(doc.Courses, c => c.Prerequisites.Where(p => p.Kind == PrerequisiteKind.Certificate).Select(p => p.Course!), "prerequisites", Problem);
        FindCycles(doc.Courses, c => c.Successor is null ? [] : [c.Successor], "successor", Problem);

        ValidateAdvice(doc, Problem);
        ValidateBounds(doc, Problem);
        return problems;
    }

    /// <summary>The longest code, name and text a framework file may hold, and how many items its lists may have.</summary>
    public const int MaxCodeLength = 64, MaxShortNameLength = 100, MaxNameLength = 200, MaxItemLength = 300, MaxTextLength = 4000, MaxListItems = 2000;

    /// <summary>
    /// Every string and list of the file has an upper bound (and the numbers the checks above leave open), so a file
    /// cannot fill the database or the pages with a million-character title.
    /// </summary>
    private static void ValidateBounds(FrameworkDocument doc, Action<string, string> problem)
    {
        void Text(string? value, string at, int max)
        {
            if (value is not null && value.Length > max)
                problem(at, $"at most {max} characters, not {value.Length}");
            else if (value is not null && value.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')))
                problem(at, "control characters (other than tab and line breaks) are not allowed");
        }
        void Count<T>(List<T> items, string at)
        {
            if (items.Count > MaxListItems)
                problem(at, $"at most {MaxListItems} items, not {items.Count}");
        }
        void Items(List<string> items, string at, int max)
        {
            Count(items, at);
            for (var j = 0; j < items.Count; j++)
                Text(items[j], $"{at}[{j}]", max);
        }
        // Lower bounds that mean something (positive, at least 1) are checked above; these are the upper ones.
        void AtMost(int? value, string at, int max)
        {
            if (value is { } v && v > max)
                problem(at, $"must be at most {max}, not {v}");
        }

        Count(doc.Levels, "levels");
        for (var i = 0; i < doc.Levels.Count; i++)
        {
            var level = doc.Levels[i];
            Text(level.Name, $"levels[{i}].name", MaxShortNameLength);
            Text(level.Summary, $"levels[{i}].summary", MaxTextLength);
            Text(level.Focus, $"levels[{i}].focus", MaxTextLength);
            Items(level.Knowledge, $"levels[{i}].knowledge", MaxItemLength);
            Items(level.Roles, $"levels[{i}].roles", MaxItemLength);
            Items(level.PmoTypes, $"levels[{i}].pmoTypes", MaxCodeLength);
        }
        Count(doc.PmoTypes, "pmoTypes");
        for (var i = 0; i < doc.PmoTypes.Count; i++)
        {
            Text(doc.PmoTypes[i].Code, $"pmoTypes[{i}].code", MaxCodeLength);
            Text(doc.PmoTypes[i].Name, $"pmoTypes[{i}].name", MaxShortNameLength);
            Text(doc.PmoTypes[i].Description, $"pmoTypes[{i}].description", MaxTextLength);
        }
        Count(doc.Competencies, "competencies");
        for (var i = 0; i < doc.Competencies.Count; i++)
        {
            Text(doc.Competencies[i].Code, $"competencies[{i}].code", MaxCodeLength);
            Text(doc.Competencies[i].Name, $"competencies[{i}].name", MaxShortNameLength);
            Text(doc.Competencies[i].Description, $"competencies[{i}].description", MaxTextLength);
        }
        Count(doc.Bodies, "bodies");
        for (var i = 0; i < doc.Bodies.Count; i++)
        {
            var body = doc.Bodies[i];
            Text(body.Code, $"bodies[{i}].code", MaxCodeLength);
            Text(body.Name, $"bodies[{i}].name", MaxNameLength);
            Text(body.ShortName, $"bodies[{i}].shortName", MaxCodeLength);
            Text(body.ExaminedBy, $"bodies[{i}].examinedBy", MaxNameLength);
            Text(body.Description, $"bodies[{i}].description", MaxTextLength);
        }
        Count(doc.Courses, "courses");
        for (var i = 0; i < doc.Courses.Count; i++)
        {
            var course = doc.Courses[i];
            var at = $"courses[{i}]";
            Text(course.Code, $"{at}.code", MaxCodeLength);
            Text(course.Title, $"{at}.title", MaxNameLength);
            Text(course.Suite, $"{at}.suite", MaxCodeLength);
            Text(course.Description, $"{at}.description", MaxTextLength);
            Items(course.Competencies, $"{at}.competencies", MaxCodeLength);
            Count(course.Prerequisites, $"{at}.prerequisites");
            if (course.Assessment is { } exam)
            {
                Text(exam.Format, $"{at}.assessment.format", MaxNameLength);
                AtMost(exam.Questions, $"{at}.assessment.questions", 1000);
                AtMost(exam.DurationMinutes, $"{at}.assessment.durationMinutes", 24 * 60);
                AtMost(exam.PassMark, $"{at}.assessment.passMark", 10_000);
                AtMost(exam.MaxMarks, $"{at}.assessment.maxMarks", 10_000);
                if (exam.PassMark < 0)
                    problem($"{at}.assessment.passMark", "must not be negative");
                if (exam.MaxMarks <= 0)
                    problem($"{at}.assessment.maxMarks", "must be positive");
            }
            if (course.Renewal is { } renewal)
            {
                AtMost(renewal.Years, $"{at}.renewal.years", 50);
                AtMost(renewal.CpdPointsPerYear, $"{at}.renewal.cpdPointsPerYear", 2000);
            }
        }
        AtMost(doc.Advice.CertificationDueAfterYears, "advice.certificationDueAfterYears", 50);
        AtMost(doc.Advice.CertificationOverdueAfterYears, "advice.certificationOverdueAfterYears", 50);
        AtMost(doc.Advice.MaxCertificationsPerYear, "advice.maxCertificationsPerYear", 20);
        AtMost(doc.Advice.MaxSpecialistRecommendations, "advice.maxSpecialistRecommendations", 50);
        Count(doc.Advice.Rules, "advice.rules");
        for (var i = 0; i < doc.Advice.Rules.Count; i++)
        {
            Text(doc.Advice.Rules[i].Code, $"advice.rules[{i}].code", MaxCodeLength);
            Text(doc.Advice.Rules[i].Title, $"advice.rules[{i}].title", MaxNameLength);
            Text(doc.Advice.Rules[i].Text, $"advice.rules[{i}].text", MaxTextLength);
        }
    }

    private static HashSet<int> ValidateLevels(FrameworkDocument doc, Action<string, string> problem)
    {
        var seen = new HashSet<int>();
        for (var i = 0; i < doc.Levels.Count; i++)
        {
            var level = doc.Levels[i];
            if (!CareerLevel.IsValid(level.Number))
                problem($"levels[{i}].number", $"unknown level {level.Number}: levels run from {CareerLevel.Lowest} to {CareerLevel.Highest}");
            else if (!seen.Add(level.Number))
                problem($"levels[{i}].number", $"duplicate level {level.Number}");
            Required(level.Name, $"levels[{i}].name", problem);
        }
        for (var n = CareerLevel.Lowest; n <= CareerLevel.Highest; n++)
            if (!seen.Contains(n))
                problem("levels", $"level {n} is missing");
        return seen;
    }

    private static void ValidateCourse(
        Course course, string at, HashSet<int> levels, HashSet<string> bodies, HashSet<string> competencies,
        HashSet<string> courses, DateOnly today, Action<string, string> problem)
    {
        Required(course.Title, $"{at}.title", problem);
        if (course.Kind is CourseKind.Certification or CourseKind.External && course.Body is null)
            problem($"{at}.body", "a certification course needs the code of its certification body");
        if (course.Kind == CourseKind.External && course.CoreAtLevels.Count > 0)
            problem($"{at}.coreAtLevels", "an external certification is recorded, never recommended, so it is core at no level");
        if (course.Kind == CourseKind.External && course.Delivery.Count > 0)
            problem($"{at}.delivery", "an external certification is not delivered here: leave delivery empty");
        ValidateSources(course.Sources, $"{at}.sources", today, problem);
        for (var j = 0; j < course.NotPublished.Count; j++)
            if (!Course.PublishableFacts.Contains(course.NotPublished[j]))
                problem($"{at}.notPublished[{j}]", $"'{course.NotPublished[j]}' is not a fact a course publishes: use one of {string.Join(", ", Course.PublishableFacts)}");
        if (course.Body is not null && !bodies.Contains(course.Body))
            problem($"{at}.body", $"unknown certification body '{course.Body}'");

        if (course.Levels.Count == 0)
            problem($"{at}.levels", "name at least one level the course serves");
        for (var j = 0; j < course.Levels.Count; j++)
            if (!levels.Contains(course.Levels[j]))
                problem($"{at}.levels[{j}]", $"unknown level {course.Levels[j]}");
        for (var j = 0; j < course.CoreAtLevels.Count; j++)
            if (!course.Levels.Contains(course.CoreAtLevels[j]))
                problem($"{at}.coreAtLevels[{j}]", $"level {course.CoreAtLevels[j]} is not among the levels the course serves");

        if (course.DurationDays <= 0 || course.DurationDays > MaxDurationDays)
            problem($"{at}.durationDays", $"must be more than 0 and at most {MaxDurationDays}, not {course.DurationDays}");
        if (course.Delivery.Count == 0 && course.Kind != CourseKind.External)
            problem($"{at}.delivery", "name at least one delivery format");
        if (course.Delivery.Distinct().Count() != course.Delivery.Count)
            problem($"{at}.delivery", "a delivery format is listed twice");

        if (course.Assessment is { } exam)
        {
            if (exam.PassMark is { } pass && exam.MaxMarks is { } max && pass > max)
                problem($"{at}.assessment.passMark", $"{pass} is more than the {max} marks available");
            if (exam.OnDay is { } day && (day < 1 || day > Math.Ceiling(course.DurationDays)))
                problem($"{at}.assessment.onDay", $"day {day} is outside a {course.DurationDays}-day course");
            if (exam.DurationMinutes is <= 0)
                problem($"{at}.assessment.durationMinutes", "must be positive");
            if (exam.Questions is <= 0)
                problem($"{at}.assessment.questions", "must be positive");
        }

        for (var j = 0; j < course.Prerequisites.Count; j++)
            ValidatePrerequisite(course, course.Prerequisites[j], $"{at}.prerequisites[{j}]", levels, courses, problem);

        if (course.Renewal is { Kind: RenewalKind.RenewWithinYears, Years: null or <= 0 })
            problem($"{at}.renewal.years", "a certificate renewed within years needs a positive number of years");
        if (course.Renewal is { CpdPointsPerYear: <= 0 })
            problem($"{at}.renewal.cpdPointsPerYear", "must be positive when given");
        if (course.Renewal is { } renewal && (renewal.TransitionAchievedBefore is null) != (renewal.TransitionRenewBy is null))
            problem($"{at}.renewal.transitionRenewBy", "a transition gives both transitionAchievedBefore and transitionRenewBy");
        else if (course.Renewal is { TransitionAchievedBefore: { } before, TransitionRenewBy: { } until } && until < before)
            problem($"{at}.renewal.transitionRenewBy", $"{until:yyyy-MM-dd} is before transitionAchievedBefore {before:yyyy-MM-dd}");

        if (course.Successor is { } successor)
        {
            if (!courses.Contains(successor))
                problem($"{at}.successor", $"unknown course '{successor}'");
            else if (successor == course.Code)
                problem($"{at}.successor", "a course cannot succeed itself");
            if (!course.Retired)
                problem($"{at}.retired", "a course with a successor must be marked retired");
        }

        for (var j = 0; j < course.Competencies.Count; j++)
            if (!competencies.Contains(course.Competencies[j]))
                problem($"{at}.competencies[{j}]", $"unknown competency area '{course.Competencies[j]}'");
    }

    private static void ValidatePrerequisite(
        Course course, Prerequisite prerequisite, string at, HashSet<int> levels, HashSet<string> courses,
        Action<string, string> problem)
    {
        switch (prerequisite.Kind)
        {
            case PrerequisiteKind.Certificate when prerequisite.Course is null:
                problem($"{at}.course", "a certificate prerequisite names a course");
                break;
            case PrerequisiteKind.Certificate when !courses.Contains(prerequisite.Course):
                problem($"{at}.course", $"unknown course '{prerequisite.Course}'");
                break;
            case PrerequisiteKind.Certificate when prerequisite.Course == course.Code:
                problem($"{at}.course", "a course cannot be its own prerequisite");
                break;
            case PrerequisiteKind.CurrentLevel or PrerequisiteKind.MinimumLevel when prerequisite.Level is not { } level || !levels.Contains(level):
                problem($"{at}.level", $"unknown level {prerequisite.Level?.ToString() ?? "(none)"}");
                break;
            case PrerequisiteKind.YearsExperience when prerequisite.Years is not (> 0 and <= 50):
                problem($"{at}.years", "years of experience must be 1 to 50");
                break;
            case PrerequisiteKind.AnyCertificate when prerequisite.Courses is not { Count: > 0 }:
                problem($"{at}.courses", "an any-certificate prerequisite names at least one course");
                break;
            case PrerequisiteKind.AnyCertificate:
                for (var k = 0; k < prerequisite.Courses.Count; k++)
                    if (!courses.Contains(prerequisite.Courses[k]))
                        problem($"{at}.courses[{k}]", $"unknown course '{prerequisite.Courses[k]}'");
                    else if (prerequisite.Courses[k] == course.Code)
                        problem($"{at}.courses[{k}]", "a course cannot be its own prerequisite");
                break;
        }
    }

    private static void ValidateAdvice(FrameworkDocument doc, Action<string, string> problem)
    {
        var advice = doc.Advice;
        if (advice.CertificationDueAfterYears < 1)
            problem("advice.certificationDueAfterYears", "must be at least 1");
        if (advice.CertificationOverdueAfterYears < advice.CertificationDueAfterYears)
            problem("advice.certificationOverdueAfterYears", "must not be before the due year");
        if (advice.MaxCertificationsPerYear < 1)
            problem("advice.maxCertificationsPerYear", "must be at least 1");
        if (advice.MinimumGap is < 1 or > CompetencyArea.MaxProficiency)
            problem("advice.minimumGap", $"must be 1 to {CompetencyArea.MaxProficiency}");
        if (advice.MaxSpecialistRecommendations < 0)
            problem("advice.maxSpecialistRecommendations", "must not be negative");
        if (advice.RenewalWarningDays is < 0 or > 730)
            problem("advice.renewalWarningDays", "must be 0 to 730");
        if (advice.SpecialistDueWithinMonths is < 1 or > 60)
            problem("advice.specialistDueWithinMonths", "must be 1 to 60");
        if (advice.TeamPlanRenewalWeight is < 0 or > 100)
            problem("advice.teamPlanRenewalWeight", "must be 0 to 100");
        if (advice.TeamPlanCadenceWeight is < 0 or > 100)
            problem("advice.teamPlanCadenceWeight", "must be 0 to 100");
        if (advice.InHouseMinimumPeople is < 2 or > 500)
            problem("advice.inHouseMinimumPeople", "must be 2 to 500");
        if (advice.InHouseCostInSeats is < 1 or > 500)
            problem("advice.inHouseCostInSeats", "must be 1 to 500");
        var pmoTypes = doc.PmoTypes.Select(t => t.Code).ToHashSet(StringComparer.Ordinal);
        var courseCodes = doc.Courses.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < advice.PmoTypeRules.Count; i++)
        {
            var rule = advice.PmoTypeRules[i];
            var at = $"advice.pmoTypeRules[{i}]";
            if (!pmoTypes.Contains(rule.PmoType))
                problem($"{at}.pmoType", $"unknown PMO type '{rule.PmoType}'");
            for (var j = 0; j < rule.Levels.Count; j++)
                if (!CareerLevel.IsValid(rule.Levels[j]))
                    problem($"{at}.levels[{j}]", $"unknown level {rule.Levels[j]}");
            if (rule.Courses.Count == 0)
                problem($"{at}.courses", "name at least one course");
            for (var j = 0; j < rule.Courses.Count; j++)
                if (!courseCodes.Contains(rule.Courses[j]))
                    problem($"{at}.courses[{j}]", $"unknown course '{rule.Courses[j]}'");
            Required(rule.Reason, $"{at}.reason", problem);
        }
        UniqueCodes(advice.Rules, r => r.Code, "advice.rules", problem);
        for (var i = 0; i < advice.Rules.Count; i++)
        {
            Required(advice.Rules[i].Title, $"advice.rules[{i}].title", problem);
            Required(advice.Rules[i].Text, $"advice.rules[{i}].text", problem);
            foreach (var name in advice.UnknownPlaceholders(advice.Rules[i].Title).Concat(advice.UnknownPlaceholders(advice.Rules[i].Text)).Distinct())
                problem($"advice.rules[{i}]", $"unknown placeholder {{{name}}}: use one of {string.Join(", ", advice.Numbers().Keys.Select(k => "{" + k + "}"))}");
        }
    }

    /// <summary>Sources are optional (files from before they existed still import), but each one given is a real address and date.</summary>
    private static void ValidateSources(List<Source> sources, string at, DateOnly today, Action<string, string> problem)
    {
        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            if (!Uri.TryCreate(source.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                problem($"{at}[{i}].url", $"'{source.Url}' is not an http or https address");
            else if (source.Url.Length > 2000)
                problem($"{at}[{i}].url", "at most 2000 characters");
            if (source.CheckedOn == default)
                problem($"{at}[{i}].checkedOn", "the date the source was checked is required (yyyy-mm-dd)");
            else if (source.CheckedOn.Year < 2000 || source.CheckedOn > today.AddDays(1))
                problem($"{at}[{i}].checkedOn", $"{source.CheckedOn:yyyy-MM-dd} is not a day the source can have been checked");
        }
    }

    private static HashSet<string> UniqueCodes<T>(List<T> items, Func<T, string> code, string at, Action<string, string> problem)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var value = code(items[i]);
            if (string.IsNullOrWhiteSpace(value))
                problem($"{at}[{i}].code", "a code is required");
            else if (!Slug().IsMatch(value))
                problem($"{at}[{i}].code", $"'{value}' is not a code: use lower-case letters, digits and single hyphens");
            else if (!seen.Add(value))
                problem($"{at}[{i}].code", $"duplicate code '{value}'");
        }
        return seen;
    }

    private static void Required(string value, string at, Action<string, string> problem)
    {
        if (string.IsNullOrWhiteSpace(value))
            problem(at, "is required");
    }

    /// <summary>Reports each cycle once, as the chain of codes that closes on itself.</summary>
    private static void FindCycles(List<Course> courses, Func<Course, IEnumerable<string>> edges, string field, Action<string, string> problem)
    {
        var byCode = courses.GroupBy(c => c.Code).ToDictionary(g => g.Key, g => g.First());
        var state = new Dictionary<string, bool>(); // false: on the current path; true: done
        var path = new List<string>();
        var reported = new HashSet<string>();

        void Visit(string code)
        {
            state[code] = false;
            path.Add(code);
            foreach (var next in edges(byCode[code]).Where(byCode.ContainsKey))
            {
                if (!state.TryGetValue(next, out var done))
                    Visit(next);
                else if (!done)
                {
                    var cycle = path[path.IndexOf(next)..].Append(next).ToList();
                    if (reported.Add(string.Join(",", cycle.Skip(1).Order(StringComparer.Ordinal))))
                    {
                        var index = courses.FindIndex(c => c.Code == next);
                        problem($"courses[{index}].{field}", $"cycle: {string.Join(" → ", cycle)}");
                    }
                }
            }
            path.RemoveAt(path.Count - 1);
            state[code] = true;
        }

        foreach (var code in byCode.Keys)
            if (!state.ContainsKey(code))
                Visit(code);
    }
}
