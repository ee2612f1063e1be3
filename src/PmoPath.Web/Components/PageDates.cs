using System.Globalization;
using System.Text.RegularExpressions;

namespace PmoPath.Web.Components;

/// <summary>
/// The one way pages write a date for people to read ("3 Dec 2026"), beside the ISO form that stays in
/// <c>&lt;time datetime&gt;</c>, form fields, the API and files.
/// </summary>
public static partial class PageDates
{
    public static string Day(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string Day(DateTime date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// A sentence from the domain (an advice reason, a certificate's summary, a validation message), which writes
    /// dates as ISO for the API and the CLI, with each ISO date written for people.
    /// </summary>
    public static string InText(string text) =>
        IsoDate().Replace(text, m => DateOnly.TryParseExact(m.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? Day(d) : m.Value);

    [GeneratedRegex(@"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])")]
    private static partial Regex IsoDate();
}
