using System.Globalization;
using PmoPath.Catalog;
using PmoPath.Core.Tests.Advice;
using PmoPath.Sessions;
using PmoPath.Advice;

namespace PmoPath.Core.Tests.Catalog;

/// <summary>"Which certification is right for me?": courses side by side from the catalogue and a hand-written schedule.</summary>
public class CourseComparisonTests
{
    private const string P3oPractitioner = "axelos-p3o-practitioner";
    private const string IpmoPractitioner = "aipmo-ipmo-practitioner";
    private const string Managers = "hop-essentials-pmo-managers";
    private const string LeanAgile = "lean-agile-pmo";
    private static readonly DateOnly Today = new(2026, 12, 3);

    private static ScheduledSession Session(string code, string on, decimal price, int seats = 8, string currency = "GBP") => new(
        Guid.CreateVersion7(), code, DateOnly.Parse(on, CultureInfo.InvariantCulture), DateOnly.Parse(on, CultureInfo.InvariantCulture).AddDays(-3),
        "Meridian Learning", price, currency, seats, SessionDelivery.Classroom);

    private static readonly ScheduleSnapshot Schedule = new(
    [
        Session(P3oPractitioner, "2026-11-30", 900),            // started: not bookable
        Session(P3oPractitioner, "2027-03-08", 1450),
        Session(P3oPractitioner, "2027-01-25", 1295),
        Session(P3oPractitioner, "2027-05-10", 1390, seats: 0), // full: not bookable
        Session(P3oPractitioner, "2027-06-14", 1500),
        Session(P3oPractitioner, "2027-09-13", 1195),
        Session(IpmoPractitioner, "2027-02-01", 1995),
    ]);

    private static CourseComparisonResult Compare(string codes, string? level = null, string? pmoType = null) =>
        CourseComparison.Compare(DefaultFramework.Snapshot, Schedule, Today, CourseComparison.ParseCodes([codes]), level, pmoType);

    [Fact]
    public void Courses_come_in_the_order_asked_with_the_price_range_of_bookable_sessions_and_the_next_three()
    {
        var result = Compare($"{P3oPractitioner},{IpmoPractitioner},{Managers}");

        Assert.Equal([P3oPractitioner, IpmoPractitioner, Managers], result.Courses.Select(c => c.Code));
        var p3o = result.Courses[0];
        // Past and full sessions are left out; the range covers every bookable one, the list only the next three.
        Assert.Equal(new PriceRange(1195, 1500, "GBP"), p3o.Price);
        Assert.Equal("£1,195 to £1,500", p3o.Price!.ToString());
        Assert.Equal(new DateOnly(2027, 9, 13), p3o.CheapestSession!.StartsOn);
        Assert.Equal([new DateOnly(2027, 1, 25), new DateOnly(2027, 3, 8), new DateOnly(2027, 6, 14)], p3o.NextSessions.Select(s => s.StartsOn));
        Assert.Equal(2m, p3o.DurationDays);
        Assert.Equal(["Holds P3O Foundation"], p3o.Prerequisites);
        Assert.Contains("20 CPD points a year", p3o.Renewal, StringComparison.Ordinal);
        Assert.Contains(p3o.Sources, s => s.Url.Contains("p3o", StringComparison.OrdinalIgnoreCase));

        var managers = result.Courses[2];
        Assert.Null(managers.Price);
        Assert.Null(managers.CheapestSession);
        Assert.Equal("No public session can be booked now, so no price is known.", managers.PriceReason);
        Assert.Contains(managers.Prerequisites, p => p.Contains("or equivalent experience", StringComparison.Ordinal));
    }

    [Fact]
    public void A_length_that_is_not_published_is_said_to_be_so_and_never_shown_as_the_planning_value()
    {
        var lean = Compare($"{LeanAgile},agile-pmo").Courses[0];

        Assert.Null(lean.DurationDays);
        Assert.Equal("length not published", lean.Length);
        Assert.Equal("No exam: a specialist course is not certified.", lean.Exam);
        Assert.Null(lean.Renewal);
    }

