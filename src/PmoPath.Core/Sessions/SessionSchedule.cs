using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Catalog;
using PmoPath.Data;
using PmoPath.Framework;
using PmoPath.Providers;

namespace PmoPath.Sessions;

/// <summary>
/// The schedule of course sessions: providers publish them, everyone reads the public ones, an
/// organisation's people also see the in-house runs for their organisation, and a provider-admin sees all
/// of their provider's.
/// </summary>
public sealed partial class SessionSchedule(AppDbContext db, IDbContextFactory<AppDbContext> contexts, Caller caller, FrameworkStore store, TimeProvider clock, AuditLog audit, ScheduleStore snapshots)
{
    /// <summary>Tells the advisor's schedule snapshot that a session or its seats changed in this process.</summary>
    internal void Changed() => snapshots.Invalidate();

    public const int MaxSeats = 1000;
    public const decimal MaxPrice = 1_000_000m;

    /// <summary>How many upcoming sessions a provider's directory entry lists.</summary>
    public const int ProviderScheduleLimit = 50;

    /// <summary>The sessions the caller may see, soonest first.</summary>
    public async Task<List<SessionView>> ListAsync(SessionQuery query, CancellationToken ct = default)
    {
        var from = query.From ?? clock.Today().AddDays(-1);
        var sessions = Visible().Where(s => s.EndsOn >= from);
        if (query.To is { } to)
            sessions = sessions.Where(s => s.StartsOn <= to);
        if (query.Course is { Length: > 0 } course)
            sessions = sessions.Where(s => s.CourseCode == course);
        if (query.Provider is { Length: > 0 } provider)
            sessions = sessions.Where(s => s.ProviderCode == provider);
        if (query.PublicOnly)
            sessions = sessions.Where(s => s.OrganisationId == null);
        var page = await sessions.OrderBy(s => s.StartsOn).ThenBy(s => s.Id).Take(Math.Clamp(query.Limit, 1, 1000)).ToListAsync(ct);
        return await ViewsAsync(page, ct);
    }

    /// <summary>
    /// A provider's upcoming sessions on the public schedule, as its directory page and <c>GET /api/providers/{code}</c>
    /// show them: the directory is public, so in-house runs stay out even for the organisation they are for.
    /// </summary>
    public Task<List<SessionView>> ProviderScheduleAsync(string providerCode, CancellationToken ct = default) =>
        ListAsync(new SessionQuery(Provider: providerCode, Limit: ProviderScheduleLimit, PublicOnly: true), ct);

    public async Task<SessionView> GetAsync(Guid id, CancellationToken ct = default) =>
        (await ViewsAsync([await FindAsync(id, ct)], ct))[0];

    /// <summary>The session if the caller may see it; otherwise a 404, as for one that does not exist.</summary>
    public async Task<CourseSession> FindAsync(Guid id, CancellationToken ct = default) =>
        await Visible().FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException("session", id.ToString());

    internal IQueryable<CourseSession> Visible()
    {
        var sessions = db.Sessions.AsNoTracking();
        if (caller.IsSystem)
            return sessions;
        var org = caller.OrganisationId;
        var provider = caller.Role == PmoRole.ProviderAdmin ? caller.ProviderCode : null;
        return sessions.Where(s => s.OrganisationId == null || (org != null && s.OrganisationId == org) || (provider != null && s.ProviderCode == provider));
    }

