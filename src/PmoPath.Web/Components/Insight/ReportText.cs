using System.Globalization;
using PmoPath.Insight;

namespace PmoPath.Web.Components.Insight;

/// <summary>A <see cref="ReportTable"/> cell as the organisation and team pages show it; the downloads write the same values.</summary>
internal static class ReportText
{
    /// <summary>Counts with thousands separators, money with two decimals, ISO dates, a dash for nothing.</summary>
    public static string Cell(object? value, ColumnKind kind) => value switch
    {
        null => "—",
        string text => text,
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal money when kind == ColumnKind.Money => money.ToString("#,0.00", CultureInfo.InvariantCulture),
        decimal number => number.ToString("#,0.##", CultureInfo.InvariantCulture),
        int or long => ((IFormattable)value).ToString("#,0", CultureInfo.InvariantCulture),
        IFormattable other => other.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>The class of a column's cells: numbers align right.</summary>
    public static string? Class(ReportColumn column) => column.Kind is ColumnKind.Text ? null : "num";
}
