using System.Collections.Frozen;

namespace PmoPath.Sessions;

/// <summary>
/// One session of the public schedule as the advisor reads it: when it starts, until when it can be booked,
/// who runs it, what a seat costs and how many are left.
/// </summary>
public sealed record ScheduledSession(
    Guid Id, string CourseCode, DateOnly StartsOn, DateOnly BookingDeadline, string Provider,
    decimal Price, string Currency, int SeatsLeft, SessionDelivery Delivery)
{
    /// <summary>Bookable on <paramref name="day"/>: it has not started, booking is still open, and a seat is left.</summary>
    public bool BookableOn(DateOnly day) => StartsOn >= day && BookingDeadline >= day && SeatsLeft > 0;
}

/// <summary>
/// The public schedule at one moment, indexed by course and sorted by start date, so the advisor finds a
/// course's next sessions without asking the database (docs/adr/0015). Immutable; <see cref="ScheduleStore"/>
/// replaces it when sessions or their seats change.
/// </summary>
public sealed class ScheduleSnapshot
{
    public static ScheduleSnapshot Empty { get; } = new([]);

    private readonly FrozenDictionary<string, ScheduledSession[]> _byCourse;
    private Indexed? _indexed;

    public ScheduleSnapshot(IEnumerable<ScheduledSession> sessions, long fingerprint = 0)
    {
        Fingerprint = fingerprint;
        _byCourse = sessions
            .GroupBy(s => s.CourseCode, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.OrderBy(s => s.StartsOn).ThenBy(s => s.Id).ToArray(), StringComparer.Ordinal);
        Count = _byCourse.Values.Sum(s => s.Length);
    }

    /// <summary>What the store compares to tell that the schedule in the database has changed.</summary>
    public long Fingerprint { get; }

    public int Count { get; }

    /// <summary>A course's sessions, soonest first (past ones included; filter with <see cref="ScheduledSession.BookableOn"/>).</summary>
    public IReadOnlyList<ScheduledSession> For(string courseCode) => _byCourse.GetValueOrDefault(courseCode) ?? [];

    /// <summary>
    /// The sessions of each course in the order of <paramref name="courses"/>, built once per catalogue
    /// (<paramref name="key"/>) so advising a profile reads arrays by position.
    /// </summary>
    public ScheduledSession[][] ByPosition(object key, IReadOnlyList<Catalog.Course> courses)
    {
        // One reference read and one write: a race only builds the same arrays twice.
        if (_indexed is { } cached && ReferenceEquals(cached.Key, key))
            return cached.Sessions;
        var sessions = new ScheduledSession[courses.Count][];
        for (var i = 0; i < courses.Count; i++)
            sessions[i] = _byCourse.GetValueOrDefault(courses[i].Code) ?? [];
        _indexed = new Indexed(key, sessions);
        return sessions;
    }

    private sealed record Indexed(object Key, ScheduledSession[][] Sessions);

    /// <summary>The first session of the course bookable on <paramref name="day"/> and after, by binary search on the start date.</summary>
    public static int FirstFrom(ScheduledSession[] sessions, DateOnly day)
    {
        int lo = 0, hi = sessions.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sessions[mid].StartsOn < day)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }
}
