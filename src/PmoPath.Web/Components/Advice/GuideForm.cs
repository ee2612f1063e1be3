using System.Globalization;
using PmoPath.Advice;
using PmoPath.Framework;

namespace PmoPath.Web.Components.Advice;

/// <summary>
/// The career guide's answers as the browser posts them: everything as text, keyed by code, so that a
/// half-filled or mistyped form still binds and the profile reader can name what is wrong.
/// The form binder leaves a dictionary null when the form posts none of its keys, so each one is created on
/// first read.
/// </summary>
public sealed class GuideForm
{
    public int Level { get; set; } = 1;
    public int TargetLevel { get; set; } = 2;
    public string? PmoType { get; set; }
    public string? AsOf { get; set; }

    /// <summary>The day each certificate was achieved, by course code; empty where not held.</summary>
    public Dictionary<string, string?> Achieved
    {
        get => field ??= new(StringComparer.Ordinal);
        set;
    }

    /// <summary>Courses completed, by course code.</summary>
    public Dictionary<string, bool> Completed
    {
        get => field ??= new(StringComparer.Ordinal);
        set;
    }

    /// <summary>Self-rating 0 to 4 by competency area code; empty where not rated.</summary>
    public Dictionary<string, string?> Ratings
    {
        get => field ??= new(StringComparer.Ordinal);
        set;
    }

    public string? YearsInPmo { get; set; }
    public string? TrainingDaysPerYear { get; set; }
    public string? BudgetPerYear { get; set; }

