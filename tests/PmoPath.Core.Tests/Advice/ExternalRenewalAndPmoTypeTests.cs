using Bogus;
using PmoPath.Advice;
using PmoPath.Catalog;
using PmoPath.Exchange;
using PmoPath.Framework;
using PmoPath.People;
using AdviceState = PmoPath.Advice.CertificateState;

namespace PmoPath.Core.Tests.Advice;

/// <summary>
/// Certifications held elsewhere, renewal as PeopleCert runs it (the 2020 transition, CPD with its sentence),
/// the PMO-type rules, and the catalogue's facts with their sources.
/// </summary>
public class ExternalRenewalAndPmoTypeTests
{
    private static readonly FrameworkSnapshot Framework = DefaultFramework.Snapshot;
    private static readonly string[] ExternalCodes =
        ["axelos-prince2-foundation", "axelos-prince2-practitioner", "axelos-msp-foundation", "axelos-msp-practitioner", "apm-pmq", "pmi-pmp", "pmi-pmocp"];

    // ---- Facts and sources ----

    [Fact]
    public void Every_body_and_course_of_the_default_carries_sources_with_an_address_and_a_day_checked()
    {
        Assert.All(Framework.Bodies, b => Assert.NotEmpty(b.Sources));
        Assert.All(Framework.Courses, c => Assert.NotEmpty(c.Sources));
        Assert.All(Framework.Bodies.SelectMany(b => b.Sources).Concat(Framework.Courses.SelectMany(c => c.Sources)), s =>
        {
            Assert.Matches("^https?://", s.Url);
            Assert.True(s.CheckedOn.Year >= 2025, s.Url);
        });
    }

    [Fact]
    public void The_default_holds_the_bodies_published_facts()
    {
        Course C(string code) => Framework.FindCourse(code)!;
        Assert.Equal(2, C("hop-essentials-pmo-directors").DurationDays);
        Assert.Equal(2, C("axelos-p3o-practitioner").DurationDays);
        Assert.Equal(3, C("hop-essentials-pmo-managers").DurationDays);
        var mop = C("axelos-mop-practitioner").Assessment!;
        Assert.Equal((4, 150, 40, 80, true), (mop.Questions!.Value, mop.DurationMinutes!.Value, mop.PassMark!.Value, mop.MaxMarks!.Value, mop.OpenBook));
        var bcs = C("bcs-ppso-advanced-practitioner");
        Assert.Equal((120, false), (bcs.Assessment!.DurationMinutes!.Value, bcs.Assessment.OpenBook));
        Assert.Contains("32 hours", bcs.Description, StringComparison.Ordinal);
        Assert.Contains("our own policy, not House of PMO's", bcs.Description, StringComparison.Ordinal);
        Assert.Equal("PeopleCert", Framework.BodyByCode["axelos"].OwnedBy);
        foreach (var code in new[] { "hop-essentials-pmo-managers", "hop-essentials-pmo-directors" })
        {
            var prerequisite = Assert.Single(C(code).Prerequisites);
            Assert.Equal(PrerequisiteKind.AnyCertificate, prerequisite.Kind);
            Assert.Contains("axelos-prince2-practitioner", prerequisite.Courses!);
            Assert.Contains("axelos-p3o-practitioner", prerequisite.Courses!);
            Assert.Contains("hop-essentials-pmo-analysts", prerequisite.Courses!);
            Assert.True(prerequisite.OrEquivalentExperience);
        }
        Assert.Contains("durationDays", C("lean-agile-pmo").NotPublished);
    }

