using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace PmoPath.Insight;

/// <summary>One named series of a chart: a value per category, in the categories' order.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double> Values);

/// <summary>
/// Charts drawn on the server as SVG: no script, no charting library. Each chart is an image to assistive
/// technology (<c>role="img"</c>, a <c>&lt;title&gt;</c> and a <c>&lt;desc&gt;</c> named by
/// <c>aria-labelledby</c>) and is meant to be followed on the page by the table it was drawn from, which is
/// where the numbers are read. Colours come from a palette that stays apart for colour-blind readers, and
/// series also differ by dash or outline so a grey printout still tells them apart. Every mark carries its
/// value in <c>data-value</c> and a tooltip <c>&lt;title&gt;</c>.
/// </summary>
public static class SvgCharts
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>Okabe and Ito's colour-blind-safe palette, dark enough for white text on the first ones.</summary>
    public static readonly IReadOnlyList<string> Palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

    private static readonly string[] Dashes = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4", "3 6"];

    private const double CharWidth = 6.6;
    private const int FontSize = 12;

    /// <summary>Horizontal bars, one per label, longest value the full width; for categories with long names.</summary>
    public static string Bar(string id, string title, string description, IReadOnlyList<string> labels, IReadOnlyList<double> values, Func<double, string>? format = null)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(values.Count, labels.Count, nameof(values));
        format ??= Number;
        const double rowHeight = 26, barHeight = 18, plotWidth = 360, top = 8;
        var labelChars = Math.Min(36, labels.DefaultIfEmpty("").Max(l => l.Length));
        var labelWidth = 16 + labelChars * CharWidth;
        var width = labelWidth + plotWidth + 70;
        var height = top + Math.Max(1, labels.Count) * rowHeight + 8;
        var max = NiceMax(values.DefaultIfEmpty(0).Max());
        var svg = Root(id, title, description, width, height, "chart chart--bar");
        var marks = new XElement(Svg + "g", new XAttribute("class", "chart__marks"));
        for (var i = 0; i < labels.Count; i++)
        {
            var y = top + i * rowHeight;
            var length = Scale(values[i], max, plotWidth);
            marks.Add(
                Text(labelWidth - 8, y + barHeight - 5, Truncate(labels[i], labelChars), "end", "chart__label"),
                Mark("rect", $"{labels[i]}: {format(values[i])}", values[i],
                    ("x", F(labelWidth)), ("y", F(y)), ("width", F(length)), ("height", F(barHeight)), ("fill", Palette[0])),
                Text(labelWidth + length + 6, y + barHeight - 5, format(values[i]), "start", "chart__value"));
        }
        svg.Add(Line(labelWidth, top - 4, labelWidth, height - 4, "chart__axis"), marks);
        return Write(svg);
    }

    /// <summary>Vertical columns, one per category, each a stack of the series' values, with a legend.</summary>
    public static string StackedBar(string id, string title, string description, IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> series, Func<double, string>? format = null)
    {
        CheckSeries(categories, series);
        format ??= Number;
        const double plotHeight = 220, top = 12;
        var columnWidth = Math.Clamp(480.0 / Math.Max(1, categories.Count), 28, 140);
        var gap = columnWidth * 0.25;
        var plotWidth = categories.Count * columnWidth;
        var totals = categories.Select((_, c) => series.Sum(s => Math.Max(0, s.Values[c]))).ToList();
        var max = NiceMax(totals.DefaultIfEmpty(0).Max());
        var left = AxisWidth(max, format);
        var (legend, legendHeight) = Legend(series.Select(s => s.Name).ToList(), left, top + plotHeight + 46, Math.Max(plotWidth, 360), filled: true);
        var width = left + Math.Max(plotWidth, 360) + 16;
        var height = top + plotHeight + 46 + legendHeight;
        var svg = Root(id, title, description, width, height, "chart chart--stacked");
        svg.Add(YAxis(left, top, plotHeight, plotWidth, max, format));
        var marks = new XElement(Svg + "g", new XAttribute("class", "chart__marks"));
        for (var c = 0; c < categories.Count; c++)
        {
            var x = left + c * columnWidth + gap / 2;
            var baseline = top + plotHeight;
            for (var s = 0; s < series.Count; s++)
            {
                var value = Math.Max(0, series[s].Values[c]);
                var h = Scale(value, max, plotHeight);
                baseline -= h;
                if (value > 0)
                    marks.Add(Mark("rect", $"{categories[c]}, {series[s].Name}: {format(value)}", value,
                        ("x", F(x)), ("y", F(baseline)), ("width", F(columnWidth - gap)), ("height", F(h)),
                        ("fill", Palette[s % Palette.Count]), ("stroke", "#fff"), ("stroke-width", "1"), ("data-series", series[s].Name)));
            }
            marks.Add(Text(x + (columnWidth - gap) / 2, baseline - 4, format(totals[c]), "middle", "chart__value"));
            marks.Add(Text(x + (columnWidth - gap) / 2, top + plotHeight + 16, Truncate(categories[c], (int)(columnWidth / CharWidth) + 1), "middle", "chart__label"));
        }
        svg.Add(marks, legend);
        return Write(svg);
    }

    /// <summary>A grid of cells shaded by value (darkest = largest), the value written in each cell.</summary>
    /// <param name="cellText">The text shown in a cell (row, column), e.g. "12 (34%)"; the value by default.</param>
    /// <param name="shade">What sets a cell's shade, 0–1; by default the value over the largest value.</param>
    public static string HeatMap(string id, string title, string description, IReadOnlyList<string> rows, IReadOnlyList<string> columns, double[,] values,
        Func<int, int, string>? cellText = null, Func<int, int, double>? shade = null)
    {
        if (values.GetLength(0) != rows.Count || values.GetLength(1) != columns.Count)
            throw new ArgumentException("The values must have one row per row label and one column per column label.", nameof(values));
        var max = 0.0;
        foreach (var v in values)
            max = Math.Max(max, v);
        cellText ??= (r, c) => Number(values[r, c]);
        shade ??= (r, c) => max == 0 ? 0 : values[r, c] / max;
        const double cellHeight = 34, top = 30;
        var cellWidth = Math.Max(78, 12 + columns.Max(c => c.Length) * CharWidth);
        var labelChars = Math.Min(32, rows.DefaultIfEmpty("").Max(r => r.Length));
        var labelWidth = 16 + labelChars * CharWidth;
        var width = labelWidth + columns.Count * cellWidth + 8;
        var height = top + rows.Count * cellHeight + 8;
        var svg = Root(id, title, description, width, height, "chart chart--heatmap");
        var marks = new XElement(Svg + "g", new XAttribute("class", "chart__marks"));
        for (var c = 0; c < columns.Count; c++)
            marks.Add(Text(labelWidth + c * cellWidth + cellWidth / 2, top - 10, Truncate(columns[c], (int)(cellWidth / CharWidth)), "middle", "chart__label"));
        for (var r = 0; r < rows.Count; r++)
        {
            var y = top + r * cellHeight;
            marks.Add(Text(labelWidth - 8, y + cellHeight / 2 + 4, Truncate(rows[r], labelChars), "end", "chart__label"));
            for (var c = 0; c < columns.Count; c++)
            {
                var x = labelWidth + c * cellWidth;
                var intensity = Math.Clamp(shade(r, c), 0, 1);
                var text = cellText(r, c);
                marks.Add(
                    Mark("rect", $"{rows[r]}, {columns[c]}: {text}", values[r, c],
                        ("x", F(x)), ("y", F(y)), ("width", F(cellWidth - 2)), ("height", F(cellHeight - 2)),
                        ("fill", Blend(intensity)), ("stroke", "#c8ccd2"), ("stroke-width", "1")),
                    Text(x + (cellWidth - 2) / 2, y + cellHeight / 2 + 3, text, "middle", intensity > 0.55 ? "chart__cell chart__cell--dark" : "chart__cell",
                        intensity > 0.55 ? "#fff" : "#1b1f24"));
            }
        }
        svg.Add(marks);
        return Write(svg);
    }

    /// <summary>One line per series over the categories (left to right, e.g. quarters), with markers and a legend.</summary>
    public static string Line(string id, string title, string description, IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> series, Func<double, string>? format = null)
    {
        CheckSeries(categories, series);
        format ??= Number;
        const double plotHeight = 220, top = 12;
        var step = Math.Clamp(480.0 / Math.Max(1, categories.Count - 1), 30, 90);
        var plotWidth = Math.Max(1, categories.Count - 1) * step;
        var max = NiceMax(series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max());
        var left = AxisWidth(max, format);
        var (legend, legendHeight) = Legend(series.Select(s => s.Name).ToList(), left, top + plotHeight + 46, Math.Max(plotWidth, 360), filled: false);
        var width = left + Math.Max(plotWidth, 360) + 40;
        var height = top + plotHeight + 46 + legendHeight;
        var svg = Root(id, title, description, width, height, "chart chart--line");
        svg.Add(YAxis(left, top, plotHeight, plotWidth, max, format));
        var labelEvery = Math.Max(1, (int)Math.Ceiling(categories.Count * 60.0 / Math.Max(plotWidth, 1) / 1.2));
        var marks = new XElement(Svg + "g", new XAttribute("class", "chart__marks"));
        for (var c = 0; c < categories.Count; c++)
            if (c == categories.Count - 1 || (c % labelEvery == 0 && categories.Count - 1 - c >= labelEvery))
                marks.Add(Text(left + c * step, top + plotHeight + 16, categories[c], "middle", "chart__label"));
        for (var s = 0; s < series.Count; s++)
        {
            var colour = Palette[s % Palette.Count];
            var points = string.Join(' ', series[s].Values.Select((v, c) => $"{F(left + c * step)},{F(top + plotHeight - Scale(v, max, plotHeight))}"));
            var line = new XElement(Svg + "polyline", new XAttribute("points", points), new XAttribute("fill", "none"), new XAttribute("stroke", colour),
                new XAttribute("stroke-width", "2.5"), new XAttribute("data-series", series[s].Name));
            if (Dashes[s % Dashes.Length] is { Length: > 0 } dash)
                line.Add(new XAttribute("stroke-dasharray", dash));
            marks.Add(line);
            for (var c = 0; c < categories.Count; c++)
            {
                var v = series[s].Values[c];
                marks.Add(Mark("circle", $"{series[s].Name}, {categories[c]}: {format(v)}", v,
                    ("cx", F(left + c * step)), ("cy", F(top + plotHeight - Scale(v, max, plotHeight))), ("r", "3.5"), ("fill", colour), ("data-series", series[s].Name)));
            }
        }
        svg.Add(marks, legend);
        return Write(svg);
    }

    /// <summary>The largest value the axis shows: the next "nice" number (1, 2, 2.5, 5 times a power of ten) at or above the data.</summary>
    public static double NiceMax(double max)
    {
        if (max <= 0 || double.IsNaN(max))
            return 1;
        var power = Math.Pow(10, Math.Floor(Math.Log10(max)));
        foreach (var step in new[] { 1, 2, 2.5, 5, 10 })
            if (step * power >= max)
                return step * power;
        return 10 * power;
    }

    /// <summary>Room left of the plot for the value axis's longest label.</summary>
    private static double AxisWidth(double max, Func<double, string> format) =>
        16 + Enumerable.Range(0, Ticks(max) + 1).Max(i => format(max * i / Ticks(max)).Length) * CharWidth;

    /// <summary>How many steps the axis has: 5, 4 or 2, whichever makes each step a round number (50 → 10s, 2,500 → 500s).</summary>
    public static int Ticks(double max)
    {
        foreach (var ticks in new[] { 5, 4, 2 })
        {
            var step = max / ticks;
            var power = Math.Pow(10, Math.Floor(Math.Log10(step)));
            var mantissa = step / power;
            if ((step >= 1 || max <= 1) && new[] { 1, 2, 2.5, 5, 10 }.Any(m => Math.Abs(mantissa - m) < 1e-9))
                return ticks;
        }
        return 4;
    }

    private static double Scale(double value, double max, double length) => Math.Max(0, value) / max * length;

    private static XElement Root(string id, string title, string description, double width, double height, string cssClass) =>
        new(Svg + "svg",
            new XAttribute("viewBox", $"0 0 {F(width)} {F(height)}"),
            new XAttribute("width", F(width)),
            new XAttribute("height", F(height)),
            new XAttribute("role", "img"),
            new XAttribute("aria-labelledby", $"{id}-title {id}-desc"),
            new XAttribute("id", id),
            new XAttribute("class", cssClass),
            new XAttribute("font-family", "system-ui, sans-serif"),
            new XAttribute("font-size", FontSize.ToString(CultureInfo.InvariantCulture)),
            new XElement(Svg + "title", new XAttribute("id", $"{id}-title"), Clean(title)),
            new XElement(Svg + "desc", new XAttribute("id", $"{id}-desc"), Clean(description)));

    private static XElement Mark(string shape, string tooltip, double value, params (string Name, string Value)[] attributes)
    {
        var mark = new XElement(Svg + shape, new XAttribute("data-value", F(value)));
        foreach (var (name, v) in attributes)
            mark.Add(new XAttribute(name, Clean(v)));
        mark.Add(new XElement(Svg + "title", Clean(tooltip)));
        return mark;
    }

    private static XElement Text(double x, double y, string text, string anchor, string cssClass, string? fill = null)
    {
        var element = new XElement(Svg + "text", new XAttribute("x", F(x)), new XAttribute("y", F(y)), new XAttribute("text-anchor", anchor),
            new XAttribute("class", cssClass), Clean(text));
        if (fill is not null)
            element.Add(new XAttribute("fill", fill));
        return element;
    }

    private static XElement Line(double x1, double y1, double x2, double y2, string cssClass) =>
        new(Svg + "line", new XAttribute("x1", F(x1)), new XAttribute("y1", F(y1)), new XAttribute("x2", F(x2)), new XAttribute("y2", F(y2)),
            new XAttribute("stroke", "#5b6470"), new XAttribute("stroke-width", "1"), new XAttribute("class", cssClass));

    /// <summary>A value axis from 0 to <paramref name="max"/> with a gridline at each tick.</summary>
    private static XElement YAxis(double left, double top, double plotHeight, double plotWidth, double max, Func<double, string> format)
    {
        var axis = new XElement(Svg + "g", new XAttribute("class", "chart__axis"), new XAttribute("aria-hidden", "true"));
        var ticks = Ticks(max);
        for (var i = 0; i <= ticks; i++)
        {
            var y = top + plotHeight - i * plotHeight / ticks;
            axis.Add(new XElement(Svg + "line", new XAttribute("x1", F(left)), new XAttribute("y1", F(y)), new XAttribute("x2", F(left + Math.Max(plotWidth, 1))), new XAttribute("y2", F(y)),
                    new XAttribute("stroke", i == 0 ? "#5b6470" : "#dde1e6"), new XAttribute("stroke-width", "1")),
                Text(left - 6, y + 4, format(max * i / ticks), "end", "chart__tick"));
        }
        return axis;
    }

    private static (XElement Legend, double Height) Legend(List<string> names, double left, double top, double width, bool filled)
    {
        var legend = new XElement(Svg + "g", new XAttribute("class", "chart__legend"));
        double x = left, y = top;
        for (var i = 0; i < names.Count; i++)
        {
            var itemWidth = 28 + Math.Min(names[i].Length, 28) * CharWidth + 14;
            if (x + itemWidth > left + width && x > left)
            {
                x = left;
                y += 20;
            }
            var colour = Palette[i % Palette.Count];
            XElement key = filled
                ? new XElement(Svg + "rect", new XAttribute("x", F(x)), new XAttribute("y", F(y - 10)), new XAttribute("width", "14"), new XAttribute("height", "12"), new XAttribute("fill", colour))
                : new XElement(Svg + "line", new XAttribute("x1", F(x)), new XAttribute("y1", F(y - 4)), new XAttribute("x2", F(x + 20)), new XAttribute("y2", F(y - 4)),
                    new XAttribute("stroke", colour), new XAttribute("stroke-width", "2.5"), new XAttribute("stroke-dasharray", Dashes[i % Dashes.Length] is { Length: > 0 } d ? d : "none"));
            legend.Add(key, Text(x + (filled ? 20 : 26), y, Truncate(names[i], 28), "start", "chart__legend-label"));
            x += itemWidth;
        }
        return (legend, names.Count == 0 ? 0 : y - top + 16);
    }

    private static void CheckSeries(IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> series)
    {
        foreach (var s in series)
            if (s.Values.Count != categories.Count)
                throw new ArgumentException($"Series '{s.Name}' has {s.Values.Count} values for {categories.Count} categories.", nameof(series));
    }

    /// <summary>From white to the palette's blue.</summary>
    private static string Blend(double t)
    {
        static int Mix(int from, int to, double t) => (int)Math.Round(from + (to - from) * t);
        return $"#{Mix(0xF4, 0x0B, t):X2}{Mix(0xF7, 0x4F, t):X2}{Mix(0xFA, 0x8C, t):X2}";
    }

    private static string Number(double value) => value.ToString(Math.Abs(value % 1) < 1e-9 ? "#,0" : "#,0.#", CultureInfo.InvariantCulture);

    private static string Truncate(string text, int max) => text.Length <= max || max < 2 ? text : text[..(max - 1)] + "…";

    private static string F(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Text without what XML cannot carry: control characters and unpaired surrogates become U+FFFD, so a
    /// hostile or corrupt name cannot break the page or the file.
    /// </summary>
    public static string Clean(string text)
    {
        var clean = (StringBuilder?)null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var paired = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            var bad = (c < 0x20 && c is not ('\t' or '\n' or '\r')) || c is '\uFFFE' or '\uFFFF' || (char.IsSurrogate(c) && !paired);
            if (bad && clean is null)
                clean = new StringBuilder(text, 0, i, text.Length);
            clean?.Append(bad ? '\uFFFD' : c);
            if (paired)
            {
                clean?.Append(text[i + 1]);
                i++;
            }
        }
        return clean?.ToString() ?? text;
    }

    private static string Write(XElement svg) => svg.ToString(SaveOptions.DisableFormatting);
}