    /// <summary>
    /// The same profile document the API and the CLI read, with certificates and courses in catalogue order
    /// (so that a field named <c>certifications[0]</c> is the first one ticked). Numbers that are not numbers are
    /// reported under the API's field names.
    /// </summary>
    public AdviceProfileDocument ToDocument(FrameworkSnapshot framework, Dictionary<string, string[]> errors)
    {
        var document = new AdviceProfileDocument
        {
            Level = Level,
            TargetLevel = TargetLevel,
            PmoType = string.IsNullOrWhiteSpace(PmoType) ? null : PmoType,
            AsOf = string.IsNullOrWhiteSpace(AsOf) ? null : AsOf.Trim(),
            Certifications = [.. framework.Courses
                .Where(c => c.IsRecordable && Achieved.TryGetValue(c.Code, out var on) && !string.IsNullOrWhiteSpace(on))
                .Select(c => (CertificationEntry?)new CertificationEntry { Code = c.Code, AchievedOn = Achieved[c.Code]!.Trim() })],
            CompletedCourses = [.. framework.Courses.Where(c => Completed.GetValueOrDefault(c.Code)).Select(c => (string?)c.Code)],
            Competencies = [],
        };
        foreach (var area in framework.Competencies)
        {
            if (!Ratings.TryGetValue(area.Code, out var text) || string.IsNullOrWhiteSpace(text))
                continue;
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var rating))
                document.Competencies[area.Code] = rating;
            else
                errors[$"competencies.{area.Code}"] = ["must be a whole number from 0 to 4."];
        }
        if (!string.IsNullOrWhiteSpace(YearsInPmo))
        {
            if (int.TryParse(YearsInPmo, NumberStyles.Integer, CultureInfo.InvariantCulture, out var years))
                document.YearsInPmo = years;
            else
                errors["yearsInPmo"] = ["must be a whole number of years."];
        }
        if (!string.IsNullOrWhiteSpace(TrainingDaysPerYear))
        {
            if (decimal.TryParse(TrainingDaysPerYear, NumberStyles.Number, CultureInfo.InvariantCulture, out var days))
                document.TrainingDaysPerYear = days;
            else
                errors["trainingDaysPerYear"] = ["must be a number."];
        }
        if (!string.IsNullOrWhiteSpace(BudgetPerYear))
        {
            if (decimal.TryParse(BudgetPerYear, NumberStyles.Number, CultureInfo.InvariantCulture, out var budget))
                document.BudgetPerYear = budget;
            else
                errors["budgetPerYear"] = ["must be a number."];
        }
        return document;
    }
    /// <summary>
    /// The answers as the query string of the result page (<c>/career-guide/advice?level=3&amp;target=4&amp;cert=code:date…</c>),
    /// so an answer can be bookmarked and shared. Only what was answered is written; the as-of day only when it is
    /// not <paramref name="today"/>, so a bookmark gives today's advice when opened later.
    /// </summary>
    public string ToQuery(FrameworkSnapshot framework, string today)
    {
        var parts = new List<string> { Pair("level", Level.ToString(CultureInfo.InvariantCulture)), Pair("target", TargetLevel.ToString(CultureInfo.InvariantCulture)) };
        if (!string.IsNullOrWhiteSpace(PmoType))
            parts.Add(Pair("type", PmoType));
        if (!string.IsNullOrWhiteSpace(AsOf) && AsOf.Trim() != today)
            parts.Add(Pair("asOf", AsOf.Trim()));
        if (!string.IsNullOrWhiteSpace(YearsInPmo))
            parts.Add(Pair("years", YearsInPmo.Trim()));
        if (!string.IsNullOrWhiteSpace(TrainingDaysPerYear))
            parts.Add(Pair("days", TrainingDaysPerYear.Trim()));
        if (!string.IsNullOrWhiteSpace(BudgetPerYear))
            parts.Add(Pair("budget", BudgetPerYear.Trim()));
        foreach (var course in framework.Courses)
        {
            if (Achieved.GetValueOrDefault(course.Code) is { } on && !string.IsNullOrWhiteSpace(on))
                parts.Add(Pair("cert", $"{course.Code}:{on.Trim()}"));
            if (Completed.GetValueOrDefault(course.Code))
                parts.Add(Pair("done", course.Code));
        }
        foreach (var area in framework.Competencies)
            if (Ratings.GetValueOrDefault(area.Code) is { } rating && !string.IsNullOrWhiteSpace(rating))
                parts.Add(Pair("rate", $"{area.Code}:{rating.Trim()}"));
        return string.Join('&', parts);

        static string Pair(string key, string value) => $"{key}={Uri.EscapeDataString(value)}";
    }

    /// <summary>
    /// Reads the answers back from the result page's query; what cannot be read (a level that is not a number)
    /// is named in <paramref name="errors"/> under the profile's field name, like a bad form post.
    /// </summary>
    public static GuideForm FromQuery(string? level, string? target, string? type, string? asOf, string? years, string? days, string? budget,
        string[]? certs, string[]? done, string[]? rates, Dictionary<string, string[]> errors)
    {
        var form = new GuideForm { PmoType = type, AsOf = asOf, YearsInPmo = years, TrainingDaysPerYear = days, BudgetPerYear = budget };
        if (int.TryParse(level, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
            form.Level = l;
        else
            errors["level"] = ["must be a career level, 1 to 4."];
        form.TargetLevel = int.TryParse(target, NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) ? t : form.Level;
        foreach (var cert in certs ?? [])
            if (cert.Split(':', 2) is [var code, var on])
                form.Achieved[code] = on;
        foreach (var code in done ?? [])
            form.Completed[code] = true;
        foreach (var rate in rates ?? [])
            if (rate.Split(':', 2) is [var code, var value])
                form.Ratings[code] = value;
        return form;
    }

    /// <summary>
    /// The words a person sees for a field of the profile in the error summary (the form's own labels), and the
    /// id of the form control to jump to: <c>targetLevel</c> is "The level you aim for", <c>certifications[0].achievedOn</c>
    /// the day the first certificate given was achieved.
    /// </summary>
    public (string Label, string? ControlId) Describe(string field, FrameworkSnapshot framework)
    {
        if (field.StartsWith("Input.", StringComparison.Ordinal))
            return DescribePosted(field["Input.".Length..], framework);
        switch (field)
        {
            case "level": return ("The level you work at", "level");
            case "targetLevel": return ("The level you aim for", "target");
            case "pmoType": return ("The kind of PMO you work in", "pmo-type");
            case "asOf": return ("Advice as of", "as-of");
            case "yearsInPmo": return ("Years in PMO work", "years");
            case "trainingDaysPerYear": return ("Training days a year", "days");
            case "budgetPerYear": return ("Training budget a year", "budget");
        }
        if (field.StartsWith("competencies.", StringComparison.Ordinal))
        {
            var code = field["competencies.".Length..];
            return framework.CompetencyByCode.TryGetValue(code, out var area) ? ($"Your rating for {area.Name}", $"rate-{code}") : ("A rating", null);
        }
        if (field.StartsWith("certifications[", StringComparison.Ordinal)
            && int.TryParse(field.AsSpan("certifications[".Length, field.IndexOf(']', StringComparison.Ordinal) - "certifications[".Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i))
        {
            var held = framework.Courses.Where(c => c.IsCertification && Achieved.TryGetValue(c.Code, out var on) && !string.IsNullOrWhiteSpace(on)).ElementAtOrDefault(i);
            if (held is not null)
                return ($"The day you passed {held.Title}", $"cert-{held.Code}");
            return ("A certificate", null);
        }
        if (field.StartsWith("completedCourses[", StringComparison.Ordinal))
            return ("A specialist course you have done", null);
        return ("An answer", null);
    }

    /// <summary>A field by the name it is posted with (<c>Achieved[code]</c>, <c>YearsInPmo</c>): a post refused before it was read.</summary>
    private (string Label, string? ControlId) DescribePosted(string name, FrameworkSnapshot framework)
    {
        switch (name)
        {
            // The labels as the form shows them (the error list's own words for these fields are shorter).
            case "YearsInPmo": return ("Years in PMO work (optional)", "years");
            case "TrainingDaysPerYear": return ("Training days a year (optional)", "days");
            case "BudgetPerYear": return ("Training budget a year, at the sessions' prices (optional)", "budget");
        }
        var open = name.IndexOf('[', StringComparison.Ordinal);
        if (open < 0)
            return Describe(name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..], framework);
        var key = name[(open + 1)..].TrimEnd(']');
        var course = framework.Courses.FirstOrDefault(c => c.Code == key);
        return name[..open] switch
        {
            "Achieved" when course is not null => (course.Title + (course.Retired ? " (retired)" : ""), $"cert-{course.Code}"),
            "Completed" when course is not null => (course.Title, $"done-{course.Code}"),
            "Ratings" when framework.CompetencyByCode.TryGetValue(key, out var area) => (area.Name, $"rate-{area.Code}"),
            _ => ("An answer", null),
        };
    }
}
