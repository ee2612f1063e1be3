using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using PmoPath.Insight;

namespace PmoPath.Core.Tests.Insight;

public sealed class TableExportTests
{
    private static readonly string[] Hostile =
    [
        "=HYPERLINK(\"http://evil\",\"click\")",
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A9)",
        "\t=1+1",
        "\r=1+1",
    ];

    private static ReportTable Table(params object?[][] rows) => new("people", "People",
        [ReportTable.Text("Name"), ReportTable.Number("Count"), ReportTable.Money("Spend"), ReportTable.Date("On")], rows);

    private static string Text(byte[] csv)
    {
        Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
        return Encoding.UTF8.GetString(csv, 3, csv.Length - 3);
    }

    [Fact]
    public void Csv_has_a_header_quotes_what_needs_quoting_and_writes_numbers_and_dates_plainly()
    {
        var csv = Text(TableExport.ToCsv(Table(
            ["Smith, Jo", 1234, 1500.5m, new DateOnly(2026, 3, 31)],
            ["Say \"hi\"", null, -250m, null],
            ["two\nlines", 0, 0m, null])));
        Assert.Equal(
            "Name,Count,Spend,On\r\n" +
            "\"Smith, Jo\",1234,1500.50,2026-03-31\r\n" +
            "\"Say \"\"hi\"\"\",,-250.00,\r\n" +
            "\"two\nlines\",0,0.00,\r\n", csv);
    }

    [Fact]
    public void Csv_puts_a_quote_mark_before_every_text_cell_a_spreadsheet_could_run_as_a_formula()
    {
        var csv = Text(TableExport.ToCsv(Table([.. Hostile.Select(h => new object?[] { h, 1, -5m, null })])));
        foreach (var hostile in Hostile)
            Assert.Contains("'" + hostile[0], csv, StringComparison.Ordinal);
        // Numbers stay numbers, a negative amount too.
        Assert.Contains(",1,-5.00,", csv, StringComparison.Ordinal);
        // Every data row starts with the quote mark, inside the field's double quotes where it needs them.
        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1);
        Assert.All(rows, row => Assert.True(row[0] == '\'' || row.StartsWith("\"'", StringComparison.Ordinal), row));
        // Harmless text that merely contains the characters is left alone.
        Assert.StartsWith("Name,", Text(TableExport.ToCsv(Table(["a=b", 1, 1m, null]))), StringComparison.Ordinal);
        Assert.Contains("\r\na=b,", Text(TableExport.ToCsv(Table(["a=b", 1, 1m, null]))), StringComparison.Ordinal);
    }

    [Fact]
    public void A_hostile_column_heading_is_neutralised_too()
    {
        var table = new ReportTable("t", "T", [ReportTable.Text("=cmd()"), ReportTable.Number("@n")], [["x", 1]]);
        Assert.StartsWith("'=cmd(),'@n\r\n", Text(TableExport.ToCsv(table)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("=1", true)]
    [InlineData("+1", true)]
    [InlineData("-1", true)]
    [InlineData("@x", true)]
    [InlineData("\tx", true)]
    [InlineData("\rx", true)]
    [InlineData("", false)]
    [InlineData("x=1", false)]
    [InlineData(" =1", false)]
    public void Formula_like_text_is_recognised_by_its_first_character(string text, bool formulaLike) =>
        Assert.Equal(formulaLike, TableExport.IsFormulaLike(text));

    [Fact]
    public void Xlsx_opens_with_OpenXml_with_numbers_as_numbers_text_as_strings_and_a_sheet_per_table()
    {
        var first = Table(["Smith, Jo", 1234, 1500.5m, new DateOnly(2026, 3, 31)], ["Total", 1234, null, null]);
        var second = new ReportTable("budget", "Budget", [ReportTable.Text("Measure"), ReportTable.Money("Amount")], [["Remaining", -120.25m], ["Items", 3]]);
        using var stream = new MemoryStream(TableExport.ToXlsx([first, second]));
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        Assert.Equal(["people", "budget"], workbook.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value));

        var sheet = Cells(workbook, 0);
        Assert.Equal("Name", sheet["A1"].Text);
        Assert.Equal("Smith, Jo", sheet["A2"].Text);
        Assert.Equal(CellValues.SharedString, sheet["A2"].Type);
        Assert.Equal("1234", sheet["B2"].Text);
        Assert.Equal(CellValues.Number, sheet["B2"].Type);
        Assert.Equal("1500.5", sheet["C2"].Text);
        Assert.Equal("#,##0.00", sheet["C2"].Format);
        Assert.Equal(new DateTime(2026, 3, 31), DateTime.FromOADate(double.Parse(sheet["D2"].Text, CultureInfo.InvariantCulture)));
        Assert.Equal("yyyy-mm-dd", sheet["D2"].Format);
        Assert.Equal("", sheet["C3"].Text);
        Assert.True(sheet["A1"].Bold);

        var budget = Cells(workbook, 1);
        Assert.Equal("-120.25", budget["B2"].Text);
        Assert.Equal(CellValues.Number, budget["B2"].Type);
        Assert.Equal("3", budget["B3"].Text);
        Assert.Null(budget["B3"].Format); // a count in a money column is not shown as money
    }

    [Fact]
    public void Xlsx_keeps_hostile_text_exact_in_string_cells_marked_as_text_and_never_writes_a_formula()
    {
        using var stream = new MemoryStream(TableExport.ToXlsx(Table([.. Hostile.Select(h => new object?[] { h, 1, null, null })])));
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        Assert.Empty(workbook.WorksheetParts.Single().Worksheet.Descendants<CellFormula>());
        var cells = Cells(workbook, 0);
        for (var i = 0; i < Hostile.Length; i++)
        {
            var cell = cells["A" + (i + 2).ToString(CultureInfo.InvariantCulture)];
            Assert.Equal(CellValues.SharedString, cell.Type);
            Assert.Equal(Hostile[i], Excel(cell.Text));
            Assert.True(cell.QuotePrefix, $"{Hostile[i]} is marked as text");
        }
        Assert.False(cells["B2"].QuotePrefix);
    }

    [Fact]
    public void Control_characters_are_written_as_Excel_escapes_so_they_survive_and_do_not_break_the_xlsx()
    {
        using var stream = new MemoryStream(TableExport.ToXlsx(Table(["bell\u0007, cr\r and \uD800 and _x0041_", 1, null, null])));
        using var document = SpreadsheetDocument.Open(stream, false);
        Assert.Equal("bell\u0007, cr\r and \uFFFD and _x0041_", Excel(Cells(document.WorkbookPart!, 0)["A2"].Text));
    }

    /// <summary>A shared string as Excel reads it: <c>_xHHHH_</c> is the character HHHH.</summary>
    private static string Excel(string stored) =>
        System.Text.RegularExpressions.Regex.Replace(stored, "_x([0-9A-Fa-f]{4})_", m => ((char)int.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString());

    private sealed record CellInfo(string Text, CellValues? Type, string? Format, bool QuotePrefix, bool Bold);

    private static Dictionary<string, CellInfo> Cells(WorkbookPart workbook, int sheetIndex)
    {
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().ElementAt(sheetIndex);
        var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
        var strings = workbook.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList();
        var stylesheet = workbook.WorkbookStylesPart!.Stylesheet;
        var formats = stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        var numberFormats = stylesheet.NumberingFormats!.Elements<NumberingFormat>().ToDictionary(n => n.NumberFormatId!.Value, n => n.FormatCode!.Value);
        var fonts = stylesheet.Fonts!.Elements<Font>().ToList();
        return part.Worksheet.Descendants<Cell>().ToDictionary(c => c.CellReference!.Value!, c =>
        {
            var format = formats[(int)(c.StyleIndex?.Value ?? 0)];
            var value = c.CellValue?.Text ?? "";
            return new CellInfo(
                c.DataType?.Value == CellValues.SharedString ? strings[int.Parse(value, CultureInfo.InvariantCulture)] : value,
                c.DataType?.Value,
                format.NumberFormatId?.Value is { } id && numberFormats.TryGetValue(id, out var code) ? code : null,
                format.QuotePrefix?.Value == true,
                fonts[(int)(format.FontId?.Value ?? 0)].Bold is not null);
        });
    }
}
