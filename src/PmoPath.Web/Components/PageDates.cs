using System.Globalization;

namespace PmoPath.Web.Components;

/// <summary>
/// The one way pages write a date for people to read ("3 Dec 2026"), beside the ISO form that stays in
/// <c>&lt;time datetime&gt;</c>, form fields, the API and files.
/// </summary>
public static class PageDates
{
    public static string Day(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string Day(DateTime date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
