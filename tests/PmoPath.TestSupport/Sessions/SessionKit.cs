using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.People;
using PmoPath.Sessions;
using PmoPath.Testing.People;

namespace PmoPath.Testing.Sessions;

/// <summary>Sessions and people for the booking tests, made through the API where a user would, and in the database where the clock is in the way.</summary>
public static class SessionKit
{
    public static DateOnly Today => TestClock.Today;

    /// <summary>A session body for <c>POST /api/sessions</c>: a one-day virtual agile-pmo some weeks ahead, with the changes given.</summary>
    public static Dictionary<string, object?> Body(int seats = 10, int daysAhead = 30, string course = "agile-pmo", string delivery = "virtual")
    {
        var starts = Today.AddDays(daysAhead);
        return new()
        {
            ["courseCode"] = course,
            ["startsOn"] = starts.ToString("yyyy-MM-dd"),
            ["endsOn"] = starts.ToString("yyyy-MM-dd"),
            ["dailyStart"] = "09:30:00",
            ["dailyEnd"] = "16:30:00",
            ["timeZone"] = "Europe/London",
            ["delivery"] = delivery,
            ["venue"] = "Online (video call)",
            ["seats"] = seats,
            ["price"] = 450m,
            ["currency"] = "GBP",
        };
    }

    /// <summary>Publishes a session as the provider-admin <paramref name="providerKey"/> and returns its id.</summary>
    public static async Task<Guid> PublishAsync(PeopleWorld world, string providerKey, Dictionary<string, object?> body)
    {
        using var client = world.Api(providerKey);
        var response = await client.PostAsJsonAsync("/api/sessions", body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Publishing answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>Writes a session straight into the database, for dates the API refuses (started, past the deadline).</summary>
    public static async Task<Guid> InsertAsync(TestApp app, string provider, string course, DateOnly startsOn, int seats, DateOnly? deadline = null, DateOnly? endsOn = null, Guid? organisationId = null)
    {
        await using var db = await SystemAsync(app);
        var session = new CourseSession
        {
            ProviderCode = provider, CourseCode = course, StartsOn = startsOn, EndsOn = endsOn ?? startsOn, TimeZone = "Europe/London",
            Delivery = SessionDelivery.Classroom, Venue = "Test venue", Seats = seats, Price = 100, Currency = "GBP",
            BookingDeadline = deadline ?? startsOn.AddDays(-1), OrganisationId = organisationId, CreatedAtUtc = TestClock.UtcNow,
        };
        db.Sessions.Add(session);
        await db.SaveChangesAsync();
        return session.Id;
    }

    /// <summary>Adds <paramref name="count"/> people without accounts to the organisation (as an HR import would), at the level given.</summary>
    public static async Task<List<Guid>> AddPeopleAsync(TestApp app, string organisation, int count, int level = 2, string prefix = "Booker")
    {
        await using var db = await SystemAsync(app);
        var org = await db.Organisations.Where(o => o.Name == organisation).Select(o => o.Id).FirstAsync();
        var people = Enumerable.Range(1, count).Select(i => new Person
        {
            OrganisationId = org, DisplayName = $"{prefix} {i}", Level = level, CreatedAtUtc = TestClock.UtcNow,
        }).ToList();
        db.People.AddRange(people);
        await db.SaveChangesAsync();
        return [.. people.Select(p => p.Id)];
    }

    /// <summary>The session's stored seat counter and its bookings by status, read from the database.</summary>
    public static async Task<(int Counter, int Confirmed, int Waitlisted, int Cancelled, int DistinctActivePeople)> CountAsync(TestApp app, Guid sessionId)
    {
        await using var db = await SystemAsync(app);
        var counter = await db.Sessions.Where(s => s.Id == sessionId).Select(s => s.Confirmed).FirstAsync();
        var bookings = await db.Bookings.Where(b => b.SessionId == sessionId).Select(b => new { b.Status, b.PersonId }).ToListAsync();
        return (counter,
            bookings.Count(b => b.Status == BookingStatus.Confirmed),
            bookings.Count(b => b.Status == BookingStatus.Waitlisted),
            bookings.Count(b => b.Status == BookingStatus.Cancelled),
            bookings.Where(b => b.Status != BookingStatus.Cancelled).Select(b => b.PersonId).Distinct().Count());
    }

    public static async Task<AppDbContext> SystemAsync(TestApp app) =>
        (await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync()).BindTo(Caller.System);
}