    [Fact]
    public void The_exam_says_what_is_not_published_and_claims_no_closed_book_it_does_not_know()
    {
        var result = Compare($"{P3oPractitioner},{IpmoPractitioner},axelos-mop-foundation");

        Assert.Equal("Objective testing, open book (4 questions of 20 marks). 150 minutes; pass mark 40/80 (50%); on the final day (day 2).", result.Courses[0].Exam);
        Assert.Equal("Exam. Length and pass mark not published; on the final day (day 5).", result.Courses[1].Exam);
        Assert.DoesNotContain("closed book", result.Courses[1].Exam, StringComparison.Ordinal);
        // MoP Foundation's course length is not published, so its exam day is not stated either.
        Assert.DoesNotContain("day", result.Courses[2].Exam.Replace("days", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_level_and_a_PMO_type_each_course_says_how_it_fits()
    {
        var result = Compare("axelos-mop-practitioner,aipmo-ipmo-expert,axelos-p3o-foundation", level: "3", pmoType: "portfolio-office");

        Assert.Equal(3, result.Level);
        Assert.Equal("portfolio-office", result.PmoType);
        var mop = result.Courses[0];
        Assert.StartsWith("You work in a portfolio office: MoP", mop.PmoTypeFit, StringComparison.Ordinal);
        Assert.Equal("Serves level 3, where you work.", mop.LevelFit);
        Assert.Contains("Weighed up for people in a portfolio office at levels 3 and 4", mop.Suits);
        Assert.Equal("For level 4: a step beyond level 3, where you work.", result.Courses[1].LevelFit);
        Assert.Equal("No rule weighs it up for a portfolio office at level 3.", result.Courses[1].PmoTypeFit);
        Assert.Contains("Weighed up for people in an enterprise PMO (ePMO) at levels 3 and 4", result.Courses[1].Suits);
    }

    [Fact]
    public void Without_a_level_or_PMO_type_there_is_no_fit_to_state()
    {
        var result = Compare($"{P3oPractitioner},{IpmoPractitioner}");

        Assert.All(result.Courses, c => Assert.Null(c.LevelFit));
        Assert.All(result.Courses, c => Assert.Null(c.PmoTypeFit));
    }

    [Theory]
    [InlineData("axelos-p3o-practitioner", "codes", "Only one course was given ('axelos-p3o-practitioner')")]
    [InlineData("", "codes", "Give 2 to 4 course codes")]
    [InlineData("agile-pmo,benefits-management,pmo-coaching,setting-up-a-pmo,lean-agile-pmo", "codes", "5 courses were given; at most 4 can be compared side by side. Leave out 'lean-agile-pmo'")]
    [InlineData("agile-pmo,Agile-PMO", "codes", "'agile-pmo' is given 2 times")]
    [InlineData("agile-pmo,prince9-practitioner", "codes", "There is no course 'prince9-practitioner'")]
    public void Bad_codes_get_an_error_naming_the_code(string codes, string field, string message)
    {
        var error = Assert.Throws<InvalidInputException>(() => Compare(codes));

        Assert.Contains(error.Errors[field], m => m.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_very_long_list_is_answered_by_its_count_naming_only_a_few_codes()
    {
        var codes = string.Join(",", Enumerable.Range(0, 500).Select(n => $"course-{n}"));

        var error = Assert.Throws<InvalidInputException>(() => Compare(codes));

        Assert.StartsWith("500 courses were given; at most 4", error.Errors["codes"][0], StringComparison.Ordinal);
        Assert.True(error.Errors["codes"].Length <= 1 + (2 * CourseComparison.MaxCourses), "each of 500 codes should not get its own message");
        Assert.True(error.Message.Length < 2_000, $"the error is {error.Message.Length} characters long");
    }

    [Fact]
    public void A_bad_level_and_PMO_type_are_named_with_the_codes_problem_all_at_once()
    {
        var error = Assert.Throws<InvalidInputException>(() => Compare("agile-pmo,nope", level: "7", pmoType: "war-room"));

        Assert.Equal(["codes", "level", "pmoType"], error.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("'7' is not a career level", error.Errors["level"][0], StringComparison.Ordinal);
        Assert.Contains("'war-room' is not a PMO type", error.Errors["pmoType"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Alternatives_to_a_certification_are_other_current_certifications_of_its_levels_core_ones_first()
    {
        var alternatives = CourseComparison.AlternativesTo(DefaultFramework.Snapshot, P3oPractitioner);

        // The level-3 cores first; never its own prerequisite, P3O Foundation.
        Assert.Equal([Managers, IpmoPractitioner, "hop-essentials-pmo-analysts"], alternatives);
        Assert.All(alternatives, code =>
        {
            var course = DefaultFramework.Snapshot.FindCourse(code)!;
            Assert.Equal(CourseKind.Certification, course.Kind);
            Assert.False(course.Retired);
            Assert.True(course.Levels.Intersect([2, 3]).Any());
        });
        Assert.Contains(IpmoPractitioner, alternatives);
        Assert.DoesNotContain(IpmoPractitioner, CourseComparison.AlternativesTo(DefaultFramework.Snapshot, P3oPractitioner, [IpmoPractitioner]));
    }

    [Fact]
    public void For_a_person_alternatives_are_only_courses_whose_certificate_prerequisites_they_hold()
    {
        // Someone holding nothing: P3O Practitioner and IPMO-Practitioner ask for a Foundation first, so they are no alternative.
        var none = CourseComparison.AlternativesTo(DefaultFramework.Snapshot, "hop-essentials-pmo-analysts", held: []);
        Assert.Equal(["axelos-p3o-foundation", "aipmo-ipmo-foundation"], none);

        var withFoundation = CourseComparison.AlternativesTo(DefaultFramework.Snapshot, "hop-essentials-pmo-analysts", held: ["axelos-p3o-foundation"]);
        Assert.Contains(P3oPractitioner, withFoundation);
    }

    [Fact]
    public void The_same_input_gives_the_same_comparison()
    {
        var first = Compare($"{P3oPractitioner},{Managers},{LeanAgile}", "2", "project-office");
        var second = Compare($"{P3oPractitioner},{Managers},{LeanAgile}", "2", "project-office");

        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(first), System.Text.Json.JsonSerializer.Serialize(second));
    }
}
