using PmoPath.Advice;
using PmoPath.Catalog;
using PmoPath.Sessions;

namespace PmoPath.Core.Tests.Advice;

/// <summary>Prices, dates, budgets, training days and bookings, one rule at a time, on hand-written schedules.</summary>
public class AdvisorMoneyRuleTests
{
    private const string Administrators = "hop-essentials-pmo-administrators";

    /// <summary>Every offered course runs on each of <paramref name="days"/> at <paramref name="price"/> (certifications) or a third of it.</summary>
    private static ScheduleSnapshot Everything(decimal price, params string[] days) => new(
        DefaultFramework.Snapshot.Courses.Where(c => !c.Retired).SelectMany(c => days.Select((d, n) => new ScheduledSession(
            Guid.CreateVersion7(), c.Code, DateOnly.Parse(d, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(d, System.Globalization.CultureInfo.InvariantCulture).AddDays(-3), n % 2 == 0 ? "Meridian Learning" : "PMO Academy",
            c.IsCertification ? price + (n * 100) : Math.Round(price / 3), "GBP", 8, SessionDelivery.Virtual))));

    [Fact]
    public void In_December_a_certification_whose_next_session_is_in_February_is_due_then_and_nothing_is_packed_into_December()
    {
        var answer = Profile.At(1).Aiming(2).On("2026-12-03")
            .Rating("pmo-setup-design", 0).Rating("agile-ways-of-working", 0).Rating("benefits-management", 0)
            .Advise(Everything(1200, "2027-02-08", "2027-05-10", "2027-09-13"));

        var next = Assert.Single(answer.Recommendations);
        Assert.Equal(CourseKind.Certification, next.Kind);
        Assert.Equal(new DateOnly(2027, 2, 8), next.DueBy);
        Assert.Equal(3, next.NextSessions.Count);
        Assert.Equal(new Money(1200, "GBP"), next.Cost);
        Assert.Contains(next.Reasons, r => r.Contains("Planned for 2027: its next session starts on 2027-02-08", StringComparison.Ordinal));
        Assert.Empty(answer.Roadmap[0].Codes);
        Assert.Equal(0, answer.Roadmap[0].Days);
        Assert.Contains(next.Code, answer.Roadmap[1].Codes);
    }

    [Fact]
    public void What_is_left_of_the_year_s_training_days_moves_a_certification_to_the_next_year_with_the_reason()
    {
        var answer = Profile.At(1).On("2026-12-03").WithTrainingDays(10)
            .Advise(Everything(1200, "2026-12-14", "2027-03-08"));

        var next = Assert.Single(answer.Recommendations);
        Assert.Equal(new DateOnly(2027, 3, 8), next.DueBy);
        Assert.Contains(next.Reasons, r => r.Contains("do not fit the 1 day of training left this year", StringComparison.Ordinal));
        Assert.All(answer.Roadmap, y => Assert.True(y.Days <= 10));
    }

    [Fact]
    public void A_certification_dearer_than_the_yearly_budget_is_held_back_with_its_price()
    {
        var answer = Profile.At(1).WithBudget(500).Advise(Everything(1200, "2026-12-07"));

        Assert.DoesNotContain(answer.Recommendations, r => r.Code == Administrators);
        var held = answer.NotNow.Single(h => h.Code == Administrators);
        Assert.Equal(AdviceRules.Budget, held.Rule);
        Assert.Contains(held.Reasons, r => r.Contains("costs £1,200, more than your budget of £500 a year", StringComparison.Ordinal));
        Assert.DoesNotContain(answer.Roadmap, y => y.Codes.Contains(Administrators));
    }

    [Fact]
    public void A_specialist_course_that_does_not_fit_what_is_left_of_the_budget_moves_to_the_next_year()
    {
        var answer = Profile.At(1).Aiming(2).WithBudget(1500).Rating("agile-ways-of-working", 0)
            .Advise(Everything(1200, "2026-12-07", "2027-02-08"));

        Assert.Equal(new Money(1200, "GBP"), answer.Roadmap[0].Cost);
        var moved = answer.NotNow.Single(h => h.Code == "agile-pmo");
        Assert.Contains(moved.Reasons, r => r == "Planned for 2027: a seat at £400 does not fit the £300 left of your budget this year.");
        Assert.Contains("agile-pmo", answer.Roadmap[1].Codes);
        Assert.Equal(new Money(answer.Roadmap.Sum(y => y.Cost?.Amount ?? 0), "GBP"), answer.TotalCost);
    }

    [Fact]
    public void Without_a_scheduled_session_the_cost_is_null_with_a_reason()
    {
        var answer = Profile.At(1).Advise(ScheduleSnapshot.Empty);

        var next = Assert.Single(answer.Recommendations);
        Assert.Null(next.Cost);
        Assert.Empty(next.NextSessions);
        Assert.Contains("No public session of Essentials for PMO Administrators can be booked", next.CostReason, StringComparison.Ordinal);
        Assert.Null(answer.TotalCost);
    }

    [Fact]
    public void A_booked_certification_is_in_progress_not_recommended_again_and_the_next_is_planned_after_it()
    {
        var schedule = Everything(1200, "2027-01-18", "2027-06-07");
        var session = schedule.For(Administrators)[0];
        var answer = Profile.At(1).Aiming(2).Booked(Administrators, "2027-01-18", session.Id).Advise(schedule);

        Assert.DoesNotContain(answer.Recommendations, r => r.Kind == CourseKind.Certification);
        var booked = answer.NotNow.Single(h => h.Code == Administrators);
        Assert.Equal(AdviceRules.InProgress, booked.Rule);
        Assert.Equal(session.Id, booked.Session!.Id);
        Assert.Contains(booked.Reasons, r => r.Contains($"You are booked on its session starting 2027-01-18 with {session.Provider}", StringComparison.Ordinal));
        Assert.Contains(Administrators, answer.Roadmap.Single(y => y.Year == 2027).Codes);
        var later = answer.Roadmap.Where(y => y.Year > 2027 && y.Codes.Any(c => DefaultFramework.Snapshot.FindCourse(c)!.IsCertification)).ToList();
        Assert.All(later, y => Assert.True(y.Year >= 2029, $"a certification planned in {y.Year}, less than two years after the booked one"));
        // Nothing else is said to conflict with it.
        Assert.DoesNotContain(answer.NotNow.SelectMany(h => h.Reasons), r => r.Contains("Essentials for PMO Administrators leads more directly", StringComparison.Ordinal));
    }

    [Fact]
    public void A_waitlisted_specialist_course_counts_as_in_progress_too()
    {
        var answer = Profile.At(2).Rating("agile-ways-of-working", 0).Booked("agile-pmo", "2027-02-08", waitlisted: true).Advise(Everything(900, "2027-02-08"));

        Assert.DoesNotContain(answer.Recommendations, r => r.Code == "agile-pmo");
        var held = answer.NotNow.Single(h => h.Code == "agile-pmo");
        Assert.Equal(AdviceRules.InProgress, held.Rule);
        Assert.Contains(held.Reasons, r => r.StartsWith("You are on the waitlist for its session starting 2027-02-08", StringComparison.Ordinal));
    }

    [Fact]
    public void A_course_accepted_into_the_plan_is_kept_in_its_year()
    {
        var answer = Profile.At(3).Accepted("benefits-management", "2028-03-01").Advise(Everything(1200, "2026-12-07", "2028-02-07"));

        Assert.Contains("benefits-management", answer.Roadmap.Single(y => y.Year == 2028).Codes);
        var kept = answer.NotNow.Single(h => h.Code == "benefits-management");
        Assert.Equal(AdviceRules.Accepted, kept.Rule);
    }

    [Fact]
    public void Nine_years_after_the_last_certification_the_advice_does_not_scold()
    {
        var answer = Profile.At(1).Aiming(2).Holding(Administrators, "2017-03-01").Advise();

        var reasons = answer.Recommendations.SelectMany(r => r.Reasons).ToList();
        Assert.Contains(reasons, r => r.StartsWith("Your last certification, Essentials for PMO Administrators, was in 2017; a new one", StringComparison.Ordinal));
        Assert.DoesNotContain(reasons, r => r.Contains("overdue", StringComparison.OrdinalIgnoreCase));
    }
}
