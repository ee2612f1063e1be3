using PmoPath.Exchange;
using PmoPath.Framework;
using PmoPath.Insight;
using PmoPath.People;

namespace PmoPath.Core.Tests.Insight;

/// <summary>The date rules the organisation view's queries rely on, checked against the record's own rules.</summary>
public sealed class OrganisationInsightDatesTests
{
    private static readonly FrameworkSnapshot Framework = new(FrameworkJson.ReadDefault());

    public static TheoryData<string> Days() => new() { "2024-02-29", "2025-02-28", "2025-03-01", "2026-11-22", "2027-01-01", "2028-02-29", "2027-12-31" };

    [Theory]
    [MemberData(nameof(Days))]
    public void A_certificate_is_not_lapsed_exactly_when_its_exam_is_on_or_after_the_earliest_start(string day)
    {
        // What the grouped query compares (exam >= earliest start) must say what CertificateStanding says, leap days included.
        var asOf = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);
        var earliest = OrganisationInsight.EarliestStartCurrentOn(asOf, 3);
        for (var offset = -3; offset <= 3; offset++)
        {
            var certificate = new Certificate { CourseCode = "axelos-p3o-foundation", AchievedOn = earliest.AddDays(offset) };
            var standing = CertificateStanding.Of(certificate, [certificate], Framework, asOf);
            Assert.Equal(offset >= 0, standing.Status != CertificateStatus.NotCurrent);
        }
    }

    [Fact]
    public void Quarters_start_on_the_first_of_January_April_July_and_October()
    {
        Assert.Equal(new DateOnly(2026, 10, 1), OrganisationInsight.QuarterStart(new DateOnly(2026, 11, 22)));
        Assert.Equal(new DateOnly(2027, 1, 1), OrganisationInsight.QuarterStart(new DateOnly(2027, 1, 1)));
        Assert.Equal("2026 Q4", OrganisationInsight.QuarterName(new DateOnly(2026, 10, 1)));
        var renewals = OrganisationInsight.RenewalQuarterStarts(new DateOnly(2026, 11, 22));
        Assert.Equal(OrganisationInsight.RenewalQuarters + 1, renewals.Count);
        Assert.Equal(new DateOnly(2026, 11, 22), renewals[0]);
        Assert.Equal(new DateOnly(2027, 1, 1), renewals[1]);
        var trend = OrganisationInsight.TrendQuarterStarts(new DateOnly(2026, 11, 22));
        Assert.Equal(new DateOnly(2024, 1, 1), trend[0]);
        Assert.Equal(new DateOnly(2027, 1, 1), trend[^1]);
    }

    [Fact]
    public void The_default_framework_renews_the_AXELOS_suite_together()
    {
        var group = Assert.Single(RenewalGroup.Of(Framework));
        Assert.Equal("axelos", group.Body);
        Assert.Equal(3, group.Years);
        // P3O and MoP, and PRINCE2 and MSP held elsewhere: PeopleCert's one project, programme and portfolio suite.
        Assert.Equal(8, group.Codes.Count);
        Assert.Equal(group.Codes, group.SuiteCodes);
    }
}
