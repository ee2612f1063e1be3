using PmoPath.Advice;

namespace PmoPath.Core.Tests.Advice;

/// <summary>Bad input is refused with every problem named by its field, as the API, the CLI and the page report it.</summary>
public class AdviceProfileReaderTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    private static IReadOnlyDictionary<string, string[]> ErrorsOf(string json) =>
        Assert.Throws<InvalidInputException>(() => AdviceProfileReader.Read(json, DefaultFramework.Snapshot, Today)).Errors;

    [Fact]
    public void The_example_profile_of_the_product_brief_is_read()
    {
        var request = AdviceProfileReader.Read("""
            { "level": 3, "targetLevel": 4, "pmoType": "enterprise-pmo",
              "asOf": "2026-11-22",
              "certifications": [ { "code": "axelos-p3o-foundation", "achievedOn": "2023-05-10" } ],
              "completedCourses": [ "agile-pmo" ],
              "competencies": { "benefits-management": 1 } }
            """, DefaultFramework.Snapshot, Today);

        Assert.Equal(3, request.Profile.Level);
        Assert.Equal(4, request.Profile.TargetLevel);
        Assert.Equal(new HeldCertificate("axelos-p3o-foundation", new DateOnly(2023, 5, 10)), Assert.Single(request.Profile.Certifications));
        Assert.Equal(1, request.Profile.Competencies["benefits-management"]);
        Assert.Equal(Today, request.AsOf);
    }

    [Fact]
    public void Without_an_as_of_date_the_advice_is_for_today_and_without_a_target_for_the_current_level()
    {
        var request = AdviceProfileReader.Read("""{ "level": 2 }""", DefaultFramework.Snapshot, Today);

        Assert.Equal(Today, request.AsOf);
        Assert.Equal(2, request.Profile.TargetLevel);
    }

    [Theory]
    [InlineData("""{ "level": 5 }""", "level", "not a career level")]
    [InlineData("""{ "level": 0 }""", "level", "not a career level")]
    [InlineData("""{ "targetLevel": 3 }""", "level", "is required")]
    [InlineData("""{ "level": 3, "targetLevel": 2 }""", "targetLevel", "below the level you work at")]
    [InlineData("""{ "level": 2, "pmoType": "pop-up" }""", "pmoType", "unknown PMO type")]
    [InlineData("""{ "level": 2, "asOf": "22/11/2026" }""", "asOf", "yyyy-MM-dd")]
    [InlineData("""{ "level": 2, "certifications": [ { "code": "prince2", "achievedOn": "2020-01-01" } ] }""", "certifications[0].code", "unknown course 'prince2'")]
    [InlineData("""{ "level": 2, "certifications": [ { "code": "agile-pmo", "achievedOn": "2020-01-01" } ] }""", "certifications[0].code", "specialist course")]
    [InlineData("""{ "level": 2, "certifications": [ { "achievedOn": "2020-01-01" } ] }""", "certifications[0].code", "is required")]
    [InlineData("""{ "level": 2, "certifications": [ { "code": "axelos-p3o-foundation", "achievedOn": "2020-02-30" } ] }""", "certifications[0].achievedOn", "not a date")]
    [InlineData("""{ "level": 2, "certifications": [ { "code": "axelos-p3o-foundation", "achievedOn": "2027-01-01" } ] }""", "certifications[0].achievedOn", "cannot be in the future")]
    [InlineData("""{ "level": 2, "certifications": [ { "code": "axelos-p3o-foundation", "achievedOn": 20200101 } ] }""", "certifications[0].achievedOn", "date in quotes")]
    [InlineData("""{ "level": 2, "completedCourses": [ "knitting" ] }""", "completedCourses[0]", "unknown course")]
    [InlineData("""{ "level": 2, "competencies": { "juggling": 2 } }""", "competencies.juggling", "unknown competency area")]
    [InlineData("""{ "level": 2, "competencies": { "strategy": 5 } }""", "competencies.strategy", "off the scale")]
    [InlineData("""{ "level": 2, "competencies": { "strategy": "high" } }""", "competencies.strategy", "whole number from 0 to 4")]
    [InlineData("""{ "level": "two" }""", "level", "whole number from 1 to 4")]
    [InlineData("""{ "level": 2, "yearsInPmo": -1 }""", "yearsInPmo", "0 to 60")]
    [InlineData("""{ "level": 2, "certificates": [] }""", "certificates", "not a field")]
    [InlineData("""{ "level": 2, """, "$", "not valid JSON")]
    [InlineData("""[ 2 ]""", "$", "JSON object")]
    [InlineData("", "$", "empty")]
    public void A_bad_profile_names_the_field(string json, string field, string message)
    {
        var errors = ErrorsOf(json);

        Assert.True(errors.ContainsKey(field), $"no error for {field}; got {string.Join(", ", errors.Keys)}");
        Assert.Contains(errors[field], m => m.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var errors = ErrorsOf("""
            { "level": 3, "targetLevel": 1, "asOf": "2026-11-22",
              "certifications": [ { "code": "nope", "achievedOn": "2020-01-01" }, { "code": "axelos-p3o-foundation", "achievedOn": "yesterday" } ] }
            """);

        Assert.Equal(["certifications[0].code", "certifications[1].achievedOn", "targetLevel"], errors.Keys.Order(StringComparer.Ordinal));
    }
}
