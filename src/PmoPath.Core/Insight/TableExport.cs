using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace PmoPath.Insight;

/// <summary>
/// Writes <see cref="ReportTable"/>s as CSV and as xlsx, neutralising formula injection (OWASP's "CSV
/// injection"): a text cell that starts with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage
/// return could be run as a formula by a spreadsheet that opens the file, and the names in these tables
/// (people's, teams', even the catalogue's after an import) come from users.
/// <list type="bullet">
/// <item>CSV: such a cell gets a leading <c>'</c>, which spreadsheets show as "this is text".</item>
/// <item>xlsx: every text cell is a string cell, which Excel never evaluates; such a cell also gets the
/// <c>quotePrefix</c> style, Excel's own record of a typed leading <c>'</c>, so it stays text when edited.
/// The value itself is kept exactly.</item>
/// </list>
/// Numbers are written as numbers (a negative amount is a number, not text), so sums still work.
/// </summary>
public static class TableExport
{
    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Whether a spreadsheet might read <paramref name="text"/> as a formula.</summary>
    public static bool IsFormulaLike(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>The text as a CSV cell may hold it: with a leading <c>'</c> when it is formula-like.</summary>
    public static string Neutralise(string text) => IsFormulaLike(text) ? "'" + text : text;

    /// <summary>UTF-8 with a byte-order mark (so Excel reads accents right), CRLF lines, RFC 4180 quoting, a header row.</summary>
    public static byte[] ToCsv(ReportTable table)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', table.Columns.Select(c => CsvField(Neutralise(c.Name)))).Append("\r\n");
        foreach (var row in table.Rows)
            csv.AppendJoin(',', table.Columns.Select((column, i) => CsvField(CsvText(i < row.Count ? row[i] : null, column.Kind)))).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    /// <summary>One worksheet per table, named by its key, with a bold header row; numbers as numbers, text as shared strings.</summary>
    public static byte[] ToXlsx(IReadOnlyList<ReportTable> tables)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            var strings = new SharedStrings(workbook.AddNewPart<SharedStringTablePart>());
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            uint sheetId = 1;
            foreach (var table in tables)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                part.Worksheet = Sheet(table, strings);
                sheets.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = sheetId++, Name = SheetName(table.Key, names) });
            }
            strings.Save();
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    public static byte[] ToXlsx(ReportTable table) => ToXlsx([table]);

    private static string CsvText(object? value, ColumnKind kind) => value switch
    {
        null => "",
        string text => Neutralise(text),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal money when kind == ColumnKind.Money => money.ToString("0.00", CultureInfo.InvariantCulture),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => Neutralise(value.ToString() ?? ""),
    };

    private static string CsvField(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])))
            ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : text;

    // Cell formats (cellXfs), by index.
    private const uint PlainStyle = 0, TextAsTextStyle = 1, HeaderStyle = 2, HeaderAsTextStyle = 3, MoneyStyle = 4, DateStyle = 5;
    private const uint MoneyFormatId = 164, DateFormatId = 165;

    private static Stylesheet Stylesheet() => new(
        new NumberingFormats(
            new NumberingFormat { NumberFormatId = MoneyFormatId, FormatCode = "#,##0.00" },
            new NumberingFormat { NumberFormatId = DateFormatId, FormatCode = "yyyy-mm-dd" }) { Count = 2 },
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellStyleFormats(new CellFormat()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { QuotePrefix = true },
            new CellFormat { FontId = 1, ApplyFont = true },
            new CellFormat { FontId = 1, ApplyFont = true, QuotePrefix = true },
            new CellFormat { NumberFormatId = MoneyFormatId, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = DateFormatId, ApplyNumberFormat = true }) { Count = 6 });

    private static Worksheet Sheet(ReportTable table, SharedStrings strings)
    {
        var widths = table.Columns.Select(c => Math.Max(8, c.Name.Length)).ToArray();
        var data = new SheetData();
        data.Append(Row(1, table.Columns.Select(c => TextCell(c.Name, strings, header: true))));
        uint rowIndex = 2;
        foreach (var row in table.Rows)
        {
            var cells = new List<Cell>();
            for (var i = 0; i < table.Columns.Count; i++)
            {
                var value = i < row.Count ? row[i] : null;
                cells.Add(ValueCell(value, table.Columns[i].Kind, strings));
                widths[i] = Math.Max(widths[i], Math.Min(60, (value?.ToString() ?? "").Length));
            }
            data.Append(Row(rowIndex++, cells));
        }
        var columns = new Columns(widths.Select((w, i) => new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = w + 2, CustomWidth = true }));
        return new Worksheet(columns, data);
    }

    private static Row Row(uint index, IEnumerable<Cell> cells)
    {
        var row = new Row { RowIndex = index };
        var column = 0;
        foreach (var cell in cells)
        {
            cell.CellReference = ColumnName(column++) + index.ToString(CultureInfo.InvariantCulture);
            row.Append(cell);
        }
        return row;
    }

    private static Cell ValueCell(object? value, ColumnKind kind, SharedStrings strings) => value switch
    {
        null => new Cell(),
        string text => TextCell(text, strings, header: false),
        DateOnly date => new Cell { CellValue = new CellValue(date.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(CultureInfo.InvariantCulture)), StyleIndex = DateStyle },
        int or long or decimal or double or float => new Cell
        {
            DataType = CellValues.Number,
            CellValue = new CellValue(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture)),
            StyleIndex = kind == ColumnKind.Money && value is decimal ? MoneyStyle : PlainStyle,
        },
        _ => TextCell(value.ToString() ?? "", strings, header: false),
    };

    private static Cell TextCell(string text, SharedStrings strings, bool header) => new()
    {
        DataType = CellValues.SharedString,
        CellValue = new CellValue(strings.IndexOf(XString(text)).ToString(CultureInfo.InvariantCulture)),
        StyleIndex = IsFormulaLike(text) ? (header ? HeaderAsTextStyle : TextAsTextStyle) : (header ? HeaderStyle : PlainStyle),
    };

    /// <summary>
    /// Text as a spreadsheet string (OOXML's ST_Xstring): a character XML cannot carry, and a carriage return (which
    /// XML would read back as a line feed), is written <c>_xHHHH_</c>, as Excel writes it; a literal <c>_x</c> that
    /// would read as such an escape is itself escaped (<c>_x005F_</c>). An unpaired surrogate becomes U+FFFD.
    /// </summary>
    public static string XString(string text)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                result.Append(c).Append(text[++i]);
                continue;
            }
            if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
                result.Append('\uFFFD');
            else if ((c < 0x20 && c is not ('\t' or '\n')) || (c == '_' && IsEscape(text, i)))
                result.Append(CultureInfo.InvariantCulture, $"_x{(int)c:X4}_");
            else
                result.Append(c);
        }
        return result.ToString();
    }

    /// <summary>Whether <c>_xHHHH_</c> starts at <paramref name="i"/>.</summary>
    private static bool IsEscape(string text, int i) =>
        i + 6 < text.Length && text[i + 1] == 'x' && text[i + 6] == '_' && text.AsSpan(i + 2, 4).ToString().All(char.IsAsciiHexDigit);

    /// <summary>A sheet name Excel accepts: at most 31 characters, none of <c>[]:*?/\</c>, unique in the workbook.</summary>
    private static string SheetName(string key, HashSet<string> taken)
    {
        var name = new string([.. key.Select(c => "[]:*?/\\".Contains(c, StringComparison.Ordinal) ? '-' : c)]).Trim('\'');
        if (name.Length == 0)
            name = "Sheet";
        name = name.Length > 31 ? name[..31] : name;
        for (var n = 2; !taken.Add(name); n++)
        {
            var suffix = $" ({n})";
            name = (name.Length + suffix.Length > 31 ? name[..(31 - suffix.Length)] : name) + suffix;
        }
        return name;
    }

    private static string ColumnName(int index)
    {
        var name = "";
        for (index++; index > 0; index = (index - 1) / 26)
            name = (char)('A' + (index - 1) % 26) + name;
        return name;
    }

    /// <summary>The workbook's shared strings, each written once.</summary>
    private sealed class SharedStrings(SharedStringTablePart part)
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly SharedStringTable _table = new();

        public int IndexOf(string text)
        {
            if (_index.TryGetValue(text, out var i))
                return i;
            _table.Append(new SharedStringItem(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
            return _index[text] = _index.Count;
        }

        public void Save()
        {
            _table.Count = _table.UniqueCount = (uint)_index.Count;
            part.SharedStringTable = _table;
        }
    }
}
