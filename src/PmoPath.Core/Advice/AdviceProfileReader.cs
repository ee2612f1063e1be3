using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using PmoPath.Catalog;
using PmoPath.Framework;

namespace PmoPath.Advice;

/// <summary>
/// A profile as it arrives over the wire (the body of <c>POST /api/advice</c>, the file given to
/// <c>pmopath advise</c>, the career guide's form). Dates are strings here so that a badly written one
/// is reported against its own field instead of failing the whole body.
/// </summary>
public sealed class AdviceProfileDocument
{
    /// <summary>The career level you work at now, 1 to 4.</summary>
    public int? Level { get; set; }

    /// <summary>The level you aim for, not below <c>level</c>; your current level when left out.</summary>
    public int? TargetLevel { get; set; }

    /// <summary>The kind of PMO you work in, such as <c>enterprise-pmo</c>.</summary>
    public string? PmoType { get; set; }

    /// <summary>The day the advice is for, <c>yyyy-MM-dd</c>; today when left out.</summary>
    public string? AsOf { get; set; }

    public List<CertificationEntry?>? Certifications { get; set; }

    /// <summary>Codes of courses completed, such as <c>agile-pmo</c>.</summary>
    public List<string?>? CompletedCourses { get; set; }

    /// <summary>Your own rating per competency area code, 0 (none) to 4 (expert).</summary>
    public Dictionary<string, int>? Competencies { get; set; }

    public int? YearsInPmo { get; set; }
    public decimal? TrainingDaysPerYear { get; set; }
    public decimal? BudgetPerYear { get; set; }

    /// <summary>
    /// CPD points logged, as a stored record's profile carries them: each with the renewal <c>suite</c> (or the
    /// certificate <c>course</c>) it counts for, the day <c>on</c> and the <c>points</c>.
    /// </summary>
    public List<CpdEntryDocument?>? Cpd { get; set; }

    /// <summary>Courses booked or waitlisted, with the day the session starts: in progress.</summary>
    public List<BookedEntry?>? BookedCourses { get; set; }

    /// <summary>Courses accepted into the development plan, with their target date: kept in the roadmap.</summary>
    public List<AcceptedEntry?>? AcceptedCourses { get; set; }
}

/// <summary>CPD points logged on a day for a suite (<c>axelos</c>) or for the suite of a certificate's course.</summary>
public sealed class CpdEntryDocument
{
    public string? Suite { get; set; }
    public string? Course { get; set; }
    public string? On { get; set; }
    public decimal? Points { get; set; }
}

/// <summary>A booking: the course code, the day its session starts (<c>yyyy-MM-dd</c>), optionally the session and whether it is a waitlist place.</summary>
public sealed class BookedEntry
{
    public string? Code { get; set; }
    public string? StartsOn { get; set; }
    public Guid? SessionId { get; set; }
    public bool? Waitlisted { get; set; }
}

/// <summary>A plan item accepted: the course code and its target date, <c>yyyy-MM-dd</c> (optional).</summary>
public sealed class AcceptedEntry
{
    public string? Code { get; set; }
    public string? TargetDate { get; set; }
}

/// <summary>A certificate held: the course code and the day it was achieved, <c>yyyy-MM-dd</c>.</summary>
public sealed class CertificationEntry
{
    public string? Code { get; set; }
    public string? AchievedOn { get; set; }
}

/// <summary>A profile that passed every check, with the day the advice is for.</summary>
public sealed record AdviceRequest(AdviceProfile Profile, DateOnly AsOf);

/// <summary>
/// Turns a profile document into an <see cref="AdviceProfile"/>, checking it against the framework.
/// Every problem is collected and reported at once as an <see cref="InvalidInputException"/> whose keys
/// are the fields' JSON paths (<c>certifications[0].code</c>), the same for the API, the CLI and the page.
/// </summary>
public static partial class AdviceProfileReader
{
    public const string DateFormat = "yyyy-MM-dd";
    public const int MaxYearsInPmo = 60;
    public const int MaxTrainingDaysPerYear = 365;

