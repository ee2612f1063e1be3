using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PmoPath.Accounts;
using PmoPath.Data;

namespace PmoPath.Sessions;

public enum BookingMessage
{
    Confirmed,
    Waitlisted,
    Promoted,
    Cancelled,
}

/// <summary>
/// Tells the person booked what happened, when they have an account: a confirmation (or a promotion from the
/// waitlist) carries an .ics invitation, a cancellation an .ics that removes the event. The message is written to
/// the outbox in the booking's own transaction (<see cref="Enqueue"/>), so it exists exactly when the booking does
/// and is sent afterwards, retried until it goes (docs/adr/0021).
/// </summary>
public sealed class BookingMail(IDbContextFactory<AppDbContext> contexts, MailOutbox outbox, TimeProvider clock, ILogger<BookingMail> logger)
{
    /// <summary>The account email of the person booked; null when they have no account (no mail then).</summary>
    public static Task<string?> RecipientAsync(AppDbContext db, Guid personId, CancellationToken ct) =>
        db.Users.Where(u => u.PersonId == personId).Select(u => u.Email).FirstOrDefaultAsync(ct);

    /// <summary>Adds the message to <paramref name="db"/>, to be stored with the caller's transaction.</summary>
    public void Enqueue(AppDbContext db, BookingMessage kind, BookingView booking, CourseSession session, string email)
    {
        var when = SessionCalendar.When(session);
        var (subject, body) = kind switch
        {
            BookingMessage.Confirmed => ($"Booked: {booking.CourseTitle}, {when}",
                $"Your place on {booking.CourseTitle} with {booking.ProviderName} is confirmed.\r\n\r\n{Details(session, when)}\r\nThe attached invitation adds it to your calendar."),
            BookingMessage.Promoted => ($"A place is yours: {booking.CourseTitle}, {when}",
                $"A seat came free on {booking.CourseTitle} with {booking.ProviderName}, and you were first on the waitlist: your place is confirmed.\r\n\r\n{Details(session, when)}\r\nThe attached invitation adds it to your calendar."),
            BookingMessage.Waitlisted => ($"On the waitlist: {booking.CourseTitle}, {when}",
                $"{booking.CourseTitle} with {booking.ProviderName} is full, so you are number {booking.WaitlistPosition} on its waitlist. We will write again if a seat comes free.\r\n\r\n{Details(session, when)}"),
            _ => ($"Cancelled: {booking.CourseTitle}, {when}",
                $"Your booking on {booking.CourseTitle} with {booking.ProviderName} is cancelled.\r\n\r\n{Details(session, when)}"),
        };
        MailAttachment? invitation = kind switch
        {
            BookingMessage.Confirmed or BookingMessage.Promoted => Invitation(session, booking, email, "REQUEST", cancelled: false),
            BookingMessage.Cancelled when booking.Attended is null => Invitation(session, booking, email, "CANCEL", cancelled: true),
            _ => null,
        };
        outbox.Enqueue(db, email, subject, body, invitation);
    }

    /// <summary>Tells this process's sender that booking mail was committed.</summary>
    public void Wake() => outbox.Wake();

    /// <summary>Writes the message in a transaction of its own, for a change that was committed without it.</summary>
    /// <param name="session">The session when the caller has it at hand; otherwise it is read.</param>
    public async Task SendAsync(BookingMessage kind, BookingView booking, CourseSession? session, CancellationToken ct = default)
    {
        try
        {
            await using var db = (await contexts.CreateDbContextAsync(ct)).BindTo(Caller.System);
            if (await RecipientAsync(db, booking.PersonId, ct) is not { } email)
                return;
            session ??= await db.Sessions.AsNoTracking().FirstAsync(s => s.Id == booking.SessionId, ct);
            Enqueue(db, kind, booking, session, email);
            await db.SaveChangesAsync(ct);
            Wake();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "The {Kind} message for booking {Booking} was not written.", kind, booking.Id);
        }
    }

    private MailAttachment Invitation(CourseSession session, BookingView booking, string email, string method, bool cancelled)
    {
        var calendarEvent = SessionCalendar.Event(session, booking.CourseTitle, booking.ProviderName, clock.GetUtcNow().UtcDateTime,
            uid: $"booking-{booking.Id}@pmopath") with
        {
            Sequence = cancelled ? 1 : 0,
            Cancelled = cancelled,
            OrganizerEmail = outbox.Options.From,
            OrganizerName = booking.ProviderName,
            AttendeeEmail = email,
            AttendeeName = booking.PersonName,
        };
        return new MailAttachment("invite.ics", $"{ICalendar.MediaType}; method={method}",
            ICalendar.Write(booking.CourseTitle, [calendarEvent], method));
    }

    private static string Details(CourseSession session, string when) =>
        $"When: {when}\r\nWhere: {(session.Venue.Length > 0 ? session.Venue : session.Delivery.ToString().ToLowerInvariant())}\r\n" +
        (session.ExamOn is { } exam ? $"Exam: {exam:dddd d MMMM yyyy}\r\n" : "");
}

/// <summary>Sessions as calendar events, for feeds and invitations.</summary>
public static class SessionCalendar
{
    public static CalendarEvent Event(CourseSession session, string courseTitle, string providerName, DateTime stampUtc, string? uid = null, string? url = null) => new(
        Uid: uid ?? $"session-{session.Id}@pmopath",
        Summary: $"{courseTitle} ({providerName})",
        Description: $"{courseTitle} with {providerName}, {session.Delivery.ToString().ToLowerInvariant()}." +
            (session.ExamOn is { } exam ? $" Exam on {exam:d MMMM yyyy}." : ""),
        Location: session.Venue,
        StartsOn: session.StartsOn,
        EndsOn: session.EndsOn,
        DailyStart: session.DailyStart,
        DailyEnd: session.DailyEnd,
        TimeZone: session.TimeZone,
        StampUtc: stampUtc,
        Url: url);

    /// <summary>"3–7 March 2027, 09:00–17:00 (Europe/London)" in words.</summary>
    public static string When(CourseSession s) => When(s.StartsOn, s.EndsOn, s.DailyStart, s.DailyEnd, s.TimeZone);

    /// <inheritdoc cref="When(CourseSession)"/>
    public static string When(SessionView s) => When(s.StartsOn, s.EndsOn, s.DailyStart, s.DailyEnd, s.TimeZone);

    /// <summary>The days alone: "3–7 March 2027", "30 March 2027 – 2 April 2027".</summary>
    public static string Days(DateOnly startsOn, DateOnly endsOn) =>
        startsOn == endsOn ? $"{startsOn:d MMMM yyyy}"
            : startsOn.Month == endsOn.Month && startsOn.Year == endsOn.Year ? $"{startsOn.Day}–{endsOn:d MMMM yyyy}"
            : $"{startsOn:d MMMM yyyy} – {endsOn:d MMMM yyyy}";

    private static string When(DateOnly startsOn, DateOnly endsOn, TimeOnly? dailyStart, TimeOnly? dailyEnd, string timeZone)
    {
        var days = Days(startsOn, endsOn);
        return dailyStart is { } from && dailyEnd is { } to ? $"{days}, {from:HH:mm}–{to:HH:mm} ({timeZone})" : days;
    }
}
