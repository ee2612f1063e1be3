using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Http.HttpResults;
using PmoPath.Accounts;
using PmoPath.Framework;
using PmoPath.Sessions;
using PmoPath.Web.Hosting;

namespace PmoPath.Web.Api;

/// <summary>
/// The schedule of course sessions, bookings with seats and waitlists, in-house requests and calendars.
/// Reading the schedule is public (in-house runs only for their organisation and provider); everything that
/// changes something needs a bearer token. The rules live in <see cref="SessionSchedule"/>,
/// <see cref="SessionBookings"/> and <see cref="InHouseRequests"/>.
/// </summary>
public static class SessionsApi
{
    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Sessions");
        api.MapGet("/sessions", List).WithSummary("Upcoming sessions, soonest first: ?course=&provider=&from=&to= (dates yyyy-mm-dd).");
        api.MapGet("/sessions/{id:guid}", Get).WithSummary("One session, with its seats, confirmed and waitlisted counts.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/sessions/{id:guid}/calendar.ics", SessionCalendar).WithSummary("One session as an iCalendar file.")
            .Produces<string>(contentType: ICalendar.MediaType).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/courses/{code}/sessions.ics", CourseCalendar).WithSummary("A course's upcoming sessions as an iCalendar feed.")
            .Produces<string>(contentType: ICalendar.MediaType).ProducesProblem(StatusCodes.Status404NotFound);

