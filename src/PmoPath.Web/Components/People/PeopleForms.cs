using System.Globalization;
using PmoPath.People;

namespace PmoPath.Web.Components.People;

/// <summary>Turns the pages' form fields (text) into the record's input, with errors that name the field.</summary>
internal static class PeopleForms
{
    /// <summary>The record as it is now, lists left out (kept), ready for one change.</summary>
    public static RecordInput Current(PersonView v) => new()
    {
        DisplayName = v.DisplayName,
        JobTitle = v.JobTitle,
        Level = v.Level,
        TargetLevel = v.TargetLevel,
        PmoType = v.PmoType,
        YearsInPmo = v.YearsInPmo,
        Avenue = v.Avenue,
    };

    public static int? Int(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
            return n;
        errors[field] = [$"'{text}' is not a whole number."];
        return null;
    }

    public static DateOnly? Date(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            return d;
        errors[field] = [$"'{text}' is not a date (yyyy-mm-dd)."];
        return null;
    }

    public static TEnum? Enum<TEnum>(string? text, string field, Dictionary<string, string[]> errors) where TEnum : struct, System.Enum
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (System.Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value))
            return value;
        errors[field] = [$"'{text}' is not one of the choices."];
        return null;
    }

    public static string Kebab<TEnum>(TEnum value) where TEnum : struct, System.Enum =>
        System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public static string Status(CertificateStatus status) => status switch
    {
        CertificateStatus.Current => "current",
        CertificateStatus.DueForRenewal => "due for renewal",
        _ => "not current",
    };

    public static string Avenue(CareerAvenue? avenue) => avenue switch
    {
        CareerAvenue.HandsOnSpecialist => "Hands-on specialist",
        CareerAvenue.ManagingAPmo => "Managing a PMO",
        CareerAvenue.EnterprisePmo => "Enterprise / ePMO",
        CareerAvenue.ProjectOrProgrammeManagement => "Moving into project or programme management",
        _ => "not set",
    };

    public static string Rating(int? rating) => rating is { } r && r >= 0 && r < PmoPath.Framework.CompetencyArea.ProficiencyNames.Count
        ? $"{r} {PmoPath.Framework.CompetencyArea.ProficiencyNames[r]}"
        : "–";
}
