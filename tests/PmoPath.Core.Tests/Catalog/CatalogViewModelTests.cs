using PmoPath.Catalog;
using PmoPath.Exchange;
using PmoPath.Framework;

namespace PmoPath.Core.Tests.Catalog;

/// <summary>The small classes the career-path and catalogue pages are built from, over the shipped default framework.</summary>
public sealed class CatalogViewModelTests
{
    private static readonly FrameworkSnapshot Framework = new(FrameworkJson.ReadDefault());

    [Theory]
    [InlineData(DeliveryFormat.InHouse, "in-house")]
    [InlineData(DeliveryFormat.PublicSchedule, "public-schedule")]
    [InlineData(DeliveryFormat.Residential, "residential")]
    public void DeliveryCode_matches_the_spelling_of_the_framework_file(DeliveryFormat format, string code)
    {
        Assert.Equal(code, CatalogFilter.DeliveryCode(format));
        Assert.Contains($"\"{code}\"", FrameworkJson.ReadDefaultText());
    }

    [Fact]
    public void Parse_reads_delivery_and_length_and_Apply_uses_them()
    {
        var filter = CatalogFilter.Parse(null, null, null, " Residential ", "5", Framework);

        Assert.Null(filter.Error);
        Assert.Equal(DeliveryFormat.Residential, filter.Delivery);
        Assert.Equal(5, filter.MaxDays);
        Assert.Equal(["aipmo-ipmo-expert"], filter.Apply(Framework.Courses).Select(c => c.Code));
        Assert.All(CatalogFilter.Parse(null, null, null, null, "2", Framework).Apply(Framework.Courses), c => Assert.True(c.DurationDays <= 2));
    }

    [Theory]
    [InlineData("by-post", null, "delivery")]
    [InlineData(null, "0", "length")]
    [InlineData(null, "11", "length")]
    [InlineData(null, "2.5", "length")]
    public void Parse_names_the_bad_field(string? delivery, string? length, string field)
    {
        var filter = CatalogFilter.Parse(null, null, null, delivery, length, Framework);

        Assert.Equal(field, filter.Error?.Field);
    }

    [Fact]
    public void The_old_three_filter_Parse_still_ignores_delivery_and_length()
    {
        var filter = CatalogFilter.Parse("4", "certification", "aipmo", Framework);

        Assert.Null(filter.Delivery);
        Assert.Null(filter.MaxDays);
        Assert.Equal(["aipmo-ipmo-expert"], filter.Apply(Framework.Courses).Select(c => c.Code));
    }

    [Fact]
    public void Grid_has_a_row_per_body_with_certifications_and_a_cell_per_level()
    {
        var grid = CareerPathGrid.Build(Framework);

        Assert.Equal(["bcs", "house-of-pmo", "axelos", "aipmo"], grid.Rows.Select(r => r.Body.Code));
        Assert.All(grid.Rows, r => Assert.Equal(4, r.Cells.Count));
        var bcs = grid.Rows[0];
        Assert.True(bcs.AllRetired);
        var essentials = Assert.Single(bcs.Cells[0]);
        Assert.Equal("hop-essentials-pmo-administrators", essentials.ReplacedBy?.Code);
        Assert.False(grid.Rows[1].AllRetired);
        var p3oFoundation = grid.Rows[2].Cells.SelectMany((cell, i) => cell.Where(e => e.Course.Code == "axelos-p3o-foundation").Select(e => (Level: i + 1, e.Core))).ToList();
        Assert.Equal([(2, true), (3, false)], p3oFoundation);
    }

    [Fact]
    public void Skill_gaps_list_only_areas_a_specialist_course_closes()
    {
        var gaps = SkillGapCourses.Build(Framework);
        var atLevel2 = SkillGapCourses.Build(Framework, level: 2);

        Assert.All(gaps, g => Assert.All(g.Courses, c => Assert.Equal(CourseKind.Specialist, c.Kind)));
        Assert.Contains(gaps, g => g.Area.Code == "coaching" && g.Courses.Any(c => c.Code == "pmo-coaching"));
        Assert.DoesNotContain(atLevel2, g => g.Courses.Any(c => c.Code == "pmo-coaching"));
    }

    [Fact]
    public void LevelGuide_puts_core_certifications_first_and_compares_with_the_next_level()
    {
        var guide = LevelGuide.For(Framework, 3)!;

        var core = guide.Certifications.TakeWhile(guide.IsCore).Select(c => c.Code).ToList();
        Assert.Equal(["hop-essentials-pmo-managers", "axelos-p3o-practitioner", "aipmo-ipmo-practitioner"], core);
        Assert.DoesNotContain(guide.Certifications.Skip(core.Count), guide.IsCore);
        Assert.Equal(["bcs-ppso-advanced-practitioner"], guide.Retired.Select(c => c.Code));
        var strategy = guide.Expectations.Single(e => e.Area.Code == "strategy");
        Assert.Equal((2, 4, true), (strategy.Here, strategy.AtNext, strategy.RisesAtNext));
        Assert.Equal(4, guide.Next?.Number);
        Assert.Equal(2, guide.Previous?.Number);
    }

    [Fact]
    public void LevelGuide_at_the_top_has_no_next_level_and_unknown_levels_have_no_guide()
    {
        var top = LevelGuide.For(Framework, 4)!;

        Assert.Null(top.Next);
        Assert.All(top.Expectations, e => Assert.Null(e.AtNext));
        Assert.Null(LevelGuide.For(Framework, 0));
        Assert.Null(LevelGuide.For(Framework, 5));
    }

    [Fact]
    public void CourseOutline_reads_the_path_and_the_other_prerequisites()
    {
        var practitioner = CourseOutline.For(Framework, "axelos-p3o-practitioner")!;
        var expert = CourseOutline.For(Framework, "aipmo-ipmo-expert")!;

        Assert.Equal("First P3O Foundation, then P3O Practitioner.", practitioner.PathSentence);
        Assert.Empty(practitioner.OtherPrerequisites);
        Assert.Null(expert.PathSentence);
        Assert.Equal(["currently works at level 4"], expert.OtherPrerequisites);
        Assert.True(expert.HasPrerequisites);
        Assert.Null(CourseOutline.For(Framework, "no-such-course"));
    }

    [Fact]
    public void CourseOutline_links_retired_courses_and_their_successors_both_ways()
    {
        var retired = CourseOutline.For(Framework, "bcs-ppso-essentials")!;
        var successor = CourseOutline.For(Framework, "hop-essentials-pmo-administrators")!;
        var foundation = CourseOutline.For(Framework, "axelos-mop-foundation")!;

        Assert.Equal("hop-essentials-pmo-administrators", retired.ReplacedBy?.Code);
        Assert.Null(successor.ReplacedBy);
        Assert.Equal(["bcs-ppso-essentials"], successor.Replaced.Select(c => c.Code));
        Assert.Equal(["axelos-mop-practitioner"], foundation.LeadsTo.Select(c => c.Code));
    }
}
