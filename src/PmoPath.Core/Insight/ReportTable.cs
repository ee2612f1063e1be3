namespace PmoPath.Insight;

/// <summary>How a column's cells are written: as text, as counts, as money (two decimals) or as dates.</summary>
public enum ColumnKind
{
    Text,
    Number,
    Money,
    Date,
}

public sealed record ReportColumn(string Name, ColumnKind Kind = ColumnKind.Number);

/// <summary>
/// A table as the page shows it and the exports write it: the one form both read, so a download holds
/// exactly the numbers on the page. A cell is a string, a number (int, long, decimal, double), a
/// <see cref="DateOnly"/> or null (empty).
/// </summary>
/// <param name="Key">A slug, the name of the export file (<c>/organisation/export/{key}.csv</c>).</param>
public sealed record ReportTable(string Key, string Title, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows, string? Note = null)
{
    public static ReportColumn Text(string name) => new(name, ColumnKind.Text);
    public static ReportColumn Number(string name) => new(name);
    public static ReportColumn Money(string name) => new(name, ColumnKind.Money);
    public static ReportColumn Date(string name) => new(name, ColumnKind.Date);
}
