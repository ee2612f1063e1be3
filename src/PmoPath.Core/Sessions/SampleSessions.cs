using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Framework;
using PmoPath.Knowledge;

namespace PmoPath.Sessions;

/// <summary>
/// A session of <c>data/sessions.json</c>: dates are relative (a Monday some weeks ahead of the first start), so
/// a new installation always has an upcoming schedule to try. The length comes from the catalogue.
/// </summary>
public sealed record SampleSession(
    string Provider, string Course, int WeeksAhead, SessionDelivery Delivery, string Venue, int Seats, decimal Price,
    TimeOnly? DailyStart = null, TimeOnly? DailyEnd = null, string Currency = "GBP", string TimeZone = "Europe/London");

/// <summary>Seeds the sample schedule into an empty sessions table, through the same validation as the API.</summary>
public sealed class SampleSessions(IDbContextFactory<AppDbContext> contexts, FrameworkStore store, TimeProvider clock)
{
    public async Task<bool> SeedAsync(CancellationToken ct = default)
    {
        await using var db = (await contexts.CreateDbContextAsync(ct)).BindTo(Caller.System);
        if (await db.Sessions.AnyAsync(ct))
            return false;
        var framework = await store.GetAsync(ct);
        var providers = await db.Providers.AsNoTracking().ToDictionaryAsync(p => p.Code, ct);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        // The Monday after today.
        var monday = today.AddDays(7 - ((int)today.DayOfWeek + 6) % 7);
        foreach (var sample in SampleData.Read<List<SampleSession>>("sessions.json"))
        {
            if (!providers.TryGetValue(sample.Provider, out var provider) || framework.FindCourse(sample.Course) is not { } course)
                continue;
            var starts = monday.AddDays(7 * (sample.WeeksAhead - 1));
            var session = SessionSchedule.Validate(new SessionInput
            {
                CourseCode = course.Code,
                StartsOn = starts,
                EndsOn = starts.AddDays((int)Math.Ceiling(course.DurationDays) - 1),
                DailyStart = sample.DailyStart,
                DailyEnd = sample.DailyEnd,
                TimeZone = sample.TimeZone,
                Delivery = sample.Delivery,
                Venue = sample.Venue,
                Seats = sample.Seats,
                Price = sample.Price,
                Currency = sample.Currency,
            }, provider, framework, null, now);
            session.CreatedAtUtc = now.UtcDateTime;
            db.Sessions.Add(session);
        }
        await db.SaveChangesAsync(ct);
        return true;
    }
}
