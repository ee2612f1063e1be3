using System.Globalization;
using System.Security;
using System.Text;
using PmoPath.Framework;

namespace PmoPath.Catalog;

/// <summary>
/// The printable career-path picture the seed texts offer "in a bigger version": the four levels as columns,
/// each certification body's certifications in its row by level (core ones marked, retired ones with their
/// successor), and the specialist courses beside them. Drawn from <see cref="CareerPathGrid"/>, so it follows
/// the framework file. Plain SVG with a title and description, no script; it scales to any width and prints.
/// </summary>
public static class CareerPathPicture
{
    private const int Width = 1200;
    private const int LabelWidth = 200;
    private const int Margin = 20;
    private const int LineHeight = 18;
    private const int CharsPerLine = 30;
    private static readonly string[] LevelFills = ["#e8f1fb", "#d5e6f7", "#c0d9f2", "#a9cbec"];

    /// <summary>What the picture says, whatever draws it: the SVG here, the PDF of the web app.</summary>
    /// <param name="Title">The heading.</param>
    /// <param name="Subtitle">The line under the heading: which bodies the picture covers.</param>
    /// <param name="Levels">The columns, lowest level first.</param>
    /// <param name="Rows">One row per body with certifications, then the specialist courses.</param>
    /// <param name="CoreNote">What the core mark means; the drawing puts its mark before it.</param>
    /// <param name="Notes">The remaining footnotes, in order.</param>
    public sealed record Content(string Title, string Subtitle, IReadOnlyList<CareerLevel> Levels, IReadOnlyList<Row> Rows,
        string CoreNote, IReadOnlyList<string> Notes);

    /// <param name="Cells">One cell per level of <see cref="Content.Levels"/>, in the same order; a cell may be empty.</param>
    public sealed record Row(string Label, IReadOnlyList<IReadOnlyList<Item>> Cells);

    /// <param name="Text">The course's title, and for a retired course the title of the one that replaced it.</param>
    /// <param name="Core">A core certification at the cell's level: drawn marked and bold.</param>
    public sealed record Item(string Text, bool Core);

    /// <summary>The picture's content from the framework: <see cref="CareerPathGrid"/> and the current specialist courses.</summary>
    public static Content Describe(FrameworkSnapshot framework)
    {
        ArgumentNullException.ThrowIfNull(framework);
        var grid = CareerPathGrid.Build(framework);
        var rows = grid.Rows
            .Select(r => new Row(r.AllRetired ? $"{r.Body.ShortName} (retired)" : r.Body.ShortName,
                [.. r.Cells.Select(cell => (IReadOnlyList<Item>)[.. cell.Select(e => new Item(Text(e), e.Core))])]))
            .ToList();
        var specialists = grid.Levels
            .Select(level => (IReadOnlyList<Item>)[.. framework.Courses
                .Where(c => c.Kind == CourseKind.Specialist && !c.Retired && c.Levels.Contains(level.Number))
                .Select(c => new Item(c.Title, false))])
            .ToList();
        rows.Add(new Row("Specialist courses (1-2 days)", specialists));
        return new Content(
            "The PMO career path: certifications by level",
            "House of PMO (formerly BCS PPSO), AXELOS (PeopleCert) and AIPMO, with specialist courses",
            grid.Levels,
            rows,
            "core certification for the level: where to start. A certification course every 2 to 3 years; specialist courses for skill gaps alongside.",
            ["Retired BCS PPSO certificates count as their House of PMO successors: PmoPath's own policy, not the body's. Source: the PmoPath framework file."]);
    }

