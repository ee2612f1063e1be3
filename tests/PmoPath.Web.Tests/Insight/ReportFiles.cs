using System.Globalization;
using System.Net;
using System.Text;
using AngleSharp.Dom;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using PmoPath.Insight;

namespace PmoPath.Web.Tests.Insight;

/// <summary>Reading the downloads of the organisation and team views back, and comparing them with the page.</summary>
internal static class ReportFiles
{
    /// <summary>
    /// The page's table (its <c>data-table</c> key) downloads from <c>{export}/{key}.csv{query}</c> and <c>.xlsx</c> with
    /// the same cells, row by row: the header row, then the body, as the page shows them.
    /// </summary>
    public static async Task AssertDownloadsMatchAsync(HttpClient client, IElement table, string export, string query = "")
    {
        var key = table.GetAttribute("data-table")!;
        // A date reads "3 Dec 2026" on the page and ISO in the files: the page's time element carries the ISO date.
        var page = table.QuerySelectorAll("tr").Select(tr => tr.QuerySelectorAll("th, td")
            .Select(c => c.QuerySelector("time[datetime]")?.GetAttribute("datetime") ?? c.TextContent.Trim()).ToList()).ToList();

        var csvResponse = await client.GetAsync($"{export}/{key}.csv{query}");
        Assert.Equal(HttpStatusCode.OK, csvResponse.StatusCode);
        Assert.StartsWith("text/csv", csvResponse.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        var csv = Csv(await csvResponse.Content.ReadAsByteArrayAsync());
        Assert.Equal(page.Count, csv.Count);
        for (var r = 0; r < page.Count; r++)
        {
            Assert.Equal(page[r].Count, csv[r].Count);
            for (var c = 0; c < page[r].Count; c++)
                AssertSame(PmoPath.Web.Components.PageDates.InText(page[r][c]), PmoPath.Web.Components.PageDates.InText(Unneutralise(csv[r][c])), $"{key} row {r} column {c}");
        }

        var xlsxResponse = await client.GetAsync($"{export}/{key}.xlsx{query}");
        Assert.Equal(HttpStatusCode.OK, xlsxResponse.StatusCode);
        Assert.Equal(TableExport.XlsxContentType, xlsxResponse.Content.Headers.ContentType!.MediaType);
        var sheet = Xlsx(await xlsxResponse.Content.ReadAsByteArrayAsync()).Single();
        Assert.Equal(key, sheet.Name);
        Assert.Equal(csv.Count, sheet.Rows.Count);
        for (var r = 0; r < csv.Count; r++)
            for (var c = 0; c < csv[r].Count; c++)
                AssertSame(Unneutralise(csv[r][c]), c < sheet.Rows[r].Count ? sheet.Rows[r][c].Text : "", $"{key}.xlsx row {r} column {c}");
    }

    /// <summary>No cell of the CSV file starts as a formula would (a number such as -5 is a number, not a formula).</summary>
    public static void AssertNoFormulaLikeCell(byte[] csv)
    {
        foreach (var row in Csv(csv))
            foreach (var cell in row)
                Assert.False(cell.Length > 0 && "=+-@\t\r".Contains(cell[0], StringComparison.Ordinal) && !decimal.TryParse(cell, NumberStyles.Number, CultureInfo.InvariantCulture, out _),
                    $"'{cell}' could run as a formula");
    }

    /// <summary>In the xlsx file no cell is a formula, and the text is in a string cell carrying Excel's "quote prefix" text marker.</summary>
    public static void AssertTextCellMarkedAsText(byte[] xlsx, string text)
    {
        using var stream = new MemoryStream(xlsx);
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        var strings = workbook.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList();
        var formats = workbook.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        var cells = workbook.WorksheetParts.SelectMany(p => p.Worksheet.Descendants<Cell>()).ToList();
        Assert.DoesNotContain(cells, c => c.CellFormula is not null);
        var marked = cells.Where(c => c.DataType?.Value == CellValues.SharedString && strings[int.Parse(c.CellValue!.Text, CultureInfo.InvariantCulture)] == text).ToList();
        Assert.NotEmpty(marked);
        Assert.All(marked, c => Assert.True(formats[(int)c.StyleIndex!.Value].QuotePrefix?.Value, "the cell keeps Excel's text marker"));
    }

    /// <summary>Page text and file text agree: the same text, or the same number however it is formatted ("1,234.00" = "1234"), a dash for an empty cell.</summary>
    public static void AssertSame(string expected, string actual, string where)
    {
        static string Plain(string s) => s == "—" ? "" : s;
        expected = Plain(expected);
        actual = Plain(actual);
        if (decimal.TryParse(expected, NumberStyles.Number, CultureInfo.InvariantCulture, out var a) && decimal.TryParse(actual, NumberStyles.Number, CultureInfo.InvariantCulture, out var b))
            Assert.True(a == b, $"{where}: {expected} ≠ {actual}");
        else
            Assert.True(expected == actual, $"{where}: '{expected}' ≠ '{actual}'");
    }

    public static string Unneutralise(string cell) => cell.Length > 1 && cell[0] == '\'' && TableExport.IsFormulaLike(cell[1..]) ? cell[1..] : cell;

    /// <summary>RFC 4180: quoted fields, doubled quotes, CRLF rows; the UTF-8 byte-order mark is required.</summary>
    public static List<List<string>> Csv(byte[] bytes)
    {
        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.GetPreamble()), "the file starts with a UTF-8 byte-order mark");
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                    quoted = false;
                else
                    field.Append(ch);
            }
            else if (ch == '"')
                quoted = true;
            else if (ch == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
                field.Append(ch);
        }
        Assert.Empty(row);
        return rows;
    }

    public sealed record SheetCell(string Text, bool IsNumber);

    public sealed record Sheet(string Name, List<List<SheetCell>> Rows);

    /// <summary>Every sheet's cells as text, read with OpenXml: shared strings resolved, numbers (and dates) as numbers.</summary>
    public static List<Sheet> Xlsx(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        var strings = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        var formats = workbook.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        var sheets = new List<Sheet>();
        foreach (var entry in workbook.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>())
        {
            var part = (WorksheetPart)workbook.GetPartById(entry.Id!);
            var rows = part.Worksheet.Descendants<Row>().Select(row => row.Elements<Cell>().Select(cell =>
            {
                var value = cell.CellValue?.Text ?? "";
                if (cell.DataType?.Value == CellValues.SharedString)
                    return new SheetCell(strings[int.Parse(value, CultureInfo.InvariantCulture)], false);
                if (value.Length == 0)
                    return new SheetCell("", false);
                var number = double.Parse(value, CultureInfo.InvariantCulture);
                var isDate = cell.StyleIndex is { } style && formats[(int)style.Value].NumberFormatId?.Value == 165;
                return new SheetCell(isDate ? DateTime.FromOADate(number).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : value, !isDate);
            }).ToList()).ToList();
            sheets.Add(new Sheet(entry.Name!, rows));
        }
        return sheets;
    }
}
