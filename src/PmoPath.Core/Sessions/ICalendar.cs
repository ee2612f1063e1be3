using System.Globalization;
using System.Text;

namespace PmoPath.Sessions;

/// <summary>
/// One dated event: a course session. Dates are in the session's own time zone (IANA id such as "Europe/London").
/// Without daily times it is an all-day event spanning <see cref="StartsOn"/>..<see cref="EndsOn"/> inclusive; with
/// them it runs <see cref="DailyStart"/>–<see cref="DailyEnd"/> on each day.
/// </summary>
/// <param name="Uid">Globally unique and stable across updates, so a calendar replaces the event rather than adding a copy.</param>
/// <param name="TimeZone">An IANA zone id; only read for timed events (an all-day event is the same dates everywhere).</param>
/// <param name="StampUtc">When this version of the event was produced (DTSTAMP); a local-kind value is converted to UTC.</param>
/// <param name="Sequence">The revision number; raise it on every significant change so clients accept the update.</param>
public sealed record CalendarEvent(
    string Uid, string Summary, string Description, string Location,
    DateOnly StartsOn, DateOnly EndsOn, TimeOnly? DailyStart, TimeOnly? DailyEnd, string TimeZone,
    DateTime StampUtc, string? Url = null, int Sequence = 0, bool Cancelled = false,
    string? OrganizerEmail = null, string? OrganizerName = null, string? AttendeeEmail = null, string? AttendeeName = null);

/// <summary>
/// Writes iCalendar (RFC 5545) text by hand: a feed of sessions or an iTIP (RFC 5546) message about them.
/// The output depends only on the input (no clock, no machine culture), so it can be compared and cached.
/// </summary>
public static class ICalendar
{
    public const string MediaType = "text/calendar";

    private const string ProductId = "-//PmoPath//Sessions//EN";

    /// <summary>RFC 5545 3.1: a content line longer than this many octets (not characters) is folded.</summary>
    private const int MaxLineOctets = 75;

    private static readonly string[] Methods = ["PUBLISH", "REQUEST", "CANCEL"];

    /// <summary>
    /// Writes a VCALENDAR with the events, lines ending in CRLF and folded at 75 octets.
    /// </summary>
    /// <param name="calendarName">Shown by clients as the calendar's name (X-WR-CALNAME).</param>
    /// <param name="events">The events, written in the order given.</param>
    /// <param name="method">
    /// Null for a feed (no METHOD line), "PUBLISH", "REQUEST" (an invitation) or "CANCEL". Under CANCEL every event is
    /// written with STATUS:CANCELLED, as RFC 5546 3.2.5 requires, whatever its <see cref="CalendarEvent.Cancelled"/>.
    /// </param>
    /// <exception cref="ArgumentException">
    /// An unknown method or time zone id, or an event that cannot be written: no UID, ending before it starts, only one
    /// of the daily times, a daily end not after the daily start, or a negative sequence.
    /// </exception>
    public static string Write(string calendarName, IEnumerable<CalendarEvent> events, string? method = null)
    {
        ArgumentNullException.ThrowIfNull(calendarName);
        ArgumentNullException.ThrowIfNull(events);
        method = CheckMethod(method);
        var list = events.ToList();
        foreach (var e in list)
        {
            Check(e, nameof(events));
        }

        // One VTIMEZONE per zone of a timed event, covering every year one of its events touches.
        var zones = list.Where(e => e.DailyStart is not null)
            .GroupBy(e => e.TimeZone, StringComparer.Ordinal)
            .Select(g => (Id: g.Key, Zone: FindZone(g.Key, nameof(events)), FirstYear: g.Min(e => e.StartsOn.Year), LastYear: g.Max(e => e.EndsOn.Year)))
            .ToList();

        var w = new ContentWriter();
        w.Line("BEGIN:VCALENDAR");
        w.Line("VERSION:2.0");
        w.Line("PRODID:" + ProductId);
        w.Line("CALSCALE:GREGORIAN");
        if (method is not null)
        {
            w.Line("METHOD:" + method);
        }

        w.Line("X-WR-CALNAME:" + Text(calendarName));
        foreach (var (id, zone, firstYear, lastYear) in zones)
        {
            WriteTimeZone(w, id, zone, firstYear, lastYear);
        }

        foreach (var e in list)
        {
            WriteEvent(w, e, cancelled: e.Cancelled || method == "CANCEL");
        }

        w.Line("END:VCALENDAR");
        return w.ToString();
    }