    public static string Render(FrameworkSnapshot framework)
    {
        var content = Describe(framework);
        var columns = content.Levels.Count;
        var columnWidth = (Width - (2 * Margin) - LabelWidth) / columns;
        var rows = content.Rows
            .Select(r => (r.Label, Cells: r.Cells.Select(cell => cell.Select(i => (i.Core ? "★ " : "") + i.Text).ToList()).ToList()))
            .ToList();
        var body = new StringBuilder();
        var y = 110;
        // The level headers: number, name and typical roles.
        for (var i = 0; i < columns; i++)
        {
            var level = content.Levels[i];
            var x = Margin + LabelWidth + (i * columnWidth);
            body.Append(CultureInfo.InvariantCulture, $"""<rect x="{x + 2}" y="70" width="{columnWidth - 4}" height="96" rx="6" fill="{LevelFills[i % LevelFills.Length]}"/>""").Append('\n');
            body.Append(Line(x + 10, 94, $"Level {level.Number}", 18, bold: true));
            var nameLines = Wrap(level.Name, CharsPerLine);
            for (var l = 0; l < nameLines.Count && l < 2; l++)
                body.Append(Line(x + 10, 116 + (l * LineHeight), nameLines[l], 14));
            body.Append(Line(x + 10, 156, Shorten(string.Join(", ", level.Roles), CharsPerLine + 6), 11, muted: true));
        }
        y = 180;
        foreach (var (label, cells) in rows)
        {
            var lines = cells.Select(c => c.SelectMany(t => Wrap(t, CharsPerLine)).Count()).DefaultIfEmpty(0).Max();
            var height = Math.Max(1, lines) * LineHeight + 24;
            body.Append(CultureInfo.InvariantCulture, $"""<line x1="{Margin}" y1="{y}" x2="{Width - Margin}" y2="{y}" stroke="#9aa5b1"/>""").Append('\n');
            var labelLines = Wrap(label, 20);
            for (var l = 0; l < labelLines.Count; l++)
                body.Append(Line(Margin, y + 22 + (l * LineHeight), labelLines[l], 15, bold: true));
            for (var i = 0; i < cells.Count; i++)
            {
                var x = Margin + LabelWidth + (i * columnWidth) + 10;
                var lineY = y + 22;
                foreach (var entry in cells[i])
                    foreach (var part in Wrap(entry, CharsPerLine))
                    {
                        body.Append(Line(x, lineY, part, 13, bold: entry.StartsWith('★')));
                        lineY += LineHeight;
                    }
            }
            y += height;
        }
        body.Append(CultureInfo.InvariantCulture, $"""<line x1="{Margin}" y1="{y}" x2="{Width - Margin}" y2="{y}" stroke="#9aa5b1"/>""").Append('\n');
        body.Append(Line(Margin, y + 24, "★ " + content.CoreNote, 12, muted: true));
        y += 24;
        foreach (var note in content.Notes)
        {
            y += 20;
            body.Append(Line(Margin, y, note, 12, muted: true));
        }
        var total = y + 20;

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {Width} {total}" width="100%" role="img" aria-labelledby="career-path-title career-path-desc" font-family="Liberation Sans, Arial, Helvetica, sans-serif">""").Append('\n');
        svg.Append("""<title id="career-path-title">The PMO career path: four levels and the certifications of each body</title>""").Append('\n');
        svg.Append("<desc id=\"career-path-desc\">")
            .Append(Escape(string.Join(" ", rows.Select(r => $"{r.Label}: " + string.Join("; ", r.Cells.Select((c, i) => $"level {content.Levels[i].Number} {(c.Count == 0 ? "none" : string.Join(", ", c.Select(t => t.TrimStart('★', ' '))))}")) + "."))))
            .Append("</desc>\n");
        svg.Append(CultureInfo.InvariantCulture, $"""<rect width="{Width}" height="{total}" fill="#ffffff"/>""").Append('\n');
        svg.Append(Line(Margin, 40, content.Title, 24, bold: true));
        svg.Append(Line(Margin, 62, content.Subtitle, 14, muted: true));
        svg.Append(body);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string Text(CareerPathGrid.Entry e) =>
        e.Course.Title + (e.ReplacedBy is { } next ? $" (now {next.Title})" : "");

    private static string Line(int x, int y, string text, int size, bool bold = false, bool muted = false) =>
        string.Create(CultureInfo.InvariantCulture,
            $"""<text x="{x}" y="{y}" font-size="{size}"{(bold ? " font-weight=\"bold\"" : "")} fill="{(muted ? "#4a5561" : "#1b2733")}">{Escape(text)}</text>""") + "\n";

    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";

    /// <summary>Greedy word wrap at <paramref name="width"/> characters; a word longer than a line stays whole.</summary>
    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
                line.Append("   ");
            }
            if (line.Length > 0 && line.ToString().Trim().Length > 0)
                line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0)
            lines.Add(line.ToString());
        return lines;
    }
}
