using PmoPath.Catalog;
using PmoPath.Exchange;

namespace PmoPath.Core.Tests.Framework;

public class FrameworkValidatorTests
{
    private static FrameworkDocument Valid() => FrameworkJson.ReadDefault();

    private static IReadOnlyList<string> Problems(FrameworkDocument doc) =>
        [.. FrameworkValidator.Validate(doc, TestDay.Today).Select(p => p.ToString())];

    [Fact]
    public void An_unknown_level_on_a_course_is_named_by_its_path()
    {
        var doc = Valid();
        doc.Courses[2].Levels.Add(7);
        Assert.Contains("courses[2].levels[1]: unknown level 7", Problems(doc));
    }

    [Fact]
    public void A_source_may_be_checked_up_to_tomorrow_in_UTC_but_not_later()
    {
        var doc = Valid();
        doc.Courses[0].Sources[0].CheckedOn = TestDay.Today.AddDays(1);
        Assert.DoesNotContain(Problems(doc), p => p.StartsWith("courses[0].sources[0].checkedOn", StringComparison.Ordinal));

        doc.Courses[0].Sources[0].CheckedOn = TestDay.Today.AddDays(2);
        Assert.Contains($"courses[0].sources[0].checkedOn: {TestDay.Today.AddDays(2):yyyy-MM-dd} is not a day the source can have been checked", Problems(doc));
    }

    [Fact]
    public void A_duplicate_course_code_is_reported()
    {
        var doc = Valid();
        doc.Courses[1].Code = doc.Courses[0].Code;
        Assert.Contains($"courses[1].code: duplicate code '{doc.Courses[0].Code}'", Problems(doc));
    }

    [Fact]
    public void A_prerequisite_naming_a_missing_course_is_reported()
    {
        var doc = Valid();
        var index = doc.Courses.FindIndex(c => c.Code == "axelos-p3o-practitioner");
        doc.Courses[index].Prerequisites[0].Course = "axelos-p3o-nonexistent";
        Assert.Contains($"courses[{index}].prerequisites[0].course: unknown course 'axelos-p3o-nonexistent'", Problems(doc));
    }

    [Fact]
    public void A_cycle_of_prerequisites_is_reported_with_its_chain()
    {
        var doc = Valid();
        var foundation = doc.Courses.First(c => c.Code == "axelos-p3o-foundation");
        foundation.Prerequisites.Add(new Prerequisite { Kind = PrerequisiteKind.Certificate, Course = "axelos-p3o-practitioner" });
        var cycle = Assert.Single(Problems(doc), p => p.Contains("cycle", StringComparison.Ordinal));
        Assert.Contains("axelos-p3o-foundation", cycle, StringComparison.Ordinal);
        Assert.Contains("axelos-p3o-practitioner", cycle, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_listed_not_just_the_first()
    {
        var doc = Valid();
        doc.Courses[0].Levels.Add(9);
        doc.Courses[1].Body = "nobody";
        doc.Courses[2].DurationDays = 0;
        doc.Competencies[0].Expected[0] = 5;
        doc.Levels.RemoveAt(3);
        var problems = Problems(doc);
        Assert.Contains("courses[0].levels[1]: unknown level 9", problems);
        Assert.Contains("courses[1].body: unknown certification body 'nobody'", problems);
        Assert.Contains(problems, p => p.StartsWith("courses[2].durationDays", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("competencies[0].expected[0]", StringComparison.Ordinal));
        Assert.Contains("levels: level 4 is missing", problems);
    }

    [Fact]
    public void A_successor_must_exist_and_its_course_be_retired()
    {
        var doc = Valid();
        var agile = doc.Courses.FindIndex(c => c.Code == "agile-pmo");
        doc.Courses[agile].Successor = "no-such-course";
        var problems = Problems(doc);
        Assert.Contains($"courses[{agile}].successor: unknown course 'no-such-course'", problems);
        Assert.Contains($"courses[{agile}].retired: a course with a successor must be marked retired", problems);
    }

    [Fact]
    public void Codes_must_be_slugs()
    {
        var doc = Valid();
        doc.Courses[0].Code = "P3O Foundation";
        Assert.Contains(Problems(doc), p => p.StartsWith("courses[0].code: 'P3O Foundation' is not a code", StringComparison.Ordinal));
    }

    [Fact]
    public void Advice_numbers_out_of_range_are_reported()
    {
        var doc = Valid();
        doc.Advice.CertificationDueAfterYears = 3;
        doc.Advice.CertificationOverdueAfterYears = 2;
        Assert.Contains("advice.certificationOverdueAfterYears: must not be before the due year", Problems(doc));
    }
}