    public static JsonSerializerOptions JsonOptions { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            // A misspelt field ("certificates") would otherwise be dropped without a word.
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            NumberHandling = JsonNumberHandling.Strict,
            AllowTrailingCommas = false,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Parses and checks a JSON profile. <paramref name="today"/> is the as-of date when the profile gives none.</summary>
    public static AdviceRequest Read(string json, FrameworkSnapshot framework, DateOnly today) =>
        Check(Deserialize(json), framework, today);

    public static AdviceProfileDocument Deserialize(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
            throw new InvalidInputException("$", "The body is empty: send a profile as JSON, such as {\"level\": 2, \"targetLevel\": 3}.");
        try
        {
            return JsonSerializer.Deserialize<AdviceProfileDocument>(json, JsonOptions)
                ?? throw new InvalidInputException("$", "The profile is null: send a JSON object.");
        }
        catch (JsonException ex)
        {
            throw Describe(ex);
        }
    }

    /// <summary>Checks a profile document against the framework; throws listing every problem.</summary>
    public static AdviceRequest Check(AdviceProfileDocument doc, FrameworkSnapshot framework, DateOnly today)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Error(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
                errors[field] = list = [];
            list.Add(message);
        }

        var levels = $"{CareerLevel.Lowest} to {CareerLevel.Highest}";
        if (doc.Level is not { } level)
            Error("level", $"is required: the career level you work at now, {levels}.");
        else if (!CareerLevel.IsValid(level))
            Error("level", $"{level} is not a career level: use {levels}.");

        var target = doc.TargetLevel ?? doc.Level;
        if (doc.TargetLevel is { } t)
        {
            if (!CareerLevel.IsValid(t))
                Error("targetLevel", $"{t} is not a career level: use {levels}.");
            else if (doc.Level is { } l && CareerLevel.IsValid(l) && t < l)
                Error("targetLevel", $"level {t} is below the level you work at ({l}): aim for level {l} or above.");
        }

        if (doc.PmoType is { } type && !framework.PmoTypeByCode.ContainsKey(type))
            Error("pmoType", $"unknown PMO type '{type}': use one of {string.Join(", ", framework.PmoTypes.Select(p => p.Code))}.");

        var asOf = today;
        if (doc.AsOf is not null && !TryParseDate(doc.AsOf, out asOf))
        {
            Error("asOf", $"'{doc.AsOf}' is not a date: write it {DateFormat}, such as 2026-11-22.");
            asOf = today;
        }
        else if (!DateBounds.Contains(asOf))
        {
            Error("asOf", DateBounds.Problem(asOf));
            asOf = today;
        }

        var held = new List<HeldCertificate>();
        for (var i = 0; i < (doc.Certifications?.Count ?? 0); i++)
        {
            var at = $"certifications[{i}]";
            if (doc.Certifications![i] is not { } entry)
            {
                Error(at, "is empty: give the course code and the day you achieved it.");
                continue;
            }
            var course = CheckCode(entry.Code, $"{at}.code", framework, Error);
            if (course is { Kind: CourseKind.Specialist })
            {
                Error($"{at}.code", $"'{course.Code}' is a specialist course, which has no certificate: list it under completedCourses.");
                course = null;
            }
            DateOnly achieved = default;
            if (string.IsNullOrWhiteSpace(entry.AchievedOn))
                Error($"{at}.achievedOn", $"is required: the day you achieved the certificate, {DateFormat}.");
            else if (!TryParseDate(entry.AchievedOn, out achieved))
                Error($"{at}.achievedOn", $"'{entry.AchievedOn}' is not a date: write it {DateFormat}, such as 2023-05-10.");
            else if (!DateBounds.Contains(achieved))
                Error($"{at}.achievedOn", DateBounds.Problem(achieved));
            else if (achieved > asOf)
                Error($"{at}.achievedOn", $"{Format(achieved)} is after {Format(asOf)}, the day of the advice: an achievement cannot be in the future.");
            else if (course is not null)
                held.Add(new HeldCertificate(course.Code, achieved));
        }

        var completed = new List<string>();
        for (var i = 0; i < (doc.CompletedCourses?.Count ?? 0); i++)
            if (CheckCode(doc.CompletedCourses![i], $"completedCourses[{i}]", framework, Error) is { } course)
                completed.Add(course.Code);

        var ratings = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (code, rating) in doc.Competencies ?? [])
        {
            var at = $"competencies.{code}";
            if (!framework.CompetencyByCode.ContainsKey(code))
                Error(at, $"unknown competency area '{code}': use one of {string.Join(", ", framework.Competencies.Select(c => c.Code))}.");
            else if (rating is < CompetencyArea.MinProficiency or > CompetencyArea.MaxProficiency)
                Error(at, $"{rating} is off the scale: rate {CompetencyArea.MinProficiency} (none) to {CompetencyArea.MaxProficiency} (expert).");
            else
                ratings[code] = rating;
        }

