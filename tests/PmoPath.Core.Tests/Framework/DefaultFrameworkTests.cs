using PmoPath.Catalog;
using PmoPath.Exchange;
using PmoPath.Framework;

namespace PmoPath.Core.Tests.Framework;

/// <summary>The framework that ships reproduces the facts of the product brief and the source texts.</summary>
public class DefaultFrameworkTests
{
    private static readonly FrameworkSnapshot Default = new(FrameworkJson.ReadDefault());

    public static readonly TheoryData<string> ProductCourseCodes =
    [
        "bcs-ppso-essentials", "bcs-ppso-advanced-practitioner", "axelos-p3o-foundation", "axelos-p3o-practitioner",
        "axelos-mop-foundation", "axelos-mop-practitioner", "aipmo-ipmo-foundation", "aipmo-ipmo-practitioner",
        "aipmo-ipmo-expert", "agile-pmo", "benefits-management", "pmo-coaching", "setting-up-a-pmo",
    ];

    [Fact]
    public void The_default_file_has_no_problems() =>
        Assert.Empty(FrameworkValidator.Validate(FrameworkJson.ReadDefault(), TestDay.Today));

    [Theory]
    [MemberData(nameof(ProductCourseCodes))]
    public void Every_course_code_of_the_brief_is_in_the_catalogue(string code) =>
        Assert.NotNull(Default.FindCourse(code));

    [Fact]
    public void There_are_four_levels_with_the_roles_the_sources_name()
    {
        Assert.Equal([1, 2, 3, 4], Default.Levels.Select(l => l.Number));
        Assert.Contains("PMO Administrator", Default.Level(1).Roles);
        Assert.Contains("Planner", Default.Level(2).Roles);
        Assert.Contains("PMO Manager", Default.Level(3).Roles);
        Assert.Contains("PMO Director", Default.Level(4).Roles);
    }

    [Fact]
    public void IPMO_Expert_is_a_five_day_residential_level_4_course_with_the_exam_on_the_final_day()
    {
        var expert = Default.CourseByCode["aipmo-ipmo-expert"];
        Assert.Equal([4], expert.Levels);
        Assert.Equal(5, expert.DurationDays);
        Assert.Contains(DeliveryFormat.Residential, expert.Delivery);
        Assert.Equal("on the final day (day 5)", CourseFacts.ExamDay(expert));
        var prerequisite = Assert.Single(expert.Prerequisites);
        Assert.Equal(PrerequisiteKind.CurrentLevel, prerequisite.Kind);
        Assert.Equal(4, prerequisite.Level);
    }

    [Fact]
    public void P3O_Practitioner_comes_after_P3O_Foundation()
    {
        var practitioner = Default.CourseByCode["axelos-p3o-practitioner"];
        Assert.Equal(["axelos-p3o-foundation", "axelos-p3o-practitioner"], Default.PathTo(practitioner).Select(c => c.Code));
    }

    [Fact]
    public void P3O_exams_have_the_published_format()
    {
        var foundation = Default.CourseByCode["axelos-p3o-foundation"].Assessment!;
        Assert.Equal((75, 60, 35, 70, false), (foundation.Questions, foundation.DurationMinutes, foundation.PassMark, foundation.MaxMarks, foundation.OpenBook));
        var practitioner = Default.CourseByCode["axelos-p3o-practitioner"].Assessment!;
        Assert.Equal((150, 40, 80, true), (practitioner.DurationMinutes, practitioner.PassMark, practitioner.MaxMarks, practitioner.OpenBook));
    }

    [Fact]
    public void The_PPSO_certificates_are_retired_in_favour_of_House_of_PMO()
    {
        var essentials = Default.CourseByCode["bcs-ppso-essentials"];
        var advanced = Default.CourseByCode["bcs-ppso-advanced-practitioner"];
        Assert.True(essentials.Retired);
        Assert.Equal("hop-essentials-pmo-administrators", Default.Current(essentials).Code);
        Assert.Equal("hop-essentials-pmo-managers", Default.Current(advanced).Code);
        Assert.Contains(advanced.Prerequisites, p => p is { Kind: PrerequisiteKind.YearsExperience, Years: 3 });
        Assert.Contains(advanced.Prerequisites, p => p is { Kind: PrerequisiteKind.Certificate, Course: "bcs-ppso-essentials" });
        Assert.Equal(["bcs-ppso-essentials"], Default.Predecessors(Default.CourseByCode["hop-essentials-pmo-administrators"]).Select(c => c.Code));
    }

    [Fact]
    public void AXELOS_certificates_share_a_suite_and_renew_within_three_years_or_by_CPD()
    {
        foreach (var code in new[] { "axelos-p3o-foundation", "axelos-p3o-practitioner", "axelos-mop-foundation", "axelos-mop-practitioner" })
        {
            var course = Default.CourseByCode[code];
            Assert.Equal("axelos", course.Suite);
            Assert.Equal(new RenewalRule { Kind = RenewalKind.RenewWithinYears, Years = 3, CpdPointsPerYear = 20 }.Years, course.Renewal!.Years);
            Assert.Equal(20, course.Renewal.CpdPointsPerYear);
        }
    }

    [Fact]
    public void Certification_courses_run_two_to_five_days_and_specialist_courses_one_or_two()
    {
        // The seeds say 3 to 5 days; the bodies publish two-day courses for P3O Practitioner and Essentials for PMO Directors.
        Assert.All(Default.Courses.Where(c => c.IsCertification), c => Assert.InRange(c.DurationDays, 2, 5));
        Assert.Equal(2, Default.Courses.Single(c => c.Code == "hop-essentials-pmo-directors").DurationDays);
        Assert.Equal(2, Default.Courses.Single(c => c.Code == "axelos-p3o-practitioner").DurationDays);
        Assert.All(Default.Courses.Where(c => c.Kind == CourseKind.Specialist), c => Assert.InRange(c.DurationDays, 1, 2));
    }

    [Fact]
    public void Every_level_has_a_core_certification_that_is_offered_today()
    {
        foreach (var level in Default.Levels)
            Assert.Contains(Default.Courses, c => !c.Retired && c.CoreAtLevels.Contains(level.Number));
    }
}
