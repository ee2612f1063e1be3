using System.Text.Json;
using PmoPath.Advice;
using PmoPath.Catalog;
using PmoPath.Framework;
using PmoPath.Sessions;

namespace PmoPath.Core.Tests.Advice;

/// <summary>
/// What must hold for every profile once prices, sessions, budgets and training days are in play, checked over
/// thousands of generated profiles against a generated schedule, each figure recomputed here independently.
/// </summary>
public class AdvisorMoneyPropertyTests
{
    private const int Count = 3000;
    private static readonly FrameworkSnapshot Framework = DefaultFramework.Snapshot;
    private static readonly List<ScheduledSession> Sessions = ScheduleFaker.Sessions(Framework, new DateOnly(2019, 10, 1), 14, seed: 7);
    private static readonly ScheduleSnapshot Schedule = new(Sessions);
    private static readonly List<AdviceRequest> Profiles = ScheduleFaker.WithMoney(ProfileFaker.Generate(Framework, Count, seed: 20261203), seed: 11);
    private static readonly List<AdviceAnswer> Answers = [.. Profiles.Select(p => Advisor.Advise(Framework, p, Schedule))];

    [Fact]
    public void No_roadmap_year_takes_more_days_than_the_person_has_and_days_are_the_courses_durations()
    {
        for (var n = 0; n < Count; n++)
        {
            var (profile, asOf) = Profiles[n];
            foreach (var year in Answers[n].Roadmap)
            {
                Assert.Equal(year.Codes.Sum(c => Framework.FindCourse(c)!.DurationDays), year.Days);
                if (profile.TrainingDaysPerYear is not { } days)
                    continue;
                var left = new DateOnly(asOf.Year, 12, 31).DayNumber - asOf.DayNumber + 1;
                var capacity = year.Year == asOf.Year ? Math.Ceiling(days * left / (DateTime.IsLeapYear(asOf.Year) ? 366 : 365)) : days;
                Assert.True(year.Days <= capacity, $"profile {n}: {year.Year} plans {year.Days} days, more than {capacity}");
            }
        }
    }