        var booked = new List<BookedCourse>();
        for (var i = 0; i < (doc.BookedCourses?.Count ?? 0); i++)
        {
            var at = $"bookedCourses[{i}]";
            if (doc.BookedCourses![i] is not { } entry)
            {
                Error(at, "is empty: give the course code and the day its session starts.");
                continue;
            }
            var course = CheckCode(entry.Code, $"{at}.code", framework, Error);
            if (!TryParseDate(entry.StartsOn, out var starts))
                Error($"{at}.startsOn", $"'{entry.StartsOn}' is not a date: write the day the session starts as {DateFormat}.");
            else if (course is not null)
                booked.Add(new BookedCourse(course.Code, starts, entry.SessionId, entry.Waitlisted ?? false));
        }
        var accepted = new List<AcceptedCourse>();
        for (var i = 0; i < (doc.AcceptedCourses?.Count ?? 0); i++)
        {
            var at = $"acceptedCourses[{i}]";
            if (doc.AcceptedCourses![i] is not { } entry)
            {
                Error(at, "is empty: give the course code and, if set, its target date.");
                continue;
            }
            var course = CheckCode(entry.Code, $"{at}.code", framework, Error);
            DateOnly? targetDate = null;
            if (entry.TargetDate is not null)
            {
                if (TryParseDate(entry.TargetDate, out var day))
                    targetDate = day;
                else
                    Error($"{at}.targetDate", $"'{entry.TargetDate}' is not a date: write it {DateFormat}.");
            }
            if (course is not null)
                accepted.Add(new AcceptedCourse(course.Code, targetDate));
        }

        if (doc.YearsInPmo is < 0 or > MaxYearsInPmo)
            Error("yearsInPmo", $"{doc.YearsInPmo} is not a number of years of PMO work: use 0 to {MaxYearsInPmo}.");
        if (doc.TrainingDaysPerYear is < 0 or > MaxTrainingDaysPerYear)
            Error("trainingDaysPerYear", $"{doc.TrainingDaysPerYear} is not a number of training days a year: use 0 to {MaxTrainingDaysPerYear}.");
        if (doc.BudgetPerYear is < 0)
            Error("budgetPerYear", "a budget cannot be negative.");

        var cpd = new List<CpdPoints>();
        for (var i = 0; i < (doc.Cpd?.Count ?? 0); i++)
        {
            var at = $"cpd[{i}]";
            var entry = doc.Cpd![i];
            if (entry is null || (entry.Suite is null) == (entry.Course is null))
            {
                Error(at, "give the suite the points count for (such as axelos), or the course of the certificate they were logged on.");
                continue;
            }
            if (entry.Suite is { } suite && !framework.Courses.Any(c => c.Suite == suite && c.Renewal?.CpdPointsPerYear is not null))
                Error($"{at}.suite", $"'{suite}' is not a suite that renews by CPD.");
            if (entry.Course is { } code && framework.FindCourse(code) is null)
                Error($"{at}.course", $"unknown course '{code}'.");
            if (entry.Points is not (> 0 and <= 10000))
                Error($"{at}.points", "give the points logged, more than 0.");
            if (entry.On is null || !TryParseDate(entry.On, out var on))
                Error($"{at}.on", $"'{entry.On}' is not a date: write it {DateFormat}.");
            else if (entry.Points is { } points)
                cpd.Add(new CpdPoints(entry.Suite, entry.Course, on, points));
        }