        var secured = api.MapGroup("").RequireAuthorization(WebAuthSetup.ApiPolicy).ProducesProblem(StatusCodes.Status401Unauthorized);
        secured.MapPost("/sessions", Create).WithSummary("Publish a session of the caller's provider (provider-admin).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        secured.MapGet("/sessions/{id:guid}/bookings", Attendees).WithSummary("The attendee list and waitlist (the session's provider-admin).")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        secured.MapPost("/sessions/{id:guid}/bookings", Book).WithSummary("Book the caller, or (manager, org-admin) the person named: confirmed while seats remain, otherwise waitlisted.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        secured.MapGet("/bookings/{id:guid}", GetBooking).WithSummary("One booking, with its place on the waitlist.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        secured.MapDelete("/bookings/{id:guid}", Cancel).WithSummary("Cancel a booking; a freed seat goes to the first on the waitlist.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        secured.MapPut("/bookings/{id:guid}/attendance", MarkAttendance).WithSummary("Mark attendance and the exam result (the session's provider-admin); updates the person's plan and record.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        secured.MapPut("/provider/sessions/{id:guid}/attendance", MarkSessionAttendance)
            .WithSummary("Mark a whole session's attendance at once (the session's provider-admin): a list of {bookingId, attended, examPassed}; every mark is saved or none, and an error names the row (attendance[2].examPassed).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        secured.MapGet("/provider/sessions/{id:guid}/export/{table}.{format}", ExportAttendees)
            .WithSummary("The attendee list as attendees.csv or attendees.xlsx (the session's provider-admin). Cells that could run as formulas are neutralised.")
            .ProducesReportFile().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        secured.MapGet("/people/{id:guid}/bookings", PersonBookings).WithSummary("A person's bookings.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        secured.MapGet("/people/{id:guid}/bookings.ics", PersonCalendar).WithSummary("A person's confirmed courses as an iCalendar feed.")
            .Produces<string>(contentType: ICalendar.MediaType).ProducesProblem(StatusCodes.Status404NotFound);
        secured.MapPost("/me/calendar-feed", CreateCalendarFeed).WithSummary("Make the caller a private calendar feed address, shown this once; it replaces any earlier one.")
            .ProducesValidationProblem();
        secured.MapDelete("/me/calendar-feed", RevokeCalendarFeed).WithSummary("Revoke the caller's calendar feed: its address then answers 404.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        secured.MapGet("/inhouse-requests", Requests).WithSummary("In-house requests: an org-admin's own, or those made to a provider-admin's provider.");
        secured.MapPost("/inhouse-requests", Request).WithSummary("Ask a provider for an in-house run for N people (org-admin).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        secured.MapPost("/inhouse-requests/{id:guid}/decline", Decline).WithSummary("Decline an open request, with the reason (the provider-admin asked).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        // The attendee list's downloads for the signed-in provider desk (cookie), linked from the session's attendee page.
        app.MapGet("/provider/sessions/{id:guid}/export/{table}.{format}", ExportAttendees).RequireAuthorization().ExcludeFromDescription();
        // The same personal feed for the signed-in browser (cookie), from "My bookings".
        app.MapGet("/me/bookings.ics", MyCalendar).RequireAuthorization().ExcludeFromDescription();
        // The private feed a calendar app subscribes to: no cookie, the secret in the address is the key (docs/adr/0028).
        app.MapGet("/calendar/{secret}.ics", CalendarFeed).ExcludeFromDescription().RequireRateLimiting(new AnonymousLimit());
        return app;
    }

    public static async Task<Ok<List<SessionView>>> List(SessionSchedule schedule, string? course, string? provider, DateOnly? from, DateOnly? to, CancellationToken ct) =>
        TypedResults.Ok(await schedule.ListAsync(new SessionQuery(course, provider, from, to), ct));

    public static async Task<Ok<SessionView>> Get(Guid id, SessionSchedule schedule, CancellationToken ct) =>
        TypedResults.Ok(await schedule.GetAsync(id, ct));

    public static async Task<Created<SessionView>> Create(SessionInput session, SessionSchedule schedule, CancellationToken ct)
    {
        var created = await schedule.CreateAsync(session, ct);
        return TypedResults.Created($"/api/sessions/{created.Id}", created);
    }

    public static async Task<Ok<List<BookingView>>> Attendees(Guid id, SessionBookings bookings, CancellationToken ct) =>
        TypedResults.Ok(await bookings.AttendeesAsync(id, ct));

    public static async Task<Created<BookingView>> Book(Guid id, BookingInput? booking, SessionBookings bookings, CancellationToken ct)
    {
        var made = await bookings.BookAsync(id, booking ?? new BookingInput(), ct);
        return TypedResults.Created($"/api/bookings/{made.Id}", made);
    }

    public static async Task<Ok<BookingView>> GetBooking(Guid id, SessionBookings bookings, CancellationToken ct) =>
        TypedResults.Ok(await bookings.GetAsync(id, ct));

    public static async Task<Ok<BookingView>> Cancel(Guid id, SessionBookings bookings, CancellationToken ct) =>
        TypedResults.Ok(await bookings.CancelAsync(id, ct));

    public static async Task<Ok<BookingView>> MarkAttendance(Guid id, AttendanceInput attendance, SessionBookings bookings, CancellationToken ct) =>
        TypedResults.Ok(await bookings.MarkAttendanceAsync(id, attendance, ct));

    public static async Task<Ok<List<BookingView>>> MarkSessionAttendance(Guid id, SessionAttendanceInput attendance, SessionBookings bookings, CancellationToken ct) =>
        TypedResults.Ok(await bookings.MarkSessionAttendanceAsync(id, attendance, ct));

    /// <summary>The attendee list as CSV or xlsx, through the same writer as the team and organisation tables.</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAttendees(
        Guid id, string table, string format, SessionSchedule schedule, SessionBookings bookings, FrameworkStore store, TimeProvider clock, CancellationToken ct)
    {
        var attendees = await bookings.AttendeesAsync(id, ct);
        var session = await schedule.GetAsync(id, ct);
        var hasExam = (await store.GetAsync(ct)).FindCourse(session.CourseCode)?.IsCertification == true;
        return ReportDownloads.File([AttendeeReport.Table(session, attendees, hasExam)], table, format,
            $"{session.CourseCode}-{session.StartsOn:yyyy-MM-dd}", clock.Today());
    }

    public static async Task<Ok<List<BookingView>>> PersonBookings(Guid id, SessionBookings bookings, CancellationToken ct) =>
        TypedResults.Ok(await bookings.ForPersonAsync(id, ct));

    public static async Task<Ok<List<InHouseRequestView>>> Requests(InHouseRequests requests, CancellationToken ct) =>
        TypedResults.Ok(await requests.ListAsync(ct));

    public static async Task<Created<InHouseRequestView>> Request(InHouseRequestInput request, InHouseRequests requests, CancellationToken ct)
    {
        var made = await requests.CreateAsync(request, ct);
        return TypedResults.Created($"/api/inhouse-requests/{made.Id}", made);
    }

    public static async Task<Ok<InHouseRequestView>> Decline(Guid id, DeclineInput decline, InHouseRequests requests, CancellationToken ct) =>
        TypedResults.Ok(await requests.DeclineAsync(id, decline, ct));

    public static async Task<FileContentHttpResult> SessionCalendar(Guid id, SessionSchedule schedule, CancellationToken ct) =>
        Calendar(await schedule.SessionCalendarAsync(id, ct), $"session-{id}.ics");

    public static async Task<FileContentHttpResult> CourseCalendar(string code, SessionSchedule schedule, CancellationToken ct) =>
        Calendar(await schedule.CourseCalendarAsync(code, ct), $"{code}-sessions.ics");

    public static async Task<FileContentHttpResult> PersonCalendar(Guid id, SessionBookings bookings, CancellationToken ct) =>
        Calendar(await bookings.PersonCalendarAsync(id, ct), "bookings.ics");

    public static async Task<Results<FileContentHttpResult, NotFound>> MyCalendar(Caller caller, SessionBookings bookings, CancellationToken ct) =>
        caller.PersonId is { } me ? Calendar(await bookings.PersonCalendarAsync(me, ct), "my-courses.ics") : TypedResults.NotFound();

    /// <summary>Makes the caller a new calendar feed address (a random secret in the path) and answers it once.</summary>
    public static async Task<Ok<CalendarFeedLink>> CreateCalendarFeed(HttpContext http, CalendarFeeds feeds, CancellationToken ct)
    {
        var created = await feeds.CreateAsync(ct);
        return TypedResults.Ok(CalendarFeedLink.For(http.Request, created));
    }

    /// <summary>Revokes the caller's calendar feed; 404 when there is none.</summary>
    public static async Task<Results<NoContent, NotFound>> RevokeCalendarFeed(CalendarFeeds feeds, CancellationToken ct) =>
        await feeds.RevokeAsync(ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    /// <summary>The feed of a secret; the same 404 for a secret never made and one revoked or replaced.</summary>
    public static async Task<IResult> CalendarFeed(string secret, HttpContext http, CalendarFeeds feeds, CancellationToken ct)
    {
        // The address is a credential: no shared cache may keep the answer, and no page it opens learns it.
        http.Response.Headers.CacheControl = "private, no-store";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        return await feeds.FeedAsync(secret, ct) is { } text ? Calendar(text, "pmopath.ics") : TypedResults.NotFound();
    }

    private static FileContentHttpResult Calendar(string text, string fileName) =>
        TypedResults.File(Encoding.UTF8.GetBytes(text), $"{ICalendar.MediaType}; charset=utf-8", fileName);
}

/// <summary>A calendar feed's address, answered only when it is made: the server keeps only a hash of its secret.</summary>
/// <param name="Url">The feed over https (or http where the app is served so), for a calendar app's "subscribe by URL".</param>
/// <param name="WebcalUrl">The same address as <c>webcal://</c>, which opens the subscription in the device's calendar app.</param>
/// <param name="CreatedAtUtc">When the address was made.</param>
public sealed record CalendarFeedLink(string Url, string WebcalUrl, DateTime CreatedAtUtc)
{
    /// <summary>The links of a feed just made, on the host and scheme the request came in on.</summary>
    public static CalendarFeedLink For(HttpRequest request, CalendarFeedCreated created)
    {
        var url = $"{request.Scheme}://{request.Host}{request.PathBase}/calendar/{created.Secret}.ics";
        return new CalendarFeedLink(url, "webcal://" + url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..], created.CreatedAtUtc);
    }
}

/// <summary>The per-address limit on anonymous calls, for an anonymous endpoint outside <c>/api</c>; the app's rejection answer.</summary>
internal sealed class AnonymousLimit : IRateLimiterPolicy<string>
{
    // A policy object's rejection is its own (the middleware does not fall back to the options' one), so hand it on:
    // the same 429 problem details and Retry-After as every other limit.
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = (context, ct) =>
        context.HttpContext.RequestServices.GetRequiredService<IOptions<RateLimiterOptions>>().Value.OnRejected is { } answer
            ? answer(context, ct) : ValueTask.CompletedTask;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) => WebAuthSetup.Limit(httpContext, "api", l => l.AnonymousApi);
}