    [Fact]
    public void A_course_moved_by_budget_days_or_dates_explains_every_year_it_skipped()
    {
        var moved = 0;
        var overMoreThanOneYear = 0;
        for (var n = 0; n < Count; n++)
        {
            var asOf = Profiles[n].AsOf;
            var answer = Answers[n];
            foreach (var reason in answer.Recommendations.SelectMany(r => r.Reasons).Concat(answer.NotNow.SelectMany(h => h.Reasons)))
            {
                var match = System.Text.RegularExpressions.Regex.Match(reason, @"^Planned for (\d{4})(?:, once [^:]*)?: (.*)\.$");
                if (!match.Success)
                    continue;
                moved++;
                var planned = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                var why = match.Groups[2].Value;
                if (planned - asOf.Year > 1 && !why.StartsWith("its next session starts on", StringComparison.Ordinal))
                    overMoreThanOneYear++;
                // A next session in a later year accounts for every year before it; otherwise each skipped year is named.
                var sessionYear = System.Text.RegularExpressions.Regex.Match(why, @"its next session starts on (\d{4})-");
                for (var year = asOf.Year; year < planned; year++)
                {
                    var named = year == asOf.Year
                        ? why.Contains("this year", StringComparison.Ordinal) || why.Contains("no session of it can be booked yet", StringComparison.Ordinal)
                        : System.Text.RegularExpressions.Regex.IsMatch(why, $@"\b{year}\b");
                    var bySession = sessionYear.Success && year < int.Parse(sessionYear.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                    Assert.True(named || bySession, $"profile {n} (as of {asOf:yyyy-MM-dd}): \"{reason}\" does not say why not {year}");
                }
            }
        }
        Assert.True(moved > 100, $"only {moved} moved courses among the profiles: the property was hardly tested");
        Assert.True(overMoreThanOneYear > 10, $"only {overMoreThanOneYear} courses moved by days or budget by more than one year: the property was hardly tested");
    }

    [Fact]
    public void No_roadmap_year_costs_more_than_the_budget_and_costs_add_up_at_the_next_sessions_prices()
    {
        for (var n = 0; n < Count; n++)
        {
            var (profile, asOf) = Profiles[n];
            var answer = Answers[n];
            decimal total = 0;
            foreach (var year in answer.Roadmap)
            {
                var priced = year.Codes.Select(c => Cheapest(c, asOf)).Where(p => p is not null).Select(p => p!.Value).ToList();
                Assert.Equal(priced.Count == 0 ? null : priced.Sum(), year.Cost?.Amount);
                total += year.Cost?.Amount ?? 0;
                if (profile.BudgetPerYear is { } budget && year.Cost is { } cost)
                    Assert.True(cost.Amount <= budget, $"profile {n}: {year.Year} costs {cost.Amount}, over the budget of {budget}");
            }
            Assert.Equal(answer.Roadmap.Any(y => y.Cost is not null) ? total : null, answer.TotalCost?.Amount);
        }
    }

    [Fact]
    public void Next_sessions_are_bookable_soonest_first_and_the_cost_is_the_cheapest_of_them()
    {
        for (var n = 0; n < Count; n++)
        {
            var asOf = Profiles[n].AsOf;
            foreach (var r in Answers[n].Recommendations)
            {
                var expected = Bookable(r.Code, asOf).Take(3).ToList();
                Assert.Equal(expected.Select(s => s.Id), r.NextSessions.Select(s => s.Id));
                if (expected.Count == 0)
                {
                    Assert.Null(r.Cost);
                    Assert.False(string.IsNullOrEmpty(r.CostReason));
                    continue;
                }
                Assert.Equal(expected.Min(s => s.Price), r.Cost!.Amount);
                Assert.Null(r.CostReason);
                // Never due before the course next runs.
                Assert.True(r.DueBy >= expected[0].StartsOn, $"profile {n}: {r.Code} due by {r.DueBy}, before its next session on {expected[0].StartsOn}");
            }
        }
    }

    [Fact]
    public void No_course_is_planned_in_a_year_before_its_next_session_nor_this_year_without_one()
    {
        for (var n = 0; n < Count; n++)
        {
            var asOf = Profiles[n].AsOf;
            foreach (var year in Answers[n].Roadmap)
                foreach (var code in year.Codes)
                {
                    var first = Bookable(code, asOf).FirstOrDefault();
                    if (first is not null)
                        Assert.True(year.Year >= first.StartsOn.Year, $"profile {n}: {code} planned for {year.Year}, before its next session on {first.StartsOn}");
                    else
                        Assert.NotEqual(asOf.Year, year.Year);
                }
        }
    }

    [Fact]
    public void A_course_that_can_never_fit_is_held_back_with_the_budget_rule_and_never_planned()
    {
        var seen = 0;
        for (var n = 0; n < Count; n++)
        {
            var (profile, asOf) = Profiles[n];
            var planned = Answers[n].Roadmap.SelectMany(y => y.Codes).ToHashSet(StringComparer.Ordinal);
            foreach (var h in Answers[n].NotNow.Where(h => h.Rule == AdviceRules.Budget))
            {
                seen++;
                Assert.DoesNotContain(h.Code, planned);
                var course = Framework.FindCourse(h.Code)!;
                var tooLong = profile.TrainingDaysPerYear is { } days && course.DurationDays > days;
                var tooDear = profile.BudgetPerYear is { } budget && Cheapest(h.Code, asOf) is { } price && price > budget;
                Assert.True(tooLong || tooDear, $"profile {n}: {h.Code} held back for budget without being over it");
            }
        }
        Assert.True(seen > 0, "the generated profiles should include some too tight for a course");
    }

    [Fact]
    public void The_same_profile_day_and_schedule_give_the_same_answer()
    {
        // A second snapshot of the same sessions in reverse order, profiles advised in reverse: nothing carries over.
        var again = new ScheduleSnapshot(Enumerable.Reverse(Sessions));
        for (var n = Count - 1; n >= 0; n--)
            Assert.Equal(JsonSerializer.Serialize(Answers[n]), JsonSerializer.Serialize(Advisor.Advise(Framework, Profiles[n], again)));
    }

    private static IEnumerable<ScheduledSession> Bookable(string code, DateOnly asOf) =>
        Sessions.Where(s => s.CourseCode == code && s.StartsOn >= asOf && s.BookingDeadline >= asOf && s.SeatsLeft > 0)
            .OrderBy(s => s.StartsOn).ThenBy(s => s.Id);

    private static decimal? Cheapest(string code, DateOnly asOf) =>
        Bookable(code, asOf).Take(3).Select(s => (decimal?)s.Price).Min();
}