    /// <summary>Publishes a session of the caller's provider, after checking every field against the catalogue.</summary>
    public async Task<SessionView> CreateAsync(SessionInput input, CancellationToken ct = default)
    {
        var providerCode = caller.IsSystem ? input.ProviderCode?.Trim() : caller.ProviderCode;
        if (!caller.IsSystem && caller.Role != PmoRole.ProviderAdmin)
            throw new ForbiddenException("Only a training provider's administrator publishes sessions.");
        // The provider's rights are checked above; the write may answer another organisation's request.
        await using var system = (await contexts.CreateDbContextAsync(ct)).BindTo(Caller.System);
        if (providerCode is null || await system.Providers.AsNoTracking().FirstOrDefaultAsync(p => p.Code == providerCode, ct) is not { } provider)
            throw new InvalidInputException("providerCode", $"'{providerCode}' is not a provider in the directory.");
        var framework = await store.GetAsync(ct);
        InHouseRequest? request = null;
        if (input.InHouseRequestId is { } requestId)
            request = await system.InHouseRequests.FirstOrDefaultAsync(r => r.Id == requestId && r.ProviderCode == provider.Code, ct)
                ?? throw new InvalidInputException("inHouseRequestId", "There is no such in-house request to this provider.");

        var session = Validate(input, provider, framework, request, clock.GetUtcNow());
        session.CreatedAtUtc = clock.GetUtcNow().UtcDateTime;
        system.Sessions.Add(session);
        if (request is not null)
        {
            request.Status = InHouseRequestStatus.Answered;
            request.SessionId = session.Id;
            request.AnsweredAtUtc = session.CreatedAtUtc;
        }
        await system.SaveChangesAsync(ct);
        Changed();
        await audit.WriteAsync(AuditActions.SessionPublished, caller, null, $"{session.CourseCode} {session.StartsOn:yyyy-MM-dd} by {session.ProviderCode}", session.OrganisationId, ct);
        return await GetAsync(session.Id, ct);
    }

    /// <summary>The upcoming sessions of a course the caller may see, as an iCalendar feed.</summary>
    public async Task<string> CourseCalendarAsync(string courseCode, CancellationToken ct = default)
    {
        var course = (await store.GetAsync(ct)).FindCourse(courseCode) ?? throw new NotFoundException("course", courseCode);
        var today = clock.Today();
        var sessions = await Visible().Where(s => s.CourseCode == course.Code && s.EndsOn >= today).OrderBy(s => s.StartsOn).Take(500).ToListAsync(ct);
        return await CalendarAsync($"{course.Title} sessions", sessions, ct);
    }

    /// <summary>One session as an .ics file.</summary>
    public async Task<string> SessionCalendarAsync(Guid id, CancellationToken ct = default)
    {
        var session = await FindAsync(id, ct);
        return await CalendarAsync((await store.GetAsync(ct)).FindCourse(session.CourseCode)?.Title ?? session.CourseCode, [session], ct);
    }

    internal async Task<string> CalendarAsync(string name, IReadOnlyList<CourseSession> sessions, CancellationToken ct, Func<CourseSession, string>? uid = null,
        Func<CourseSession, CalendarEvent, CalendarEvent>? adjust = null)
    {
        var framework = await store.GetAsync(ct);
        var codes = sessions.Select(s => s.ProviderCode).Distinct().ToList();
        var names = await db.Providers.AsNoTracking().Where(p => codes.Contains(p.Code)).ToDictionaryAsync(p => p.Code, p => p.Name, ct);
        var stamp = clock.GetUtcNow().UtcDateTime;
        return ICalendar.Write(name, sessions.Select(s =>
        {
            var e = SessionCalendar.Event(s, framework.FindCourse(s.CourseCode)?.Title ?? s.CourseCode,
                names.GetValueOrDefault(s.ProviderCode, s.ProviderCode), stamp, uid?.Invoke(s));
            return adjust is null ? e : adjust(s, e);
        }));
    }

