using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PmoPath.Catalog;
using PmoPath.Web.Fonts;

namespace PmoPath.Web.Api;

/// <summary>
/// The career-path picture as a printable PDF: A4 landscape, the same content as the SVG
/// (<see cref="CareerPathPicture.Describe"/>), drawn with the bundled Liberation Sans so it looks the same from any
/// server. The text is real text (selectable, searchable, read by screen readers and by tests), not an image. The
/// type shrinks, down to a legible floor, to keep the picture on one page; past that, rows continue on another
/// page under the level headings again.
/// </summary>
public static class CareerPathPdf
{
    private const double Margin = 28;
    private const double LabelWidth = 124;
    private const double Gutter = 6;
    private const double LargestText = 11;
    private const double SmallestText = 7;
    private static readonly XColor Ink = XColor.FromArgb(0x1b, 0x27, 0x33);
    private static readonly XColor Muted = XColor.FromArgb(0x4a, 0x55, 0x61);
    private static readonly XColor Rule = XColor.FromArgb(0x9a, 0xa5, 0xb1);
    private static readonly XColor Star = XColor.FromArgb(0xb5, 0x6a, 0x00);
    private static readonly XColor[] LevelFills =
        [XColor.FromArgb(0xe8, 0xf1, 0xfb), XColor.FromArgb(0xd5, 0xe6, 0xf7), XColor.FromArgb(0xc0, 0xd9, 0xf2), XColor.FromArgb(0xa9, 0xcb, 0xec)];

