using System.Text.Json;
using PmoPath.Advice;
using PmoPath.Catalog;
using PmoPath.Exchange;
using PmoPath.Framework;

namespace PmoPath.Core.Tests.Advice;

/// <summary>What must hold for every profile, checked over thousands of generated ones.</summary>
public class AdvisorPropertyTests
{
    private const int Count = 3000;
    private static readonly FrameworkSnapshot Framework = DefaultFramework.Snapshot;
    private static readonly List<AdviceRequest> Profiles = ProfileFaker.Generate(Framework, Count, seed: 20261122);
    private static readonly List<AdviceAnswer> Answers = [.. Profiles.Select(p => Advisor.Advise(Framework, p))];

    [Fact]
    public void Never_recommends_a_course_held_with_a_valid_certificate()
    {
        for (var n = 0; n < Count; n++)
        {
            var valid = ValidCertificates(Profiles[n]);
            foreach (var r in Answers[n].Recommendations)
                Assert.False(valid.Contains(r.Code), $"profile {n} was recommended {r.Code}, which it holds and is current");
        }
    }

    [Fact]
    public void Never_marks_eligible_a_course_whose_prerequisite_is_missing()
    {
        for (var n = 0; n < Count; n++)
        {
            var (profile, _) = Profiles[n];
            foreach (var r in Answers[n].Recommendations.Where(r => r.Eligible))
            {
                foreach (var p in Framework.FindCourse(r.Code)!.Prerequisites)
                {
                    var met = p.Kind switch
                    {
                        PrerequisiteKind.Certificate => HoldsEver(profile, p.Course!),
                        PrerequisiteKind.CurrentLevel => profile.Level == p.Level,
                        PrerequisiteKind.MinimumLevel => profile.Level >= p.Level,
                        PrerequisiteKind.YearsExperience => profile.YearsInPmo >= p.Years,
                        PrerequisiteKind.AnyCertificate => p.Courses!.Any(code => HoldsEver(profile, code)),
                        _ => false,
                    };
                    Assert.True(met, $"profile {n}: {r.Code} is marked eligible but misses {p.Kind} {p.Course}{p.Level}{p.Years}");
                }
            }
        }
    }

    [Fact]
    public void Never_plans_two_certification_courses_in_one_roadmap_year()
    {
        for (var n = 0; n < Count; n++)
        {
            var lastYear = Profiles[n].Profile.Certifications.Select(c => c.AchievedOn.Year).DefaultIfEmpty(0).Max();
            foreach (var year in Answers[n].Roadmap)
            {
                var planned = year.Codes.Count(c => Framework.FindCourse(c)!.IsCertification);
                Assert.True(planned <= Framework.Advice.MaxCertificationsPerYear, $"profile {n}: {planned} certifications in {year.Year}");
                // Nor one planned in the year a certification was already taken.
                Assert.False(planned > 0 && year.Year == lastYear, $"profile {n}: a certification planned in {year.Year}, when one was already taken");
            }
        }
    }

    [Fact]
    public void Never_recommends_a_retired_course_and_considers_every_course_once()
    {
        // Certifications held elsewhere are recorded, never considered: they are neither recommended nor held back.
        var all = Framework.Courses.Where(c => c.Kind != CourseKind.External).Select(c => c.Code).Order(StringComparer.Ordinal).ToList();
        for (var n = 0; n < Count; n++)
        {
            var answer = Answers[n];
            Assert.DoesNotContain(answer.Recommendations, r => Framework.FindCourse(r.Code)!.Retired);
            Assert.DoesNotContain(answer.Roadmap.SelectMany(y => y.Codes), c => Framework.FindCourse(c)!.Retired);
            Assert.Equal(all, answer.Recommendations.Select(r => r.Code).Concat(answer.NotNow.Select(h => h.Code)).Order(StringComparer.Ordinal));
            Assert.All(answer.NotNow, h => Assert.NotEmpty(h.Reasons));
            Assert.All(answer.Recommendations, r => Assert.NotEmpty(r.Reasons));
        }
    }

    [Fact]
    public void The_roadmap_runs_year_by_year_from_the_day_of_advice_and_never_lowers_the_level()
    {
        for (var n = 0; n < Count; n++)
        {
            var (profile, asOf) = Profiles[n];
            var roadmap = Answers[n].Roadmap;
            Assert.Equal(Enumerable.Range(asOf.Year, roadmap.Count), roadmap.Select(y => y.Year));
            Assert.Equal(profile.Level, roadmap[0].Level);
            Assert.All(roadmap.Zip(roadmap.Skip(1)), pair => Assert.InRange(pair.Second.Level, pair.First.Level, profile.TargetLevel));
        }
    }

    [Fact]
    public void The_same_profile_and_day_give_the_same_answer()
    {
        // A second snapshot of the same file, and the profiles advised in reverse order: nothing carries over.
        var again = new FrameworkSnapshot(FrameworkJson.Read(FrameworkJson.ReadDefaultText()));
        for (var n = Count - 1; n >= 0; n--)
            Assert.Equal(JsonSerializer.Serialize(Answers[n]), JsonSerializer.Serialize(Advisor.Advise(again, Profiles[n])));
    }

    private static HashSet<string> ValidCertificates(AdviceRequest request)
    {
        // Independently of the advisor: a suite's renew-by date follows its latest exam; holding a retired
        // course counts as holding its successor.
        var (profile, asOf) = request;
        var renewBy = profile.Certifications
            .Select(c => Framework.FindCourse(c.Code)!)
            .Zip(profile.Certifications)
            .Where(x => x.First.Renewal is { Kind: RenewalKind.RenewWithinYears })
            .GroupBy(x => x.First.Suite ?? x.First.Code)
            .ToDictionary(g => g.Key, g => g.Max(x => x.Second.AchievedOn.AddYears(x.First.Renewal!.Years!.Value)));
        var valid = new HashSet<string>(StringComparer.Ordinal);
        foreach (var held in profile.Certifications)
        {
            var course = Framework.FindCourse(held.Code)!;
            if (course.Renewal is { Kind: RenewalKind.RenewWithinYears } && renewBy[course.Suite ?? course.Code] < asOf)
                continue;
            valid.Add(course.Code);
            valid.Add(Framework.Current(course).Code);
        }
        return valid;
    }

    private static bool HoldsEver(AdviceProfile profile, string code)
    {
        var wanted = Framework.Current(Framework.FindCourse(code)!).Code;
        return profile.Certifications.Any(c => Framework.Current(Framework.FindCourse(c.Code)!).Code == wanted);
    }
}
