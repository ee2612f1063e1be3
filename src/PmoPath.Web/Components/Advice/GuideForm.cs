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
                .Where(c => c.IsCertification && Achieved.TryGetValue(c.Code, out var on) && !string.IsNullOrWhiteSpace(on))
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
}