    /// <summary>The PDF's bytes. <paramref name="created"/> is written as the document's creation date.</summary>
    public static byte[] Render(CareerPathPicture.Content content, DateTimeOffset created)
    {
        ArgumentNullException.ThrowIfNull(content);
        BundledFonts.Use();
        using var document = new PdfDocument();
        document.Info.Title = content.Title;
        document.Info.Subject = content.Subtitle;
        document.Info.Author = "PmoPath";
        document.Info.Creator = "PmoPath";
        document.Info.CreationDate = created.UtcDateTime;
        document.PageLayout = PdfPageLayout.SinglePage;

        var pages = new List<(PdfPage Page, XGraphics Graphics)>();
        try
        {
            var (page, gfx) = NewPage(document, pages);
            var layout = Fit(gfx, content, page.Width.Point, page.Height.Point);
            var y = DrawHeading(gfx, layout);
            y = DrawLevels(gfx, layout, y);
            foreach (var row in layout.Rows)
            {
                if (y + row.Height > layout.Bottom)
                {
                    (page, gfx) = NewPage(document, pages);
                    y = DrawLevels(gfx, layout, Margin);
                }
                y = DrawRow(gfx, layout, row, y);
            }
            if (y + layout.NotesHeight > layout.Bottom)
            {
                (_, gfx) = NewPage(document, pages);
                y = Margin;
            }
            DrawNotes(gfx, layout, y);
            if (pages.Count > 1)
                for (var i = 0; i < pages.Count; i++)
                    pages[i].Graphics.DrawString(string.Create(CultureInfo.InvariantCulture, $"Page {i + 1} of {pages.Count}"), layout.Small, new XSolidBrush(Muted),
                        new XPoint(layout.Width - Margin, layout.Height - (Margin / 2)), XStringFormats.BaseLineRight);
        }
        finally
        {
            foreach (var (_, graphics) in pages)
                graphics.Dispose();
        }
        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    private static (PdfPage, XGraphics) NewPage(PdfDocument document, List<(PdfPage, XGraphics)> pages)
    {
        var page = document.AddPage();
        page.Size = PageSize.A4;
        page.Orientation = PageOrientation.Landscape;
        var gfx = XGraphics.FromPdfPage(page);
        pages.Add((page, gfx));
        return (page, gfx);
    }

    /// <param name="First">The first line of an item: items are set a little apart, so a wrapped title reads as one.</param>
    private sealed record Line(string Text, bool Bold, bool First);

    private sealed record LaidRow(IReadOnlyList<string> Label, IReadOnlyList<IReadOnlyList<Line>> Cells, double Height);

    private sealed record Layout(
        CareerPathPicture.Content Content, double Width, double Height, double Bottom, double ColumnWidth,
        double Size, XFont Text, XFont Bold, XFont Small, XFont Label, IReadOnlyList<LaidRow> Rows,
        IReadOnlyList<IReadOnlyList<string>> LevelNames, IReadOnlyList<IReadOnlyList<string>> LevelRoles, double LevelsHeight,
        IReadOnlyList<string> Notes, double NotesHeight)
    {
        public double LineHeight => LineHeightOf(Size);
        public double Indent => IndentOf(Size);
    }

    /// <summary>The distance between baselines at a text size.</summary>
    private static double LineHeightOf(double size) => size * 1.22;

    /// <summary>How far an item's text stands in from its cell's edge, leaving room for the core mark.</summary>
    private static double IndentOf(double size) => size * 1.15;

    /// <summary>The largest text size at which everything fits one page, or the smallest when nothing does.</summary>
    private static Layout Fit(XGraphics gfx, CareerPathPicture.Content content, double width, double height)
    {
        Layout? layout = null;
        for (var size = LargestText; size >= SmallestText; size -= 0.25)
        {
            layout = Lay(gfx, content, width, height, size);
            var total = HeadingHeight + layout.LevelsHeight + layout.Rows.Sum(r => r.Height) + layout.NotesHeight;
            if (Margin + total <= layout.Bottom)
                return layout;
        }
        return layout!;
    }

    private const double HeadingHeight = 44;

    private static Layout Lay(XGraphics gfx, CareerPathPicture.Content content, double width, double height, double size)
    {
        var text = new XFont(BundledFonts.Family, size, XFontStyleEx.Regular);
        var bold = new XFont(BundledFonts.Family, size, XFontStyleEx.Bold);
        var small = new XFont(BundledFonts.Family, Math.Max(6.5, size - 1.5), XFontStyleEx.Regular);
        var label = new XFont(BundledFonts.Family, size + 0.5, XFontStyleEx.Bold);
        var columnWidth = (width - (2 * Margin) - LabelWidth) / content.Levels.Count;
        var lineHeight = LineHeightOf(size);
        var indent = IndentOf(size);
        var cellText = columnWidth - (2 * Gutter) - indent;

        var rows = new List<LaidRow>();
        foreach (var row in content.Rows)
        {
            var cells = row.Cells
                .Select(cell => (IReadOnlyList<Line>)[.. cell.SelectMany(item =>
                    Wrap(gfx, item.Text, item.Core ? bold : text, cellText).Select((part, i) => new Line(part, item.Core, i == 0)))])
                .ToList();
            var labelLines = Wrap(gfx, row.Label, label, LabelWidth - Gutter);
            var cellHeight = cells.Select(c => CellHeight(c, size)).Append(labelLines.Count * lineHeight).Max();
            rows.Add(new LaidRow(labelLines, cells, Math.Max(lineHeight, cellHeight) + 10));
        }
        var levelNames = content.Levels.Select(l => Wrap(gfx, l.Name, text, columnWidth - (2 * Gutter) - 4)).ToList();
        var levelRoles = content.Levels.Select(l => Wrap(gfx, string.Join(", ", l.Roles), small, columnWidth - (2 * Gutter) - 4)).ToList();
        var levelsHeight = 8 + (size + 3) * 1.2 + (levelNames.Max(n => n.Count) * lineHeight) + (levelRoles.Max(r => r.Count) * small.Size * 1.2) + 14;
        var notes = new List<string>();
        foreach (var note in content.Notes.Prepend(content.CoreNote))
            notes.AddRange(Wrap(gfx, note, small, width - (2 * Margin) - indent));
        var notesHeight = 10 + (notes.Count * small.Size * 1.3);
        return new Layout(content, width, height, height - Margin, columnWidth, size, text, bold, small, label, rows,
            levelNames, levelRoles, levelsHeight, notes, notesHeight);
    }

    private static double DrawHeading(XGraphics gfx, Layout layout)
    {
        gfx.DrawString(layout.Content.Title, new XFont(BundledFonts.Family, 18, XFontStyleEx.Bold), new XSolidBrush(Ink),
            new XPoint(Margin, Margin + 16), XStringFormats.BaseLineLeft);
        gfx.DrawString(layout.Content.Subtitle, new XFont(BundledFonts.Family, 10, XFontStyleEx.Regular), new XSolidBrush(Muted),
            new XPoint(Margin, Margin + 32), XStringFormats.BaseLineLeft);
        return Margin + HeadingHeight;
    }

    /// <summary>The level columns' headings: number, name, typical roles, on the level's colour.</summary>
    private static double DrawLevels(XGraphics gfx, Layout layout, double top)
    {
        var ink = new XSolidBrush(Ink);
        var muted = new XSolidBrush(Muted);
        var levelFont = new XFont(BundledFonts.Family, layout.Size + 3, XFontStyleEx.Bold);
        for (var i = 0; i < layout.Content.Levels.Count; i++)
        {
            var x = Margin + LabelWidth + (i * layout.ColumnWidth);
            gfx.DrawRoundedRectangle(new XSolidBrush(LevelFills[i % LevelFills.Length]), x + 2, top, layout.ColumnWidth - 4, layout.LevelsHeight - 6, 8, 8);
            var y = top + 6 + levelFont.Size;
            gfx.DrawString(string.Create(CultureInfo.InvariantCulture, $"Level {layout.Content.Levels[i].Number}"), levelFont, ink, new XPoint(x + Gutter + 2, y), XStringFormats.BaseLineLeft);
            y += layout.LineHeight + 2;
            foreach (var part in layout.LevelNames[i])
            {
                gfx.DrawString(part, layout.Text, ink, new XPoint(x + Gutter + 2, y), XStringFormats.BaseLineLeft);
                y += layout.LineHeight;
            }
            foreach (var part in layout.LevelRoles[i])
            {
                gfx.DrawString(part, layout.Small, muted, new XPoint(x + Gutter + 2, y), XStringFormats.BaseLineLeft);
                y += layout.Small.Size * 1.2;
            }
        }
        return top + layout.LevelsHeight;
    }

    private static double DrawRow(XGraphics gfx, Layout layout, LaidRow row, double top)
    {
        var ink = new XSolidBrush(Ink);
        gfx.DrawLine(new XPen(Rule, 0.6), Margin, top, layout.Width - Margin, top);
        var baseline = top + 5 + layout.Size;
        for (var l = 0; l < row.Label.Count; l++)
            gfx.DrawString(row.Label[l], layout.Label, ink, new XPoint(Margin, baseline + (l * layout.LineHeight)), XStringFormats.BaseLineLeft);
        for (var i = 0; i < row.Cells.Count; i++)
        {
            var x = Margin + LabelWidth + (i * layout.ColumnWidth) + Gutter;
            var y = baseline;
            foreach (var line in row.Cells[i])
            {
                if (line.First && y > baseline)
                    y += ItemGap(layout.Size);
                if (line.First && line.Bold)
                    DrawStar(gfx, x + (layout.Size * 0.45), y - (layout.Size * 0.33), layout.Size * 0.42);
                gfx.DrawString(line.Text, line.Bold ? layout.Bold : layout.Text, ink, new XPoint(x + layout.Indent, y), XStringFormats.BaseLineLeft);
                y += layout.LineHeight;
            }
        }
        return top + row.Height;
    }

    private static double ItemGap(double size) => size * 0.35;

    private static double CellHeight(IReadOnlyList<Line> cell, double size) =>
        (cell.Count * LineHeightOf(size)) + (Math.Max(0, cell.Count(l => l.First) - 1) * ItemGap(size));

    private static void DrawNotes(XGraphics gfx, Layout layout, double top)
    {
        gfx.DrawLine(new XPen(Rule, 0.6), Margin, top, layout.Width - Margin, top);
        var muted = new XSolidBrush(Muted);
        var y = top + 10 + layout.Small.Size;
        DrawStar(gfx, Margin + (layout.Small.Size * 0.45), y - (layout.Small.Size * 0.33), layout.Small.Size * 0.42);
        foreach (var line in layout.Notes)
        {
            gfx.DrawString(line, layout.Small, muted, new XPoint(Margin + layout.Indent, y), XStringFormats.BaseLineLeft);
            y += layout.Small.Size * 1.3;
        }
    }

    /// <summary>The core mark: a five-pointed star (the bundled font has no ★ glyph, so it is drawn).</summary>
    private static void DrawStar(XGraphics gfx, double cx, double cy, double radius)
    {
        var points = new XPoint[10];
        for (var i = 0; i < 10; i++)
        {
            var r = i % 2 == 0 ? radius : radius * 0.45;
            var angle = (-Math.PI / 2) + (i * Math.PI / 5);
            points[i] = new XPoint(cx + (r * Math.Cos(angle)), cy + (r * Math.Sin(angle)));
        }
        gfx.DrawPolygon(new XSolidBrush(Star), points, XFillMode.Winding);
    }

    /// <summary>Greedy word wrap at a measured width; a word wider than the line stays whole.</summary>
    private static List<string> Wrap(XGraphics gfx, string text, XFont font, double width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && gfx.MeasureString(candidate, font).Width > width)
            {
                lines.Add(line);
                line = word;
            }
            else
            {
                line = candidate;
            }
        }
        if (line.Length > 0)
            lines.Add(line);
        return lines;
    }
}
