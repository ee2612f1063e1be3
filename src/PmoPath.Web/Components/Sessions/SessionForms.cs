using System.Globalization;

namespace PmoPath.Web.Components.Sessions;

/// <summary>
/// Reads the session forms' text fields into the Core inputs, naming the field when a value cannot be read
/// (dates, whole numbers and choices are read as the people pages read them, <see cref="People.PeopleForms"/>).
/// </summary>
internal static class SessionForms
{
    public static TimeOnly? Time(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (TimeOnly.TryParseExact(text.Trim(), ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
            return t;
        errors[field] = [$"'{text}' is not a time of day (hh:mm)."];
        return null;
    }

    public static decimal? Decimal(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d))
            return d;
        errors[field] = [$"'{text}' is not an amount such as 450 or 1195.50."];
        return null;
    }

    public static Guid? Id(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (Guid.TryParse(text.Trim(), out var id))
            return id;
        errors[field] = ["Choose one from the list."];
        return null;
    }
}
