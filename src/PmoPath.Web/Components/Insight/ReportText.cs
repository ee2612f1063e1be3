using System.Globalization;
using PmoPath.Insight;

namespace PmoPath.Web.Components.Insight;

/// <summary>A <see cref="ReportTable"/> cell as the organisation and team pages show it; the downloads write the same values.</summary>
internal static class ReportText
{
    /// <summary>
    /// Counts with thousands separators, money with two decimals, dates as "3 Dec 2026" (the pages' one format; the
    /// downloads keep ISO, and the page carries it in a <c>time</c> element's <c>datetime</c>), a dash for nothing.
    /// </summary>
    public static string Cell(object? value, ColumnKind kind) => value switch
    {
        null => "—",
        // Text cells may carry a date of the domain's own sentence ("renew by 2027-05-10"): written for people too.
        string text => PageDates.InText(text),
        DateOnly date => PageDates.Day(date),
        decimal money when kind == ColumnKind.Money => money.ToString("#,0.00", CultureInfo.InvariantCulture),
        decimal number => number.ToString("#,0.##", CultureInfo.InvariantCulture),
        int or long => ((IFormattable)value).ToString("#,0", CultureInfo.InvariantCulture),
        IFormattable other => other.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>The class of a column's cells: numbers align right.</summary>
    public static string? Class(ReportColumn column) => column.Kind is ColumnKind.Text ? null : "num";
}