    [Fact]
    public void A_course_whose_length_is_not_published_is_never_given_a_length_only_the_count_the_plan_uses_and_why()
    {
        var person = Profile.At(3).Holding("hop-essentials-pmo-managers", "2025-06-01").Completed("agile-pmo").Rating("agile-ways-of-working", 0);
        person.Document.PmoType = "agile-delivery-office";

        var answer = person.Advise();

        var lean = Assert.Single(answer.Recommendations, r => r.Code == "lean-agile-pmo");
        Assert.Contains(lean.Reasons, r => r.Contains("its length is not published", StringComparison.Ordinal));
        Assert.DoesNotContain(lean.Reasons, r => r.Contains("(1 day)", StringComparison.Ordinal));
        var year = answer.Roadmap.Single(y => y.Codes.Contains("lean-agile-pmo"));
        Assert.Contains("Lean-Agile for PMOs: its length is not published, so the plan counts it as 1 day until one is published.", year.Notes);

        // With less than that a year it can never fit, and the reason says the day is the plan's count, not a published length.
        var tooLittle = person.WithTrainingDays(0.5m).Advise();
        var held = tooLittle.NotNow.Single(h => h.Code == "lean-agile-pmo");
        Assert.Equal(AdviceRules.Budget, held.Rule);
        Assert.Contains("Its length is not published; the plan counts it as 1 day, more than your 0.5 days of training a year.", held.Reasons);
    }