        if (errors.Count > 0)
            throw new InvalidInputException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));

        var profile = new AdviceProfile
        {
            Level = doc.Level!.Value,
            TargetLevel = target!.Value,
            PmoType = doc.PmoType,
            Certifications = held,
            CompletedCourses = completed,
            Competencies = ratings,
            YearsInPmo = doc.YearsInPmo,
            TrainingDaysPerYear = doc.TrainingDaysPerYear,
            BudgetPerYear = doc.BudgetPerYear,
            Cpd = cpd,
            Booked = booked,
            Accepted = accepted,
        };
        return new AdviceRequest(profile, asOf);
    }

    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static string Format(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    private static Course? CheckCode(string? code, string at, FrameworkSnapshot framework, Action<string, string> error)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            error(at, "is required: a course code, such as axelos-p3o-foundation.");
            return null;
        }
        if (framework.FindCourse(code) is { } course)
            return course;
        error(at, $"unknown course '{code}': see GET /api/courses?includeRetired=true for the codes.");
        return null;
    }

    /// <summary>Names the field a JSON syntax or type error is at, in the same form as the checks above.</summary>
    private static InvalidInputException Describe(JsonException ex)
    {
        var field = FieldOf(ex.Path);
        var message = ex.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal) && UnmappedName().Match(message) is { Success: true } unmapped)
        {
            var name = unmapped.Groups[1].Value;
            var at = field == "$" ? name : field.EndsWith(name, StringComparison.Ordinal) ? field : $"{field}.{name}";
            return new InvalidInputException(at, $"'{name}' is not a field here; check its spelling.");
        }
        if (message.Contains("could not be converted", StringComparison.Ordinal))
            return new InvalidInputException(field, ExpectedAt(field));
        var where = ex.LineNumber is { } line ? $" (line {line + 1}, position {(ex.BytePositionInLine ?? 0) + 1})" : "";
        return new InvalidInputException(field, $"The body is not valid JSON{where}: {FirstSentence(message)}");
    }

    private static string ExpectedAt(string field) => field switch
    {
        "$" => "The profile must be a JSON object, such as {\"level\": 2, \"targetLevel\": 3}.",
        "level" or "targetLevel" => $"must be a whole number from {CareerLevel.Lowest} to {CareerLevel.Highest}.",
        "yearsInPmo" => "must be a whole number of years.",
        "trainingDaysPerYear" or "budgetPerYear" => "must be a number.",
        "asOf" => $"must be a date in quotes, written {DateFormat}.",
        "pmoType" => "must be a PMO type's code in quotes.",
        "certifications" => "must be a list of {\"code\", \"achievedOn\"} objects.",
        "completedCourses" => "must be a list of course codes.",
        "competencies" => "must be an object of competency codes and ratings, such as {\"benefits-management\": 2}.",
        _ when field.StartsWith("competencies.", StringComparison.Ordinal) => $"must be a whole number from {CompetencyArea.MinProficiency} to {CompetencyArea.MaxProficiency}.",
        _ when field.EndsWith(".achievedOn", StringComparison.Ordinal) => $"must be a date in quotes, written {DateFormat}.",
        _ when field.EndsWith(".code", StringComparison.Ordinal) || field.StartsWith("completedCourses[", StringComparison.Ordinal) => "must be a course code in quotes.",
        _ when field.StartsWith("certifications[", StringComparison.Ordinal) => "must be an object {\"code\", \"achievedOn\"}.",
        _ => "has the wrong type of value.",
    };

    /// <summary>"$.certifications[0].code" → "certifications[0].code"; "$.competencies['a-b']" → "competencies.a-b".</summary>
    internal static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
            return "$";
        var field = BracketName().Replace(path, ".$1");
        return field.StartsWith("$.", StringComparison.Ordinal) ? field[2..] : field;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var first = cut > 0 ? message[..cut] : message;
        var line = first.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return line > 0 ? first[..line] : first;
    }

    [GeneratedRegex(@"\['([^']*)'\]")]
    private static partial Regex BracketName();

    [GeneratedRegex(@"property '([^']*)'")]
    private static partial Regex UnmappedName();
}
