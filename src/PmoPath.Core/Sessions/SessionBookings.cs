using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Framework;
using PmoPath.People;

namespace PmoPath.Sessions;

/// <summary>
/// Booking, cancelling and attendance. Who may act is decided with the caller's own context
/// (<see cref="PeopleAccess"/>, the visible schedule); the seats are then changed in one transaction on a
/// system context, because a cancellation may promote someone of another organisation from the waitlist of
/// a public session. The database keeps the count right across instances (docs/adr/0007):
/// <list type="number">
/// <item>every booking and cancellation first bumps the session's <see cref="CourseSession.Version"/>,
/// which locks the row until the transaction ends (PostgreSQL row lock; SQLite's single writer);</item>
/// <item>a seat is taken only by <c>UPDATE … SET Confirmed = Confirmed + 1 WHERE Confirmed &lt; Seats</c>,
/// and a check constraint refuses a count above the seats;</item>
/// <item>a unique index on a person's active booking per session refuses a double booking.</item>
/// </list>
/// </summary>
public sealed class SessionBookings(
    AppDbContext db, IDbContextFactory<AppDbContext> contexts, PeopleAccess access, SessionSchedule schedule,
    FrameworkStore store, TimeProvider clock, AuditLog audit, BookingMail mail, WriteQueue writes, PmoPathMetrics metrics,
    Credentials.CredentialIssuer credentials)
{
    private Caller Caller => access.Caller;

    /// <summary>Books the caller, or a person a manager or HR acts for: confirmed while seats remain, otherwise waitlisted.</summary>
    public async Task<BookingView> BookAsync(Guid sessionId, BookingInput input, CancellationToken ct = default)
    {
        var personId = input.PersonId ?? Caller.PersonId
            ?? throw new InvalidInputException("personId", "Your account has no practitioner record: name the person to book.");
        var person = await access.DemandAsync(personId, PersonAction.Book, ct);
        var session = await schedule.FindAsync(sessionId, ct);
        var framework = await store.GetAsync(ct);
        var course = framework.FindCourse(session.CourseCode) ?? throw new NotFoundException("course", session.CourseCode);

        var errors = new Errors();
        if (session.OrganisationId is { } org && org != person.OrganisationId)
            errors.Add("personId", "This in-house session is for another organisation.");
        if (!SessionSchedule.IsBookingOpen(session, clock.GetUtcNow()))
            errors.Add("sessionId", $"Bookings for this session closed on {session.BookingDeadline:d MMM yyyy}.");
        // Everything else the booking needs from the person's side, read in one query before the session's lock:
        // the certificates for the prerequisites, an active booking already held (the unique index stays the guard
        // against a twin racing this one), the plan item to move, the provider's name and the address to mail.
        var known = await db.People.AsNoTracking().Where(p => p.Id == person.Id).Select(p => new
        {
            Held = db.Certificates.Where(c => c.PersonId == p.Id).Select(c => c.CourseCode).ToList(),
            AlreadyBooked = db.Bookings.Any(b => b.SessionId == session.Id && b.PersonId == p.Id && b.Status != BookingStatus.Cancelled),
            PlanItem = db.PlanItems.Where(i => i.PersonId == p.Id && i.CourseCode == course.Code && (i.Status == PlanStatus.Planned || i.Status == PlanStatus.Booked))
                .OrderBy(i => i.CreatedAtUtc).Select(i => (Guid?)i.Id).FirstOrDefault(),
            Provider = db.Providers.Where(x => x.Code == session.ProviderCode).Select(x => x.Name).FirstOrDefault(),
            Email = db.Users.Where(u => u.PersonId == p.Id).Select(u => u.Email).FirstOrDefault(),
        }).FirstAsync(ct);
        foreach (var reason in PrerequisiteCheck.Unmet(course, framework, person.Level, person.YearsInPmo, known.Held))
            errors.Add("prerequisites", reason);
        errors.ThrowIfAny();
        if (known.AlreadyBooked)
            throw new ConflictException($"{person.DisplayName} already has a place (or a waitlist place) on this session.");
        var (planItem, providerName, email) = (known.PlanItem, known.Provider ?? session.ProviderCode, known.Email);

        var view = await InTransactionAsync(session.Id, "book", async (ledger, lockTaken) =>
        {
            // One round trip under the lock: the seat taken if one is free, and everything that orders this booking
            // among the others (the session's next sequence number and the waitlist ahead), so the place told is the
            // place held; the organisation's figures are marked behind in the same batch (docs/adr/0007, 0043).
            var now = clock.GetUtcNow().UtcDateTime;
            var (seated, last, waiting) = await SeatLedger.TakeAsync(ledger, session.Id, person.OrganisationId, ct);
            lockTaken();
            var made = new Booking
            {
                OrganisationId = person.OrganisationId,
                SessionId = session.Id,
                PersonId = person.Id,
                Status = seated ? BookingStatus.Confirmed : BookingStatus.Waitlisted,
                BookedAtUtc = now,
                Sequence = last + 1,
                ConfirmedAtUtc = seated ? now : null,
                BookedById = Caller.PersonId,
            };
            ledger.Bookings.Add(made);
            if (planItem is { } itemId)
            {
                var item = new PlanItem { Id = itemId, OrganisationId = person.OrganisationId, PersonId = person.Id, CourseCode = course.Code };
                ledger.PlanItems.Attach(item);
                item.Status = PlanStatus.Booked;
                item.TargetDate = session.StartsOn;
                item.UpdatedAtUtc = now;
            }
            else
                ledger.PlanItems.Add(new PlanItem
                {
                    OrganisationId = person.OrganisationId, PersonId = person.Id, CourseCode = course.Code, TargetDate = session.StartsOn,
                    Status = PlanStatus.Booked, Notes = "Added when the course was booked.", CreatedAtUtc = now, UpdatedAtUtc = now,
                });
            ledger.AuditEntries.Add(audit.Entry(AuditActions.Booked, Caller, person.Id,
                $"{made.Status.ToString().ToLowerInvariant()} on {session.CourseCode} {session.StartsOn:yyyy-MM-dd}", person.OrganisationId));
            var told = new BookingView(made.Id, session.Id, person.Id, person.DisplayName, course.Code, course.Title, providerName,
                session.StartsOn, session.EndsOn, session.Venue, made.Status, seated ? null : waiting + 1, made.BookedAtUtc, null, null, null);
            if (email is not null)
                mail.Enqueue(ledger, seated ? BookingMessage.Confirmed : BookingMessage.Waitlisted, told, session, email);
            try
            {
                // One batch: the booking, the plan item, the audit entry and the mail.
                await ledger.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // The unique index on active bookings refused a twin that raced this one; the transaction rolls back.
                if (await db.Bookings.AnyAsync(b => b.SessionId == session.Id && b.PersonId == person.Id && b.Status != BookingStatus.Cancelled, ct))
                    throw new ConflictException($"{person.DisplayName} already has a place (or a waitlist place) on this session.");
                throw;
            }
            return told;
        }, ct);
        schedule.Changed();
        metrics.Booked(view.Status == BookingStatus.Confirmed);
        // The sender is woken only when there is mail: a booking without an account writes none.
        if (email is not null)
            mail.Wake();
        return view;
    }

    /// <summary>Cancels a booking; a freed seat goes to the first on the waitlist in the same transaction.</summary>
    public async Task<BookingView> CancelAsync(Guid bookingId, CancellationToken ct = default)
    {
        var booking = await db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bookingId, ct)
            ?? throw new NotFoundException("booking", bookingId.ToString());
        var person = await access.DemandAsync(booking.PersonId, PersonAction.Book, ct);
        if (booking.Status == BookingStatus.Cancelled)
            throw new ConflictException("This booking is already cancelled.");
        if (booking.Attended is not null)
            throw new ConflictException("The provider has marked attendance for this booking; it can no longer be cancelled.");

        var promotedSomeone = false;
        var view = await InTransactionAsync(booking.SessionId, "cancel", async (ledger, lockTaken) =>
        {
            await LockAsync(ledger, booking.SessionId, ct);
            lockTaken();
            var now = clock.GetUtcNow().UtcDateTime;
            var session = await ledger.Sessions.AsNoTracking().FirstAsync(s => s.Id == booking.SessionId, ct);
            // Read under the lock: a racing cancellation of the same booking finds it already cancelled.
            var wasConfirmed = await SetStatusAsync(ledger, booking.Id, BookingStatus.Confirmed, BookingStatus.Cancelled, now, ct);
            if (!wasConfirmed && !await SetStatusAsync(ledger, booking.Id, BookingStatus.Waitlisted, BookingStatus.Cancelled, now, ct))
                throw new ConflictException("This booking is already cancelled.");
            Guid? next = null;
            if (wasConfirmed)
            {
                await ledger.Sessions.Where(s => s.Id == session.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Confirmed, x => x.Confirmed - 1), ct);
                next = await ledger.Bookings.Where(b => b.SessionId == session.Id && b.Status == BookingStatus.Waitlisted)
                    .OrderBy(b => b.Sequence).Select(b => (Guid?)b.Id).FirstOrDefaultAsync(ct);
                if (next is { } id && await ledger.Sessions.Where(s => s.Id == session.Id && s.Confirmed < s.Seats)
                        .ExecuteUpdateAsync(s => s.SetProperty(x => x.Confirmed, x => x.Confirmed + 1), ct) == 1)
                    await SetStatusAsync(ledger, id, BookingStatus.Waitlisted, BookingStatus.Confirmed, now, ct);
                else
                    next = null;
            }
            var stillBooked = await ledger.Bookings.AnyAsync(b => b.PersonId == person.Id && b.Id != booking.Id && b.Status != BookingStatus.Cancelled
                && ledger.Sessions.Any(s => s.Id == b.SessionId && s.CourseCode == session.CourseCode), ct);
            if (!stillBooked)
                await ledger.PlanItems.Where(i => i.PersonId == person.Id && i.CourseCode == session.CourseCode && i.Status == PlanStatus.Booked)
                    .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, PlanStatus.Planned).SetProperty(i => i.UpdatedAtUtc, now), ct);
            ledger.AuditEntries.Add(audit.Entry(AuditActions.BookingCancelled, Caller, person.Id, $"booking {booking.Id} on {session.CourseCode} {session.StartsOn:yyyy-MM-dd}", person.OrganisationId));
            // The mail of both people goes into the outbox in this transaction: the cancellation, and the promotion
            // (the promoted person's plan item is already "booked": a waitlist place counts as booked).
            var cancelled = (await ViewsAsync(ledger, ledger.Bookings.Where(b => b.Id == booking.Id), ct))[0];
            if (await BookingMail.RecipientAsync(ledger, cancelled.PersonId, ct) is { } email)
                mail.Enqueue(ledger, BookingMessage.Cancelled, cancelled, session, email);
            if (next is { } promotedId)
            {
                var promoted = (await ViewsAsync(ledger, ledger.Bookings.Where(b => b.Id == promotedId), ct))[0];
                if (await BookingMail.RecipientAsync(ledger, promoted.PersonId, ct) is { } promotedEmail)
                    mail.Enqueue(ledger, BookingMessage.Promoted, promoted, session, promotedEmail);
            }
            await ledger.SaveChangesAsync(ct);
            // Set by the attempt that committed: a retried transaction runs this body again.
            promotedSomeone = next is not null;
            return cancelled;
        }, ct);
        schedule.Changed();
        metrics.Cancelled(promotedSomeone);
        mail.Wake();
        return view;
    }

    /// <summary>A booking the caller may see: the person's own, their team's for a manager, their organisation's for HR.</summary>
    public async Task<BookingView> GetAsync(Guid bookingId, CancellationToken ct = default)
    {
        var booking = await db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bookingId, ct)
            ?? throw new NotFoundException("booking", bookingId.ToString());
        await access.DemandAsync(booking.PersonId, PersonAction.View, ct);
        return await ViewAsync(booking.Id, ct);
    }

    /// <summary>A person's bookings, soonest first, cancelled ones last.</summary>
    public async Task<List<BookingView>> ForPersonAsync(Guid personId, CancellationToken ct = default)
    {
        var person = await access.DemandAsync(personId, PersonAction.View, ct);
        await using var system = await SystemAsync(ct);
        return await ViewsAsync(system, system.Bookings.Where(b => b.PersonId == person.Id)
            .OrderBy(b => b.Status == BookingStatus.Cancelled).ThenBy(b => b.Session!.StartsOn), ct);
    }

    /// <summary>The person's confirmed places as an iCalendar feed; each event has the same UID as the invitation mailed for it.</summary>
    public async Task<string> PersonCalendarAsync(Guid personId, CancellationToken ct = default)
    {
        var person = await access.DemandAsync(personId, PersonAction.View, ct);
        await using var system = await SystemAsync(ct);
        var booked = await system.Bookings.AsNoTracking().Where(b => b.PersonId == person.Id && b.Status == BookingStatus.Confirmed)
            .Include(b => b.Session).OrderBy(b => b.Session!.StartsOn).Take(500).ToListAsync(ct);
        var bookingOf = booked.ToDictionary(b => b.SessionId, b => b.Id);
        return await schedule.CalendarAsync($"PmoPath: {person.DisplayName}'s courses", [.. booked.Select(b => b.Session!)], ct,
            s => $"booking-{bookingOf[s.Id]}@pmopath");
    }

    /// <summary>The attendee list of a session, for its provider: confirmed, then the waitlist in order, then cancellations.</summary>
    public async Task<List<BookingView>> AttendeesAsync(Guid sessionId, CancellationToken ct = default)
    {
        var session = await schedule.FindAsync(sessionId, ct);
        if (!Caller.AdministersProvider(session.ProviderCode))
            throw new ForbiddenException("Only the provider running the session sees its attendee list.");
        await using var system = await SystemAsync(ct);
        return await ViewsAsync(system, system.Bookings.Where(b => b.SessionId == session.Id)
            .OrderBy(b => b.Status == BookingStatus.Confirmed ? 0 : b.Status == BookingStatus.Waitlisted ? 1 : 2)
            .ThenBy(b => b.Sequence), ct);
    }

    /// <summary>
    /// The provider marks attendance after the session has started. Attending moves the person's plan item to
    /// done and adds the course to their record; a passed exam adds the certificate.
    /// </summary>
    public async Task<BookingView> MarkAttendanceAsync(Guid bookingId, AttendanceInput input, CancellationToken ct = default)
    {
        await using var system = await SystemAsync(ct);
        var booking = await system.Bookings.Include(b => b.Session).FirstOrDefaultAsync(b => b.Id == bookingId, ct);
        if (booking?.Session is not { } session || !Caller.AdministersProvider(session.ProviderCode))
            throw new NotFoundException("booking", bookingId.ToString());
        var course = (await store.GetAsync(ct)).FindCourse(session.CourseCode);
        var errors = new Errors();
        foreach (var (field, message) in AttendanceProblems(booking, session, course, input))
            errors.Add(field, message);
        errors.ThrowIfAny();

        await MarkOneAsync(system, booking, session, course, input, clock.GetUtcNow().UtcDateTime, ct);
        // The attendance, the plan, the record, the credential and the audit entries in one save.
        await system.SaveChangesAsync(ct);
        return await ViewAsync(booking.Id, ct);
    }

    /// <summary>
    /// The provider marks a whole session's attendance in one go: every mark is checked first, and an error names
    /// the row (<c>attendance[2].examPassed</c>) and the person; then each person is marked exactly as
    /// <see cref="MarkAttendanceAsync"/> marks one, all in one transaction, so either every mark is saved or none.
    /// </summary>
    public async Task<List<BookingView>> MarkSessionAttendanceAsync(Guid sessionId, SessionAttendanceInput input, CancellationToken ct = default)
    {
        var visible = await schedule.FindAsync(sessionId, ct);
        if (!Caller.AdministersProvider(visible.ProviderCode))
            throw new NotFoundException("session", sessionId.ToString());
        var course = (await store.GetAsync(ct)).FindCourse(visible.CourseCode);
        await credentials.PrepareAsync(ct);
        await InTransactionAsync(null, null, async (ledger, _) =>
        {
            var session = await ledger.Sessions.FirstAsync(s => s.Id == visible.Id, ct);
            var bookings = await ledger.Bookings.Include(b => b.Person).Where(b => b.SessionId == session.Id).ToDictionaryAsync(b => b.Id, ct);
            var errors = new Errors();
            if (input.Attendance is not { Count: > 0 })
                errors.Add("attendance", "Mark at least one person.");
            var seen = new HashSet<Guid>();
            for (var i = 0; i < (input.Attendance?.Count ?? 0); i++)
            {
                var mark = input.Attendance![i];
                var row = $"attendance[{i}]";
                if (mark.BookingId is not { } id)
                    errors.Add($"{row}.bookingId", "This is required.");
                else if (!bookings.TryGetValue(id, out var booking))
                    errors.Add($"{row}.bookingId", $"{id} is not a booking on this session.");
                else if (!seen.Add(id))
                    errors.Add($"{row}.bookingId", $"{booking.Person?.DisplayName ?? id.ToString()} is marked twice.");
                else
                    foreach (var (field, message) in AttendanceProblems(booking, session, course, new AttendanceInput { Attended = mark.Attended, ExamPassed = mark.ExamPassed }))
                        errors.Add(field == "bookingId" ? $"{row}.bookingId" : $"{row}.{field}", $"{booking.Person?.DisplayName}: {message}");
            }
            errors.ThrowIfAny();

            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var mark in input.Attendance!)
                await MarkOneAsync(ledger, bookings[mark.BookingId!.Value], session, course, new AttendanceInput { Attended = mark.Attended, ExamPassed = mark.ExamPassed }, now, ct);
            // Every person's attendance, plan, record, credential and audit entries in one save, in one transaction.
            await ledger.SaveChangesAsync(ct);
            return true;
        }, ct);
        return await AttendeesAsync(sessionId, ct);
    }

    /// <summary>What is wrong with one mark, as (field, message) pairs; none when it may be saved.</summary>
    private IEnumerable<(string Field, string Message)> AttendanceProblems(Booking booking, CourseSession session, Catalog.Course? course, AttendanceInput input)
    {
        if (booking.Status != BookingStatus.Confirmed)
            yield return ("bookingId", $"Only confirmed bookings are marked; this one is {booking.Status.ToString().ToLowerInvariant()}.");
        if (SessionSchedule.TodayAt(session.TimeZone, clock.GetUtcNow()) < session.StartsOn)
            yield return ("attended", $"The session starts on {session.StartsOn:d MMM yyyy}; mark attendance from then.");
        if (input.Attended is null)
            yield return ("attended", "This is required: true or false.");
        if (input.ExamPassed is not null && course is not { IsCertification: true })
            yield return ("examPassed", $"{course?.Title ?? session.CourseCode} has no exam.");
        else if (input.ExamPassed == true && input.Attended != true)
            yield return ("examPassed", "Someone who did not attend did not pass the exam.");
    }

    /// <summary>
    /// Marks one person, checked beforehand, on <paramref name="system"/> without saving: the one path both the
    /// single mark and the whole session's marks take, so whatever follows from attendance follows from both.
    /// </summary>
    private async Task MarkOneAsync(AppDbContext system, Booking booking, CourseSession session, Catalog.Course? course, AttendanceInput input, DateTime now, CancellationToken ct)
    {
        booking.Attended = input.Attended;
        booking.ExamPassed = input.ExamPassed;
        booking.AttendanceMarkedAtUtc = now;
        if (input.Attended == true)
        {
            var org = booking.OrganisationId;
            var completedOn = session.EndsOn;
            foreach (var item in await system.PlanItems.Where(i => i.PersonId == booking.PersonId && i.CourseCode == session.CourseCode
                && (i.Status == PlanStatus.Planned || i.Status == PlanStatus.Booked)).ToListAsync(ct))
            {
                item.Status = PlanStatus.Done;
                item.UpdatedAtUtc = now;
            }
            var provider = $"marked by {session.ProviderCode}";
            if (!await system.CompletedCourses.AnyAsync(c => c.PersonId == booking.PersonId && c.CourseCode == session.CourseCode && c.CompletedOn == completedOn, ct))
            {
                system.CompletedCourses.Add(new CompletedCourse { OrganisationId = org, PersonId = booking.PersonId, CourseCode = session.CourseCode, CompletedOn = completedOn });
                system.RecordChanges.Add(new RecordChange { OrganisationId = org, PersonId = booking.PersonId, AtUtc = now, Field = "completedCourses", NewValue = $"{session.CourseCode} {completedOn:yyyy-MM-dd} ({provider})" });
            }
            var achievedOn = session.ExamOn ?? session.EndsOn;
            if (input.ExamPassed == true && !await system.Certificates.AnyAsync(c => c.PersonId == booking.PersonId && c.CourseCode == session.CourseCode && c.AchievedOn == achievedOn, ct))
            {
                system.Certificates.Add(new Certificate { OrganisationId = org, PersonId = booking.PersonId, CourseCode = session.CourseCode, AchievedOn = achievedOn });
                system.RecordChanges.Add(new RecordChange { OrganisationId = org, PersonId = booking.PersonId, AtUtc = now, Field = "certificates", NewValue = $"{session.CourseCode} {achievedOn:yyyy-MM-dd} ({provider})" });
            }
        }
        await CredentialAsync(system, booking, session, course, input, now, ct);
        system.AuditEntries.Add(audit.Entry(AuditActions.AttendanceMarked, Caller, booking.PersonId,
            $"{session.CourseCode} {session.StartsOn:yyyy-MM-dd}: attended {input.Attended}, exam {(input.ExamPassed is { } p ? p : "n/a")}", booking.OrganisationId));
    }

    /// <summary>
    /// The Open Badges credential of a booking (docs/adr/0029): issued when attendance earns one (attended, and for a
    /// certification course the exam passed), once per booking; revoked when the provider corrects the marking so
    /// that it no longer earns one.
    /// </summary>
    private async Task CredentialAsync(AppDbContext system, Booking booking, CourseSession session, Catalog.Course? course, AttendanceInput input, DateTime now, CancellationToken ct)
    {
        if (course is null)
            return;
        var existing = await system.IssuedCredentials.FirstOrDefaultAsync(c => c.BookingId == booking.Id, ct);
        if (Credentials.CredentialIssuer.Earns(course, input.Attended, input.ExamPassed))
        {
            if (existing is not null)
                return;
            var provider = await system.Providers.AsNoTracking().FirstOrDefaultAsync(p => p.Code == session.ProviderCode, ct)
                ?? new Providers.TrainingProvider { Code = session.ProviderCode, Name = session.ProviderCode };
            var email = await BookingMail.RecipientAsync(system, booking.PersonId, ct)
                ?? await system.People.Where(p => p.Id == booking.PersonId).Select(p => p.WorkEmail).FirstOrDefaultAsync(ct);
            var achievedOn = input.ExamPassed == true ? session.ExamOn ?? session.EndsOn : session.EndsOn;
            var issued = await credentials.IssueAsync(new Credentials.CredentialIssuer.Award(
                booking.PersonId, booking.OrganisationId, email, course, provider, session.StartsOn, achievedOn, input.ExamPassed == true, booking.Id), ct);
            system.IssuedCredentials.Add(issued);
            system.AuditEntries.Add(audit.Entry(AuditActions.CredentialIssued, Caller, booking.PersonId,
                $"credential {issued.Id} for {course.Code} by {session.ProviderCode}", booking.OrganisationId));
        }
        else if (existing is { RevokedAtUtc: null })
        {
            existing.RevokedAtUtc = now;
            existing.RevocationReason = "The provider corrected the attendance record.";
            system.AuditEntries.Add(audit.Entry(AuditActions.CredentialRevoked, Caller, booking.PersonId,
                $"credential {existing.Id} ({course.Code}, {session.ProviderCode}): attendance corrected", booking.OrganisationId));
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction on a fresh system context, through the provider's
    /// execution strategy: on a transient failure (a PostgreSQL deadlock, a dropped connection) the whole
    /// unit is retried from the start, never half of it. A transaction that locks <paramref name="session"/> waits for
    /// its turn by the session (<see cref="WriteQueue"/>). <paramref name="work"/> calls the action it is given once it
    /// holds the session's lock: the time from then to the commit, and any retry, are measured as <paramref name="operation"/>.
    /// </summary>
    private async Task<T> InTransactionAsync<T>(Guid? session, string? operation, Func<AppDbContext, Action, Task<T>> work, CancellationToken ct)
    {
        await using var outer = await SystemAsync(ct);
        var runs = 0;
        Func<Task<T>> attempt = () => outer.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            if (runs++ > 0 && operation is not null)
                metrics.SeatTransactionRetried(operation);
            await using var ledger = await SystemAsync(token);
            await using var tx = await ledger.Database.BeginTransactionAsync(token);
            var locked = 0L;
            var result = await work(ledger, () => locked = Stopwatch.GetTimestamp());
            await tx.CommitAsync(token);
            if (locked != 0 && operation is not null)
                metrics.SeatLockHeld(operation, Stopwatch.GetElapsedTime(locked));
            return result;
        }, ct);
        return await (session is { } id ? writes.RunAsync(id, attempt, ct) : writes.RunAsync(attempt, ct));
    }

    /// <summary>Locks the session's row for the rest of the transaction.</summary>
    private static Task<int> LockAsync(AppDbContext ledger, Guid sessionId, CancellationToken ct) =>
        ledger.Sessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Version, x => x.Version + 1), ct);

    /// <summary>Moves a booking between states; the organisation view of the booking's organisation is behind from then (its spend counts confirmed bookings).</summary>
    private static async Task<bool> SetStatusAsync(AppDbContext ledger, Guid bookingId, BookingStatus from, BookingStatus to, DateTime now, CancellationToken ct)
    {
        if (await ledger.Bookings.Where(b => b.Id == bookingId && b.Status == from).ExecuteUpdateAsync(s => s
                .SetProperty(b => b.Status, to)
                .SetProperty(b => b.CancelledAtUtc, b => to == BookingStatus.Cancelled ? now : b.CancelledAtUtc)
                .SetProperty(b => b.ConfirmedAtUtc, b => to == BookingStatus.Confirmed ? now : b.ConfirmedAtUtc), ct) != 1)
            return false;
        await OrganisationViewMarks.MarkBookingBehindAsync(ledger, bookingId, ct);
        return true;
    }

    private async Task<BookingView> ViewAsync(Guid bookingId, CancellationToken ct)
    {
        await using var system = await SystemAsync(ct);
        return (await ViewsAsync(system, system.Bookings.Where(b => b.Id == bookingId), ct))[0];
    }

    private async Task<List<BookingView>> ViewsAsync(AppDbContext system, IQueryable<Booking> bookings, CancellationToken ct)
    {
        var rows = await bookings.AsNoTracking().Select(b => new
        {
            Booking = b,
            Person = b.Person!.DisplayName,
            Session = b.Session!,
            Provider = system.Providers.Where(p => p.Code == b.Session!.ProviderCode).Select(p => p.Name).FirstOrDefault(),
            Ahead = b.Status == BookingStatus.Waitlisted
                ? system.Bookings.Count(o => o.SessionId == b.SessionId && o.Status == BookingStatus.Waitlisted
                    && o.Sequence < b.Sequence)
                : (int?)null,
        }).ToListAsync(ct);
        var framework = await store.GetAsync(ct);
        return [.. rows.Select(r => new BookingView(
            r.Booking.Id, r.Booking.SessionId, r.Booking.PersonId, r.Person, r.Session.CourseCode, framework.FindCourse(r.Session.CourseCode)?.Title ?? r.Session.CourseCode,
            r.Provider ?? r.Session.ProviderCode, r.Session.StartsOn, r.Session.EndsOn, r.Session.Venue, r.Booking.Status,
            r.Ahead + 1, r.Booking.BookedAtUtc, r.Booking.CancelledAtUtc, r.Booking.Attended, r.Booking.ExamPassed))];
    }

    private async Task<AppDbContext> SystemAsync(CancellationToken ct) => (await contexts.CreateDbContextAsync(ct)).BindTo(Caller.System);
}
