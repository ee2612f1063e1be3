using System.Globalization;

namespace PmoPath;

/// <summary>
/// The dates PmoPath accepts anywhere — sessions, records, jobs, requests, the advisor's "as of": 1950-01-01 to
/// 2100-12-31. Nothing a PMO plans or records lies outside, and inside it every date sum the app makes (a renew-by
/// date years ahead, the day after a session's last day in a calendar) stays far from <see cref="DateOnly.MaxValue"/>.
/// </summary>
public static class DateBounds
{
    public static readonly DateOnly Earliest = new(1950, 1, 1);
    public static readonly DateOnly Latest = new(2100, 12, 31);

    public static bool Contains(DateOnly date) => date >= Earliest && date <= Latest;

    /// <summary>What to tell the sender of a date outside the range.</summary>
    public static string Problem(DateOnly date) =>
        $"{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} is outside the dates PmoPath accepts, {Earliest:yyyy-MM-dd} to {Latest:yyyy-MM-dd}.";
}
