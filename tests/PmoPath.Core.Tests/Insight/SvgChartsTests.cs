using System.Globalization;
using System.Xml.Linq;
using PmoPath.Insight;

namespace PmoPath.Core.Tests.Insight;

public sealed class SvgChartsTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static XElement Parse(string svg)
    {
        var root = XElement.Parse(svg);
        Assert.Equal(Svg + "svg", root.Name);
        return root;
    }

    private static double Number(XElement e, string attribute) => double.Parse(e.Attribute(attribute)!.Value, CultureInfo.InvariantCulture);

    /// <summary>The marks that carry a value, in document order.</summary>
    private static List<XElement> Marks(XElement root) => [.. root.Descendants().Where(e => e.Attribute("data-value") is not null)];

    public static TheoryData<string> EveryKind() => new()
    {
        SvgCharts.Bar("c", "Title", "Description", ["a", "b"], [1, 2]),
        SvgCharts.StackedBar("c", "Title", "Description", ["a", "b"], [new("s", [1, 2]), new("t", [3, 0])]),
        SvgCharts.HeatMap("c", "Title", "Description", ["r"], ["x", "y"], new double[,] { { 1, 2 } }),
        SvgCharts.Line("c", "Title", "Description", ["q1", "q2", "q3"], [new("s", [1, 2, 3])]),
    };

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void Every_chart_is_well_formed_and_an_image_named_by_its_title_and_description(string svg)
    {
        var root = Parse(svg);
        Assert.Equal("img", root.Attribute("role")!.Value);
        var ids = root.Attribute("aria-labelledby")!.Value.Split(' ');
        Assert.Equal(["c-title", "c-desc"], ids);
        Assert.Equal("Title", root.Elements(Svg + "title").Single(t => t.Attribute("id")?.Value == "c-title").Value);
        Assert.Equal("Description", root.Element(Svg + "desc")!.Value);
        Assert.NotNull(root.Attribute("viewBox"));
        Assert.DoesNotContain(root.Descendants(), e => e.Name.LocalName is "script" or "foreignObject");
        // Every mark says what it is in a tooltip.
        Assert.All(Marks(root), m => Assert.False(string.IsNullOrWhiteSpace(m.Element(Svg + "title")?.Value)));
    }

    [Fact]
    public void Bar_lengths_are_proportional_to_the_values_and_the_largest_fills_the_axis()
    {
        var root = Parse(SvgCharts.Bar("needs", "Needs", "d", ["Benefits", "Coaching", "Strategy"], [50, 25, 0]));
        var bars = Marks(root);
        Assert.Equal([50, 25, 0], bars.Select(b => Number(b, "data-value")));
        var widths = bars.Select(b => Number(b, "width")).ToList();
        Assert.Equal(widths[0] / 2, widths[1], 3);
        Assert.Equal(0, widths[2]);
        Assert.Equal(360, widths[0], 3);
        Assert.Contains("Coaching: 25", bars[1].Element(Svg + "title")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Stacked_segments_are_proportional_and_stack_from_the_baseline()
    {
        var root = Parse(SvgCharts.StackedBar("p", "People", "d", ["Level 1", "Level 2"], [new("Project", [30, 10]), new("Programme", [10, 0])]));
        var segments = Marks(root);
        Assert.Equal(3, segments.Count); // a zero segment is not drawn
        var (first, second) = (segments[0], segments[1]);
        Assert.Equal(Number(first, "height") / 3, Number(second, "height"), 3);
        // The second segment sits on top of the first.
        Assert.Equal(Number(first, "y"), Number(second, "y") + Number(second, "height"), 3);
        // Level 2's one segment is a quarter of level 1's column (10 against 40).
        Assert.Equal((Number(first, "height") + Number(second, "height")) / 4, Number(segments[2], "height"), 3);
        Assert.Equal("Programme", second.Attribute("data-series")!.Value);
        Assert.Contains(root.Descendants(Svg + "text"), t => t.Value == "Programme");
    }

    [Fact]
    public void A_heat_map_has_one_cell_per_value_shaded_by_share_and_labelled_with_its_text()
    {
        var values = new double[,] { { 0, 5 }, { 10, 20 } };
        var root = Parse(SvgCharts.HeatMap("h", "Coverage", "d", ["BCS", "AXELOS"], ["Level 1", "Level 2"], values, (r, c) => $"{values[r, c]} people"));
        var cells = Marks(root);
        Assert.Equal([0, 5, 10, 20], cells.Select(c => Number(c, "data-value")));
        var fills = cells.Select(c => c.Attribute("fill")!.Value).ToList();
        Assert.Equal("#F4F7FA", fills[0]);   // nothing: white
        Assert.Equal("#0B4F8C", fills[3]);   // the largest: the full colour
        Assert.Contains(root.Descendants(Svg + "text"), t => t.Value == "20 people");
    }

    [Fact]
    public void A_line_has_a_point_per_category_at_a_height_proportional_to_its_value()
    {
        var root = Parse(SvgCharts.Line("l", "Trend", "d", ["2024 Q1", "2024 Q2", "2024 Q3"], [new("Level 1", [0, 50, 100]), new("Level 2", [100, 100, 100])]));
        var lines = root.Descendants(Svg + "polyline").ToList();
        Assert.Equal(2, lines.Count);
        Assert.NotNull(lines[1].Attribute("stroke-dasharray")); // series differ by dash too, for grey printouts
        var points = Marks(root).Where(m => m.Attribute("data-series")!.Value == "Level 1").Select(m => Number(m, "cy")).ToList();
        Assert.Equal(3, points.Count);
        Assert.Equal(points[0] - points[1], points[1] - points[2], 3);
        Assert.True(points[0] > points[2], "a larger value is drawn higher");
    }

    [Fact]
    public void Hostile_or_broken_text_is_escaped_and_cleaned_so_the_svg_stays_valid()
    {
        var svg = SvgCharts.Bar("x", "<script>alert(1)</script>", "a\u0001b \"quoted\" & \uD800", ["=HYPERLINK(\"x\")", "</text><script>"], [1, 2]);
        var root = Parse(svg);
        Assert.DoesNotContain(root.Descendants(), e => e.Name.LocalName == "script");
        Assert.Equal("<script>alert(1)</script>", root.Element(Svg + "title")!.Value);
        Assert.Equal("a\uFFFDb \"quoted\" & \uFFFD", root.Element(Svg + "desc")!.Value);
    }

    [Fact]
    public void Empty_data_still_draws_a_valid_chart()
    {
        Parse(SvgCharts.Bar("e", "t", "d", [], []));
        Parse(SvgCharts.StackedBar("e", "t", "d", ["a"], []));
        Parse(SvgCharts.Line("e", "t", "d", ["a"], [new("s", [0])]));
    }

    [Fact]
    public void Series_with_the_wrong_number_of_values_are_refused() =>
        Assert.Throws<ArgumentException>(() => SvgCharts.Line("e", "t", "d", ["a", "b"], [new("s", [1])]));

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(7, 10)]
    [InlineData(43, 50)]
    [InlineData(2047, 2500)]
    [InlineData(5_446_025, 10_000_000)]
    public void The_axis_ends_at_a_round_number_at_or_above_the_data(double max, double axis) => Assert.Equal(axis, SvgCharts.NiceMax(max));

    [Theory]
    [InlineData(50, 5)]
    [InlineData(2500, 5)]
    [InlineData(10, 5)]
    [InlineData(1, 5)]
    [InlineData(2, 2)]
    public void Axis_steps_are_round(double max, int ticks) => Assert.Equal(ticks, SvgCharts.Ticks(max));
}
