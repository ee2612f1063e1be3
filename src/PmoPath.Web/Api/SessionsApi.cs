using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using PmoPath.Accounts;
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
        secured.MapGet("/people/{id:guid}/bookings", PersonBookings).WithSummary("A person's bookings.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        secured.MapGet("/people/{id:guid}/bookings.ics", PersonCalendar).WithSummary("A person's confirmed courses as an iCalendar feed.")
            .Produces<string>(contentType: ICalendar.MediaType).ProducesProblem(StatusCodes.Status404NotFound);
        secured.MapGet("/inhouse-requests", Requests).WithSummary("In-house requests: an org-admin's own, or those made to a provider-admin's provider.");
        secured.MapPost("/inhouse-requests", Request).WithSummary("Ask a provider for an in-house run for N people (org-admin).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        secured.MapPost("/inhouse-requests/{id:guid}/decline", Decline).WithSummary("Decline an open request, with the reason (the provider-admin asked).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        // The same personal feed for the signed-in browser (cookie), from "My bookings".
        app.MapGet("/me/bookings.ics", MyCalendar).RequireAuthorization().ExcludeFromDescription();
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

    private static FileContentHttpResult Calendar(string text, string fileName) =>
        TypedResults.File(Encoding.UTF8.GetBytes(text), $"{ICalendar.MediaType}; charset=utf-8", fileName);
}
