using Bogus;
using PmoPath.Advice;
using PmoPath.Catalog;
using PmoPath.Framework;
using PmoPath.Sessions;

namespace PmoPath.Core.Tests.Advice;

/// <summary>
/// A public schedule of every offered course from <paramref name="from"/> for some years: a session every five to
/// ten weeks, prices by kind, some full, some with the booking deadline a week before. Seeded, so repeatable.
/// </summary>
public static class ScheduleFaker
{
    public static readonly string[] Providers = ["Northgate PMO Training", "Meridian Learning", "PMO Academy"];

    public static List<ScheduledSession> Sessions(FrameworkSnapshot framework, DateOnly from, int years, int seed)
    {
        var random = new Randomizer(seed);
        var sessions = new List<ScheduledSession>();
        foreach (var course in framework.Courses.Where(c => !c.Retired))
        {
            var day = from.AddDays(random.Int(0, 40));
            var end = from.AddYears(years);
            while (day < end)
            {
                var price = course.IsCertification ? random.Int(9, 25) * 100m : random.Int(4, 9) * 100m;
                sessions.Add(new ScheduledSession(
                    new Guid(random.Bytes(16)), course.Code, day, day.AddDays(-random.Int(1, 7)),
                    random.ArrayElement(Providers), price, "GBP", random.Bool(0.15f) ? 0 : random.Int(1, 12),
                    random.Enum<SessionDelivery>()));
                day = day.AddDays(7 * random.Int(5, 10));
            }
        }
        return sessions;
    }

    public static ScheduleSnapshot Snapshot(FrameworkSnapshot framework, DateOnly from, int years, int seed) =>
        new(Sessions(framework, from, years, seed));

    /// <summary>Profiles of <see cref="ProfileFaker"/> with a yearly budget and training days, some of them tight.</summary>
    public static List<AdviceRequest> WithMoney(List<AdviceRequest> profiles, int seed)
    {
        var random = new Randomizer(seed);
        return [.. profiles.Select(r => r with
        {
            Profile = r.Profile with
            {
                BudgetPerYear = random.Bool(0.7f) ? random.Int(0, 60) * 100m : null,
                TrainingDaysPerYear = random.Bool(0.7f) ? random.Int(0, 12) : null,
            },
        })];
    }
}