    [Fact]
    public void A_file_without_sources_still_validates_but_a_bad_source_is_named_by_its_path()
    {
        var doc = FrameworkJson.ReadDefault();
        foreach (var course in doc.Courses)
            course.Sources = [];
        foreach (var body in doc.Bodies)
            body.Sources = [];
        Assert.Empty(FrameworkValidator.Validate(doc, TestDay.Today));

        doc.Courses[0].Sources = [new Source { Url = "ftp://example.org/x", CheckedOn = new DateOnly(2026, 1, 1) }, new Source { Url = "https://example.org/" }];
        var problems = FrameworkValidator.Validate(doc, TestDay.Today).Select(p => p.ToString()).ToList();
        Assert.Contains(problems, p => p.StartsWith("courses[0].sources[0].url", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("courses[0].sources[1].checkedOn", StringComparison.Ordinal));
    }

    [Fact]
    public void Sources_survive_writing_and_reading_the_file()
    {
        var text = FrameworkJson.ReadDefaultText();
        var again = FrameworkJson.Write(FrameworkJson.Read(text));
        Assert.Equal(text, again);
        Assert.Contains("\"checkedOn\": \"2026-12-03\"", again, StringComparison.Ordinal);
    }

    // ---- Certifications held elsewhere ----

    [Fact]
    public void External_certifications_are_accepted_in_a_profile_and_never_recommended_or_listed_as_held_back()
    {
        var answer = Profile.At(3).Aiming(4).Holding("pmi-pmp", "2024-02-01").Holding("apm-pmq", "2019-06-01").Advise();

        Assert.DoesNotContain(answer.Recommendations, r => ExternalCodes.Contains(r.Code));
        Assert.DoesNotContain(answer.NotNow, h => ExternalCodes.Contains(h.Code));
        Assert.DoesNotContain(answer.Roadmap.SelectMany(y => y.Codes), ExternalCodes.Contains);
        Assert.Contains(answer.Certificates, c => c.Code == "pmi-pmp" && c.Summary.Contains("PMI", StringComparison.Ordinal));
    }

    [Fact]
    public void A_PRINCE2_Practitioner_held_elsewhere_meets_the_House_of_PMO_practitioner_level_prerequisite()
    {
        var without = Profile.At(3).Aiming(3).WithYearsInPmo(10).Advise();
        var held = Assert.Single(without.NotNow, h => h.Code == "hop-essentials-pmo-managers");
        Assert.Contains(held.Reasons, r => r.StartsWith("Prerequisite not met", StringComparison.Ordinal) && r.Contains("PRINCE2 Practitioner", StringComparison.Ordinal)
            && r.Contains("equivalent experience", StringComparison.Ordinal));

        var with = Profile.At(3).Aiming(4).Holding("axelos-prince2-practitioner", "2025-03-01").Holding("hop-essentials-pmo-managers", "2023-01-01").On("2026-11-22").Advise();
        var directors = with.Recommendations.Concat<object>(with.NotNow).ToList();
        Assert.DoesNotContain(with.NotNow, h => h.Code == "hop-essentials-pmo-directors" && h.Reasons.Any(r => r.StartsWith("Prerequisite not met", StringComparison.Ordinal)));
        Assert.NotEmpty(directors);
    }

    [Fact]
    public void A_PRINCE2_exam_renews_the_whole_PeopleCert_suite()
    {
        var answer = Profile.At(2).Aiming(3).Holding("axelos-p3o-foundation", "2021-03-01").Holding("axelos-prince2-foundation", "2025-04-10").Advise();

        var p3o = Assert.Single(answer.Certificates, c => c.Code == "axelos-p3o-foundation");
        Assert.Equal(new DateOnly(2028, 4, 10), p3o.RenewBy);
        Assert.Equal(AdviceState.Current, p3o.Status);
    }

    // ---- Renewal: the 2020 transition and CPD ----

    [Fact]
    public void A_P3O_certificate_from_2015_is_not_current_since_1_July_2023_not_2018()
    {
        var answer = Profile.At(2).Aiming(2).Holding("axelos-p3o-foundation", "2015-04-01").Advise();

        var p3o = Assert.Single(answer.Certificates);
        Assert.Equal(new DateOnly(2023, 7, 1), p3o.RenewBy);
        Assert.Equal(AdviceState.NotCurrent, p3o.Status);
        Assert.StartsWith("Not current since 2023-07-01", p3o.Summary, StringComparison.Ordinal);

        var record = new Certificate { CourseCode = "axelos-p3o-foundation", AchievedOn = new DateOnly(2015, 4, 1) };
        var standing = CertificateStanding.Of(record, [record], Framework, Profile.Today);
        Assert.Equal((new DateOnly(2023, 7, 1), People.CertificateStatus.NotCurrent), (standing.RenewBy, standing.Status));
    }

    [Fact]
    public void A_certificate_achieved_after_the_change_runs_three_years_from_its_exam()
    {
        var answer = Profile.At(2).Aiming(2).Holding("axelos-p3o-foundation", "2020-09-15").On("2023-08-01").Advise();
        Assert.Equal(new DateOnly(2023, 9, 15), Assert.Single(answer.Certificates).RenewBy);
    }

    [Fact]
    public void Logged_CPD_is_counted_in_the_advice_and_never_claimed_when_the_record_shows_none()
    {
        var request = Profile.At(3).Aiming(3).Holding("axelos-p3o-foundation", "2023-01-10").Holding("axelos-p3o-practitioner", "2024-05-20").Request;
        var logged = request.Profile with
        {
            Cpd = [new CpdPoints("axelos", null, new DateOnly(2025, 3, 1), 20), new CpdPoints("axelos", null, new DateOnly(2026, 2, 1), 15), new CpdPoints("other", null, new DateOnly(2026, 2, 1), 40)],
        };

        var with = Advisor.Advise(Framework, logged, request.AsOf);
        var p3o = Assert.Single(with.Certificates, c => c.Code == "axelos-p3o-practitioner");
        Assert.Contains("You have logged 35 of the 60 CPD points this cycle asks (20 a year for 3 years, with a continuous PeopleCert+ subscription); 25 more by 2027-05-20 keep P3O Foundation and P3O Practitioner current without an exam.", p3o.Summary, StringComparison.Ordinal);

        var without = Advisor.Advise(Framework, request.Profile, request.AsOf);
        var bare = Assert.Single(without.Certificates, c => c.Code == "axelos-p3o-practitioner");
        Assert.DoesNotContain("You have logged", bare.Summary, StringComparison.Ordinal);
        Assert.Contains("No CPD points are logged for this cycle", bare.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Twenty_points_in_each_year_of_a_cycle_extend_the_renew_by_date_in_the_advice_as_in_the_record()
    {
        var request = Profile.At(2).Aiming(2).Holding("axelos-p3o-foundation", "2022-06-01").On("2025-08-01").Request;
        var profile = request.Profile with
        {
            Cpd = [new CpdPoints("axelos", null, new DateOnly(2022, 9, 1), 20), new CpdPoints("axelos", null, new DateOnly(2023, 9, 1), 20), new CpdPoints("axelos", null, new DateOnly(2024, 9, 1), 21)],
        };
        var answer = Advisor.Advise(Framework, profile, request.AsOf);
        Assert.Equal(new DateOnly(2028, 6, 1), Assert.Single(answer.Certificates).RenewBy);

        var certificate = new Certificate { CourseCode = "axelos-p3o-foundation", AchievedOn = new DateOnly(2022, 6, 1) };
        var log = profile.Cpd.Select(c => new CpdEntry { Suite = c.Suite!, On = c.On, Points = c.Points }).ToList();
        Assert.Equal(new DateOnly(2028, 6, 1), CertificateStanding.Of(certificate, [certificate], Framework, request.AsOf, log).RenewBy);
    }

    // ---- PMO type ----

    [Fact]
    public void A_portfolio_office_moves_MoP_forward_with_the_reason_stated()
    {
        var person = Profile.At(3).Aiming(4).Holding("hop-essentials-pmo-managers", "2023-06-01").Holding("axelos-prince2-practitioner", "2022-01-01");
        var projectOffice = person.Request.Profile with { PmoType = "project-office" };
        var portfolioOffice = person.Request.Profile with { PmoType = "portfolio-office" };

        var a = Advisor.Advise(Framework, projectOffice, Profile.Today);
        var b = Advisor.Advise(Framework, portfolioOffice, Profile.Today);

        var first = b.Recommendations.First(r => r.Kind == CourseKind.Certification);
        Assert.Equal("axelos-mop-foundation", first.Code);
        Assert.Contains(first.Reasons, r => r.StartsWith("You work in a portfolio office", StringComparison.Ordinal));
        Assert.NotEqual(a.Recommendations.First(r => r.Kind == CourseKind.Certification).Code, first.Code);
    }

    [Fact]
    public void A_centre_of_excellence_puts_coaching_first_among_the_specialist_courses_for_its_gaps()
    {
        var person = Profile.At(3).Aiming(3).Rating("benefits-management", 0).Rating("pmo-setup-design", 0).Rating("agile-ways-of-working", 0).Rating("coaching", 1)
            .Holding("aipmo-ipmo-practitioner", "2025-06-01").Holding("aipmo-ipmo-foundation", "2024-01-01").Request;
        var coe = Advisor.Advise(Framework, person.Profile with { PmoType = "centre-of-excellence" }, person.AsOf);
        var specialists = coe.Recommendations.Where(r => r.Kind == CourseKind.Specialist).ToList();
        Assert.Equal("pmo-coaching", specialists[0].Code);
        Assert.Contains(specialists[0].Reasons, r => r.Contains("centre of excellence", StringComparison.Ordinal));
    }

    [Fact]
    public void Changing_only_the_PMO_type_never_changes_eligibility()
    {
        var random = new Randomizer(20261203);
        var types = Framework.PmoTypes.Select(t => t.Code).Append(null).ToArray();
        var changedOrder = 0;
        foreach (var request in ProfileFaker.Generate(Framework, 1500, seed: 1203))
        {
            var profile = request.Profile with
            {
                Certifications = [.. request.Profile.Certifications, .. random.ArrayElements(ExternalCodes, random.Int(0, 2)).Select(code => new HeldCertificate(code, request.AsOf.AddDays(-random.Int(0, 3000))))],
            };
            var answers = types.Select(type => Advisor.Advise(Framework, profile with { PmoType = type }, request.AsOf)).ToList();
            var baseline = Eligibility(answers[0]);
            foreach (var answer in answers.Skip(1))
                Assert.Equal(baseline, Eligibility(answer));
            if (answers.Select(a => string.Join(",", a.Recommendations.Select(r => r.Code))).Distinct().Count() > 1)
                changedOrder++;
        }
        Assert.True(changedOrder > 0, "no profile's answer changed with its PMO type: the rules are not applied");
    }

    /// <summary>Each course's eligibility as the answer shows it: the flag of a recommendation, or an unmet prerequisite among a held-back course's reasons.</summary>
    private static SortedDictionary<string, bool> Eligibility(AdviceAnswer answer)
    {
        var map = new SortedDictionary<string, bool>(StringComparer.Ordinal);
        foreach (var r in answer.Recommendations)
            map[r.Code] = r.Eligible;
        foreach (var h in answer.NotNow)
            map[h.Code] = !h.Reasons.Any(r => r.StartsWith("Prerequisite not met", StringComparison.Ordinal));
        return map;
    }
}