    /// <summary>Turns the input into a session, or throws naming every bad field. Nothing is saved here.</summary>
    public static CourseSession Validate(SessionInput input, TrainingProvider provider, FrameworkSnapshot framework, InHouseRequest? request, DateTimeOffset now)
    {
        var errors = new Errors();
        var course = framework.FindCourse(input.CourseCode?.Trim() ?? "");
        if (course is null)
            errors.Add("courseCode", $"'{input.CourseCode}' is not a course in the catalogue.");
        else if (course.Retired)
            errors.Add("courseCode", $"'{course.Code}' is retired{(course.Successor is { } s ? $"; run '{s}' instead" : "")}.");
        else if (course.Kind == CourseKind.External)
            errors.Add("courseCode", $"{course.Title} is a certification held elsewhere: PmoPath records it but publishes no sessions for it.");
        else if (course.IsCertification && !provider.Accreditations.Contains(course.Code))
            errors.Add("courseCode", $"{provider.Name} is not accredited to deliver the {course.Title} certification.");
        else if (!course.IsCertification && !provider.SpecialistCourses.Contains(course.Code))
            errors.Add("courseCode", $"{provider.Name} does not list {course.Title} among its specialist courses.");

        TimeZoneInfo? zone = null;
        var zoneId = input.TimeZone?.Trim() is { Length: > 0 } z ? z : "Europe/London";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out zone) || !zone.HasIanaId)
            errors.Add("timeZone", $"'{zoneId}' is not a time zone (an IANA name such as Europe/London).");
        var today = zone is null ? DateOnly.FromDateTime(now.UtcDateTime) : DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);

        var inBounds = errors.InBounds("startsOn", input.StartsOn) & errors.InBounds("endsOn", input.EndsOn)
            & errors.InBounds("examOn", input.ExamOn) & errors.InBounds("bookingDeadline", input.BookingDeadline);
        if (!inBounds)
            errors.ThrowIfAny();
        if (input.StartsOn is not { } starts)
            errors.Add("startsOn", "This is required.");
        else if (starts <= today)
            errors.Add("startsOn", $"{starts:yyyy-MM-dd} is not in the future.");
        var ends = input.EndsOn ?? input.StartsOn;
        if (ends is { } e && input.StartsOn is { } st)
        {
            if (e < st)
                errors.Add("endsOn", "The session cannot end before it starts.");
            else if (e.DayNumber - st.DayNumber > 30)
                errors.Add("endsOn", "A session lasts at most 31 days.");
        }
        if (input.DailyStart.HasValue != input.DailyEnd.HasValue)
            errors.Add(input.DailyStart.HasValue ? "dailyEnd" : "dailyStart", "Give both daily times, or neither for all-day days.");
        else if (input.DailyStart >= input.DailyEnd)
            errors.Add("dailyEnd", "The day cannot end before it starts.");

        if (input.Delivery is not { } delivery)
            errors.Add("delivery", "This is required: classroom, virtual or residential.");
        else if (course is not null && Offers(course) is { Count: > 0 } offered && !offered.Contains(delivery))
            errors.Add("delivery", $"{course.Title} is delivered {string.Join(" or ", offered.Select(d => d.ToString().ToLowerInvariant()))}.");
        if (input.Delivery is not SessionDelivery.Virtual)
            errors.Required("venue", input.Venue, 300);
        else if (input.Venue?.Length > 300)
            errors.Add("venue", "At most 300 characters.");

        if (input.Seats is not { } seats)
            errors.Add("seats", "This is required.");
        else if (seats is < 1 or > MaxSeats)
            errors.Add("seats", $"A session has 1 to {MaxSeats} seats.");
        if (input.Price is not { } price)
            errors.Add("price", "This is required (0 for free).");
        else if (price < 0 || price > MaxPrice || decimal.Round(price, 2) != price)
            errors.Add("price", $"A price is 0 to {MaxPrice:0} with at most two decimals.");
        var currency = input.Currency?.Trim().ToUpperInvariant() ?? "GBP";
        if (!CurrencyCode().IsMatch(currency))
            errors.Add("currency", $"'{input.Currency}' is not an ISO 4217 currency code such as GBP or EUR.");

        if (input.ExamOn is { } exam)
        {
            if (course is { IsCertification: false })
                errors.Add("examOn", $"{course.Title} has no exam.");
            else if (input.StartsOn is { } s2 && ends is { } e2 && (exam < s2 || exam > e2))
                errors.Add("examOn", "The exam is on a day of the session.");
        }
        var deadline = input.BookingDeadline ?? input.StartsOn?.AddDays(-1);
        if (input.BookingDeadline is { } d && input.StartsOn is { } s3)
        {
            if (d >= s3)
                errors.Add("bookingDeadline", "Bookings close before the session starts.");
            else if (d < today)
                errors.Add("bookingDeadline", $"{d:yyyy-MM-dd} is in the past.");
        }
        if (input.Notes?.Length > 4000)
            errors.Add("notes", "At most 4000 characters.");

        if (request is not null)
        {
            if (request.Status != InHouseRequestStatus.Open)
                errors.Add("inHouseRequestId", $"The request is already {request.Status.ToString().ToLowerInvariant()}.");
            if (course is not null && request.CourseCode != course.Code)
                errors.Add("inHouseRequestId", $"The request is for '{request.CourseCode}', not '{course.Code}'.");
        }
        errors.ThrowIfAny();

        return new CourseSession
        {
            ProviderCode = provider.Code,
            CourseCode = course!.Code,
            StartsOn = input.StartsOn!.Value,
            EndsOn = ends!.Value,
            DailyStart = input.DailyStart,
            DailyEnd = input.DailyEnd,
            TimeZone = zone!.Id,
            Delivery = input.Delivery!.Value,
            Venue = input.Venue?.Trim() ?? "",
            Seats = input.Seats!.Value,
            Price = input.Price!.Value,
            Currency = currency,
            ExamOn = input.ExamOn ?? (course.IsCertification && course.Assessment?.OnDay is { } day && day <= ends.Value.DayNumber - input.StartsOn.Value.DayNumber + 1
                ? input.StartsOn.Value.AddDays(day - 1) : null),
            BookingDeadline = deadline!.Value,
            OrganisationId = request?.OrganisationId,
            InHouseRequestId = request?.Id,
            Notes = input.Notes?.Trim() ?? "",
        };
    }

    /// <summary>The session deliveries the catalogue offers for the course (in-house and public schedule are not deliveries of a session).</summary>
    private static List<SessionDelivery> Offers(Course course) =>
        [.. course.Delivery.Select(d => d switch
        {
            DeliveryFormat.Classroom => SessionDelivery.Classroom,
            DeliveryFormat.Virtual => SessionDelivery.Virtual,
            DeliveryFormat.Residential => SessionDelivery.Residential,
            _ => (SessionDelivery?)null,
        }).OfType<SessionDelivery>()];

    /// <summary>Today in the session's time zone: bookings close at the end of the deadline day there.</summary>
    public static DateOnly TodayAt(string timeZone, DateTimeOffset now) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(timeZone)).DateTime);

    public static bool IsBookingOpen(CourseSession session, DateTimeOffset now) => TodayAt(session.TimeZone, now) <= session.BookingDeadline;

    internal async Task<List<SessionView>> ViewsAsync(IReadOnlyList<CourseSession> sessions, CancellationToken ct)
    {
        if (sessions.Count == 0)
            return [];
        var framework = await store.GetAsync(ct);
        var ids = sessions.Select(s => s.Id).ToList();
        var waitlisted = await db.Bookings.IgnoreQueryFilters().Where(b => ids.Contains(b.SessionId) && b.Status == BookingStatus.Waitlisted)
            .GroupBy(b => b.SessionId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var codes = sessions.Select(s => s.ProviderCode).Distinct().ToList();
        var names = await db.Providers.AsNoTracking().Where(p => codes.Contains(p.Code)).ToDictionaryAsync(p => p.Code, p => p.Name, ct);
        var now = clock.GetUtcNow();
        return [.. sessions.Select(s => new SessionView(
            s.Id, s.ProviderCode, names.GetValueOrDefault(s.ProviderCode, s.ProviderCode), s.CourseCode, framework.FindCourse(s.CourseCode)?.Title ?? s.CourseCode,
            s.StartsOn, s.EndsOn, s.DailyStart, s.DailyEnd, s.TimeZone, s.Delivery, s.Venue, s.Seats, s.Confirmed,
            waitlisted.GetValueOrDefault(s.Id), s.SeatsLeft, s.Price, s.Currency, s.ExamOn, s.BookingDeadline, s.IsInHouse,
            IsBookingOpen(s, now), s.Notes))];
    }

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyCode();
}