    private static string? CheckMethod(string? method)
    {
        if (method is null)
        {
            return null;
        }

        return Methods.FirstOrDefault(m => string.Equals(m, method, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"'{method}' is not a supported iTIP method: use null, {string.Join(", ", Methods)}.", nameof(method));
    }

    private static void Check(CalendarEvent? e, string paramName)
    {
        if (e is null)
        {
            throw new ArgumentException("An event is null.", paramName);
        }

        if (string.IsNullOrWhiteSpace(e.Uid))
        {
            throw new ArgumentException("An event has no UID.", paramName);
        }

        if (e.EndsOn < e.StartsOn)
        {
            throw new ArgumentException($"Event '{e.Uid}' ends on {e.EndsOn:yyyy-MM-dd}, before it starts on {e.StartsOn:yyyy-MM-dd}.", paramName);
        }

        if ((e.DailyStart is null) != (e.DailyEnd is null))
        {
            throw new ArgumentException($"Event '{e.Uid}' has only one of its daily start and end times: give both, or neither for an all-day event.", paramName);
        }

        if (e.DailyEnd <= e.DailyStart)
        {
            throw new ArgumentException($"Event '{e.Uid}' ends each day at {e.DailyEnd:HH:mm}, not after it starts at {e.DailyStart:HH:mm}.", paramName);
        }

        if (e.Sequence < 0)
        {
            throw new ArgumentException($"Event '{e.Uid}' has a negative sequence {e.Sequence}.", paramName);
        }
    }

    private static TimeZoneInfo FindZone(string id, string paramName)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            throw new ArgumentException($"'{id}' is not a known time zone id.", paramName, ex);
        }
    }

    private static void WriteEvent(ContentWriter w, CalendarEvent e, bool cancelled)
    {
        w.Line("BEGIN:VEVENT");
        w.Line("UID:" + Text(e.Uid));
        var stamp = e.StampUtc.Kind == DateTimeKind.Local ? e.StampUtc.ToUniversalTime() : e.StampUtc;
        w.Line("DTSTAMP:" + stamp.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
        if (e.DailyStart is { } start && e.DailyEnd is { } end)
        {
            var tzid = ParamValue(e.TimeZone);
            w.Line($"DTSTART;TZID={tzid}:{LocalDateTime(e.StartsOn, start)}");
            w.Line($"DTEND;TZID={tzid}:{LocalDateTime(e.StartsOn, end)}");
            var days = e.EndsOn.DayNumber - e.StartsOn.DayNumber + 1;
            if (days > 1)
            {
                w.Line("RRULE:FREQ=DAILY;COUNT=" + days.ToString(CultureInfo.InvariantCulture));
            }
        }
        else
        {
            // DTEND of a DATE value is exclusive (RFC 5545 3.6.1): the day after the last day.
            w.Line("DTSTART;VALUE=DATE:" + Date(e.StartsOn));
            // On the last day a DateOnly holds there is no day after: the same span as a duration (RFC 5545 3.8.2.5).
            w.Line(e.EndsOn == DateOnly.MaxValue
                ? "DURATION:P" + (e.EndsOn.DayNumber - e.StartsOn.DayNumber + 1).ToString(CultureInfo.InvariantCulture) + "D"
                : "DTEND;VALUE=DATE:" + Date(e.EndsOn.AddDays(1)));
        }

        w.Line("SUMMARY:" + Text(e.Summary ?? ""));
        if (!string.IsNullOrEmpty(e.Description))
        {
            w.Line("DESCRIPTION:" + Text(e.Description));
        }

        if (!string.IsNullOrEmpty(e.Location))
        {
            w.Line("LOCATION:" + Text(e.Location));
        }

        if (!string.IsNullOrWhiteSpace(e.Url))
        {
            w.Line("URL:" + WithoutControls(e.Url.Trim()));
        }

        w.Line("SEQUENCE:" + e.Sequence.ToString(CultureInfo.InvariantCulture));
        w.Line(cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");
        w.Line("TRANSP:OPAQUE");
        if (!string.IsNullOrWhiteSpace(e.OrganizerEmail))
        {
            w.Line($"ORGANIZER{CommonName(e.OrganizerName)}:{MailTo(e.OrganizerEmail)}");
        }

        if (!string.IsNullOrWhiteSpace(e.AttendeeEmail))
        {
            w.Line($"ATTENDEE{CommonName(e.AttendeeName)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:{MailTo(e.AttendeeEmail)}");
        }

        w.Line("END:VEVENT");
    }

    /// <summary>
    /// A VTIMEZONE with the offsets the zone actually used from local Jan 1 of <paramref name="firstYear"/> to the end of
    /// <paramref name="lastYear"/>, found by asking <see cref="TimeZoneInfo"/> rather than by translating its adjustment
    /// rules, so historical and irregular changes come out as the zone database has them. Each change is written as its
    /// own observance (no RRULE), headed by one giving the offset in force when the range starts.
    /// </summary>
    private static void WriteTimeZone(ContentWriter w, string id, TimeZoneInfo zone, int firstYear, int lastYear)
    {
        var from = WallToUtc(zone, new DateTime(firstYear, 1, 1, 0, 0, 0, DateTimeKind.Unspecified));
        var until = WallToUtc(zone, new DateTime(lastYear, 12, 31, 23, 59, 59, DateTimeKind.Unspecified));

        w.Line("BEGIN:VTIMEZONE");
        w.Line("TZID:" + Text(id));
        var offset = zone.GetUtcOffset(from);
        WriteObservance(w, zone, from, offset, offset);
        for (var t = from; t < until;)
        {
            var next = until - t > TimeSpan.FromHours(1) ? t.AddHours(1) : until;
            if (zone.GetUtcOffset(next) == offset)
            {
                t = next;
                continue;
            }

            // Carry on from the change itself, so a second change within the same hour is still found.
            t = FirstChange(zone, t, next, offset);
            var to = zone.GetUtcOffset(t);
            WriteObservance(w, zone, t, offset, to);
            offset = to;
        }

        w.Line("END:VTIMEZONE");
    }

    /// <summary>
    /// One STANDARD or DAYLIGHT observance starting at <paramref name="onsetUtc"/>. Its DTSTART is the wall time just
    /// before the onset, in the offset it replaces (RFC 5545 3.6.5): 01:00 for London's spring change, 02:00 for autumn.
    /// </summary>
    private static void WriteObservance(ContentWriter w, TimeZoneInfo zone, DateTime onsetUtc, TimeSpan offsetFrom, TimeSpan offsetTo)
    {
        var daylight = zone.IsDaylightSavingTime(onsetUtc);
        var kind = daylight ? "DAYLIGHT" : "STANDARD";
        w.Line("BEGIN:" + kind);
        w.Line("DTSTART:" + (onsetUtc + offsetFrom).ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture));
        w.Line("TZOFFSETFROM:" + UtcOffset(offsetFrom));
        w.Line("TZOFFSETTO:" + UtcOffset(offsetTo));
        w.Line("TZNAME:" + Text(daylight ? zone.DaylightName : zone.StandardName));
        w.Line("END:" + kind);
    }

    /// <summary>The first whole second in (<paramref name="before"/>, <paramref name="after"/>] whose offset is not <paramref name="offset"/>.</summary>
    private static DateTime FirstChange(TimeZoneInfo zone, DateTime before, DateTime after, TimeSpan offset)
    {
        while (after - before > TimeSpan.FromSeconds(1))
        {
            var mid = before.AddSeconds(Math.Floor((after - before).TotalSeconds / 2));
            if (zone.GetUtcOffset(mid) == offset)
            {
                before = mid;
            }
            else
            {
                after = mid;
            }
        }

        return after;
    }

    /// <summary>The UTC instant of a wall time in the zone (either one when it is skipped or repeated; it only bounds a range).</summary>
    private static DateTime WallToUtc(TimeZoneInfo zone, DateTime wall)
    {
        var guess = Utc(wall.Ticks - zone.GetUtcOffset(Utc(wall.Ticks)).Ticks);
        return Utc(wall.Ticks - zone.GetUtcOffset(guess).Ticks);
    }

    private static DateTime Utc(long ticks) => new(Math.Clamp(ticks, DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Utc);

    /// <summary>RFC 5545 3.3.14: +hhmm or -hhmm, with seconds only when there are any; zero is +0000, never -0000.</summary>
    private static string UtcOffset(TimeSpan offset)
    {
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var abs = offset.Duration();
        var text = sign + ((int)abs.TotalHours).ToString("00", CultureInfo.InvariantCulture) + abs.Minutes.ToString("00", CultureInfo.InvariantCulture);
        return abs.Seconds == 0 ? text : text + abs.Seconds.ToString("00", CultureInfo.InvariantCulture);
    }

    private static string Date(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string LocalDateTime(DateOnly date, TimeOnly time) =>
        Date(date) + "T" + time.ToString("HHmmss", CultureInfo.InvariantCulture);

    /// <summary>
    /// A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, a line break written as \n. CR is
    /// dropped (so CRLF becomes one \n), as are the other control characters TEXT may not hold, except tab.
    /// </summary>
    private static string Text(string value)
    {
        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case ';': sb.Append(@"\;"); break;
                case ',': sb.Append(@"\,"); break;
                case '\n': sb.Append(@"\n"); break;
                case '\t': sb.Append(c); break;
                case < ' ' or '\u007f': break;
                default: sb.Append(c); break;
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// A parameter value (RFC 5545 3.2): a double quote cannot appear even quoted, so it is dropped, and a value holding
    /// ':', ';' or ',' is quoted so it is not read as the end of the parameter.
    /// </summary>
    private static string ParamValue(string value)
    {
        var clean = WithoutControls(value).Replace("\"", "", StringComparison.Ordinal);
        return clean.AsSpan().IndexOfAny(":;,") >= 0 ? "\"" + clean + "\"" : clean;
    }

    private static string CommonName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "" : ";CN=" + ParamValue(name.Trim());

    private static string MailTo(string email) => "mailto:" + WithoutControls(email.Trim());

    /// <summary>Control characters would break the line structure of a value that has no escapes (URIs, parameters).</summary>
    private static string WithoutControls(string value) =>
        value.Any(char.IsControl) ? new string(value.Where(c => !char.IsControl(c)).ToArray()) : value;

    /// <summary>Accumulates content lines, each folded at 75 octets of UTF-8 and ended with CRLF.</summary>
    private sealed class ContentWriter
    {
        private readonly StringBuilder _text = new();

        /// <summary>
        /// Appends one content line, folding it with CRLF and a space (which counts toward the next line's 75 octets)
        /// between whole characters, so no UTF-8 sequence or surrogate pair is ever split.
        /// </summary>
        public void Line(string line)
        {
            var octets = 0;
            for (var i = 0; i < line.Length;)
            {
                var pair = char.IsHighSurrogate(line[i]) && i + 1 < line.Length && char.IsLowSurrogate(line[i + 1]);
                var chars = pair ? 2 : 1;
                var bytes = pair ? 4 : Utf8Octets(line[i]);
                if (octets + bytes > MaxLineOctets)
                {
                    _text.Append("\r\n ");
                    octets = 1;
                }

                _text.Append(line, i, chars);
                octets += bytes;
                i += chars;
            }

            _text.Append("\r\n");
        }

        // A lone surrogate is encoded as U+FFFD, three octets.
        private static int Utf8Octets(char c) => c < 0x80 ? 1 : c < 0x800 ? 2 : 3;

        public override string ToString() => _text.ToString();
    }
}
