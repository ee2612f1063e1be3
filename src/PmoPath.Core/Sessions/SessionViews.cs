using System.Text.Json.Serialization;

namespace PmoPath.Sessions;

/// <summary>A new session, as a provider-admin sends it. The provider comes from the caller's account.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SessionInput
{
    public string CourseCode { get; init; } = "";
    public DateOnly? StartsOn { get; init; }
    public DateOnly? EndsOn { get; init; }
    public TimeOnly? DailyStart { get; init; }
    public TimeOnly? DailyEnd { get; init; }
    public string? TimeZone { get; init; }
    public SessionDelivery? Delivery { get; init; }
    public string? Venue { get; init; }
    public int? Seats { get; init; }
    public decimal? Price { get; init; }
    public string? Currency { get; init; }
    public DateOnly? ExamOn { get; init; }

    /// <summary>The last day to book; the day before the start when left out.</summary>
    public DateOnly? BookingDeadline { get; init; }

    /// <summary>Answers this in-house request: the session is then for the requesting organisation only.</summary>
    public Guid? InHouseRequestId { get; init; }

    public string? Notes { get; init; }

    /// <summary>Only for the system (the CLI): which provider runs it. A provider-admin's is their own.</summary>
    public string? ProviderCode { get; init; }
}

/// <summary>
/// Which sessions to list: a course, a provider, a date range (from today when left out). <paramref name="PublicOnly"/>
/// keeps to the public schedule, leaving out in-house runs even for the organisation or provider that may see them.
/// </summary>
public sealed record SessionQuery(string? Course = null, string? Provider = null, DateOnly? From = null, DateOnly? To = null, int Limit = 200, bool PublicOnly = false);

public sealed record SessionView(
    Guid Id, string ProviderCode, string ProviderName, string CourseCode, string CourseTitle,
    DateOnly StartsOn, DateOnly EndsOn, TimeOnly? DailyStart, TimeOnly? DailyEnd, string TimeZone,
    SessionDelivery Delivery, string Venue, int Seats, int Confirmed, int Waitlisted, int SeatsLeft,
    decimal Price, string Currency, DateOnly? ExamOn, DateOnly BookingDeadline, bool InHouse, bool BookingOpen, string Notes);

/// <summary>Who books: the caller themselves when <see cref="PersonId"/> is left out; a manager or HR names the person.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BookingInput
{
    public Guid? PersonId { get; init; }
}

public sealed record BookingView(
    Guid Id, Guid SessionId, Guid PersonId, string PersonName, string CourseCode, string CourseTitle, string ProviderName,
    DateOnly StartsOn, DateOnly EndsOn, string Venue, BookingStatus Status, int? WaitlistPosition,
    DateTime BookedAtUtc, DateTime? CancelledAtUtc, bool? Attended, bool? ExamPassed);

/// <summary>The provider's mark after the session.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AttendanceInput
{
    public bool? Attended { get; init; }

    /// <summary>For a certification course with an exam; left out when not known or not sat.</summary>
    public bool? ExamPassed { get; init; }
}

/// <summary>
/// A whole session's attendance at once: one mark per booking, applied together or not at all. An
/// "everyone attended" default is the caller's to expand (the page does); the API takes the list as it is.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SessionAttendanceInput
{
    public List<AttendanceMark> Attendance { get; init; } = [];
}

/// <summary>One person's mark in a <see cref="SessionAttendanceInput"/>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AttendanceMark
{
    public Guid? BookingId { get; init; }
    public bool? Attended { get; init; }

    /// <summary>For a certification course with an exam; left out when not known or not sat.</summary>
    public bool? ExamPassed { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record InHouseRequestInput
{
    public string ProviderCode { get; init; } = "";
    public string CourseCode { get; init; } = "";
    public int? People { get; init; }
    public DateOnly? PreferredFrom { get; init; }
    public DateOnly? PreferredTo { get; init; }
    public SessionDelivery? Delivery { get; init; }
    public string? Notes { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DeclineInput
{
    public string Reason { get; init; } = "";
}

public sealed record InHouseRequestView(
    Guid Id, string Organisation, string ProviderCode, string ProviderName, string CourseCode, string CourseTitle, int People,
    DateOnly? PreferredFrom, DateOnly? PreferredTo, SessionDelivery? Delivery, string Notes, InHouseRequestStatus Status,
    Guid? SessionId, string Answer, DateTime CreatedAtUtc);
