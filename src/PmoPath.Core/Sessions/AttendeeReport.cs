using PmoPath.Insight;

namespace PmoPath.Sessions;

/// <summary>
/// A session's attendee list as a <see cref="ReportTable"/>, the form the CSV and xlsx downloads write
/// (<see cref="TableExport"/>): one row per booking in the order of the page (confirmed, waitlist, cancelled).
/// </summary>
public static class AttendeeReport
{
    /// <summary>The table's key, the name of its download (<c>attendees.csv</c>, <c>attendees.xlsx</c>).</summary>
    public const string Key = "attendees";

    public static ReportTable Table(SessionView session, IReadOnlyList<BookingView> attendees, bool hasExam) =>
        new(Key, $"Attendees: {session.CourseTitle}, {session.StartsOn:yyyy-MM-dd}",
            [
                ReportTable.Text("Name"), ReportTable.Text("Status"), ReportTable.Number("Waitlist position"),
                ReportTable.Date("Booked on"), ReportTable.Date("Cancelled on"), ReportTable.Text("Attended"),
                .. hasExam ? [ReportTable.Text("Exam")] : Array.Empty<ReportColumn>(),
            ],
            [.. attendees.Select(b => (IReadOnlyList<object?>)[
                b.PersonName, b.Status.ToString().ToLowerInvariant(), b.WaitlistPosition,
                DateOnly.FromDateTime(b.BookedAtUtc), b.CancelledAtUtc is { } c ? DateOnly.FromDateTime(c) : null,
                b.Attended switch { true => "attended", false => "did not attend", null => "" },
                .. hasExam ? [b.ExamPassed switch { true => "passed", false => "not passed", null => "" }] : Array.Empty<object?>(),
            ])]);
}
