using PmoPath.People;

namespace PmoPath.Sessions;

/// <summary>How a session is delivered; a course's catalogue entry says which of these it offers.</summary>
public enum SessionDelivery
{
    Classroom,
    Virtual,
    Residential,
}

/// <summary>
/// A dated run of a course by a provider, on the public schedule or in-house for one organisation, with
/// a fixed number of seats. <see cref="Confirmed"/> is the seat count the database guards: it only rises
/// through a conditional update that fails when the session is full (docs/adr/0007).
/// </summary>
public sealed class CourseSession
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string ProviderCode { get; set; } = "";
    public string CourseCode { get; set; } = "";

    /// <summary>The first and last day, in the session's <see cref="TimeZone"/>.</summary>
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }

    /// <summary>The hours on each day; both null for an all-day (for example residential) session.</summary>
    public TimeOnly? DailyStart { get; set; }
    public TimeOnly? DailyEnd { get; set; }

    /// <summary>An IANA time zone id such as <c>Europe/London</c>.</summary>
    public string TimeZone { get; set; } = "Europe/London";

    public SessionDelivery Delivery { get; set; }

    /// <summary>Where it happens; for a virtual session, the platform.</summary>
    public string Venue { get; set; } = "";

    public int Seats { get; set; }

    /// <summary>Confirmed bookings. Changed only inside a booking or cancellation transaction.</summary>
    public int Confirmed { get; set; }

    /// <summary>Bumped by every booking and cancellation before it reads or writes seats: the row lock that orders them.</summary>
    public long Version { get; set; }

    /// <summary>The price of one seat (for in-house runs, per person).</summary>
    public decimal Price { get; set; }

    /// <summary>An ISO 4217 code such as GBP.</summary>
    public string Currency { get; set; } = "GBP";

    /// <summary>The day of the exam, for a certification course.</summary>
    public DateOnly? ExamOn { get; set; }

    /// <summary>The last day bookings are taken (in the session's time zone).</summary>
    public DateOnly BookingDeadline { get; set; }

    /// <summary>The organisation an in-house session is for; null for the public schedule.</summary>
    public Guid? OrganisationId { get; set; }

    /// <summary>The in-house request this session answers, if any.</summary>
    public Guid? InHouseRequestId { get; set; }

    public string Notes { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }

    public bool IsInHouse => OrganisationId is not null;
    public int SeatsLeft => Math.Max(0, Seats - Confirmed);
}

public enum BookingStatus
{
    Confirmed,
    Waitlisted,
    Cancelled,
}

/// <summary>
/// A person's place on a session, confirmed or on the waitlist (first come, first promoted). A person has
/// at most one active booking per session; a unique index on the active rows makes that hold under races.
/// </summary>
public sealed class Booking : IOrganisationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The organisation of the person booked.</summary>
    public Guid OrganisationId { get; set; }
    public Guid SessionId { get; set; }
    public CourseSession? Session { get; set; }
    public Guid PersonId { get; set; }
    public Person? Person { get; set; }

    public BookingStatus Status { get; set; }

    /// <summary>When the booking was made (inside the session's lock).</summary>
    public DateTime BookedAtUtc { get; set; }

    /// <summary>
    /// The booking's place in the session's first-come order: assigned inside the session's lock as one more than
    /// the session's highest, unique per session (docs/adr/0007). The waitlist is in this order.
    /// </summary>
    public long Sequence { get; set; }
    public DateTime? ConfirmedAtUtc { get; set; }
    public DateTime? CancelledAtUtc { get; set; }

    /// <summary>Who made the booking: the person, their manager or HR; null for the system.</summary>
    public Guid? BookedById { get; set; }

    /// <summary>Set by the provider after the session: whether the person attended, and passed the exam.</summary>
    public bool? Attended { get; set; }
    public bool? ExamPassed { get; set; }
    public DateTime? AttendanceMarkedAtUtc { get; set; }
}

public enum InHouseRequestStatus
{
    Open,
    Answered,
    Declined,
}

/// <summary>An organisation's request to a provider for an in-house run of a course for a number of people.</summary>
public sealed class InHouseRequest : IOrganisationOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganisationId { get; set; }
    public string ProviderCode { get; set; } = "";
    public string CourseCode { get; set; } = "";
    public int People { get; set; }
    public DateOnly? PreferredFrom { get; set; }
    public DateOnly? PreferredTo { get; set; }
    public SessionDelivery? Delivery { get; set; }
    public string Notes { get; set; } = "";
    public InHouseRequestStatus Status { get; set; }

    /// <summary>The session the provider answered with.</summary>
    public Guid? SessionId { get; set; }

    /// <summary>The provider's reason when it declines.</summary>
    public string Answer { get; set; } = "";

    public Guid? RequestedById { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? AnsweredAtUtc { get; set; }
}
