using System.Globalization;
using PmoPath.Sessions;

namespace PmoPath.Web.Components.Sessions;

/// <summary>
/// One month of the schedule as Monday-first weeks. Days of the neighbouring months fill the first and last
/// week and carry no sessions; a session appears on every one of its days inside the month.
/// </summary>
internal sealed class MonthCalendar
{
    private MonthCalendar(DateOnly first, IReadOnlyList<SessionView> sessions)
    {
        First = first;
        Last = first.AddMonths(1).AddDays(-1);
        Sessions = sessions;
    }

    public DateOnly First { get; }
    public DateOnly Last { get; }
    public IReadOnlyList<SessionView> Sessions { get; }

    public string Title => First.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
    public string Previous => Key(First.AddMonths(-1));
    public string Next => Key(First.AddMonths(1));

    /// <summary>Monday, Tuesday … Sunday: the grid's columns.</summary>
    public static readonly DayOfWeek[] Columns =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public static MonthCalendar For(DateOnly first, IReadOnlyList<SessionView> sessions) =>
        new(new DateOnly(first.Year, first.Month, 1), sessions);

    /// <summary>The month in the address (<c>yyyy-MM</c>); null when it is not one.</summary>
    public static DateOnly? Parse(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            && month.Year is >= 2000 and <= 2200
            ? month
            : null;

    public static string Key(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The weeks of the grid, each seven days from Monday; the first holds the 1st, the last the month's last day.</summary>
    public IEnumerable<DateOnly[]> Weeks()
    {
        var monday = First.AddDays(-(((int)First.DayOfWeek + 6) % 7));
        for (var start = monday; start <= Last; start = start.AddDays(7))
            yield return [.. Enumerable.Range(0, 7).Select(start.AddDays)];
    }

    public bool InMonth(DateOnly day) => day >= First && day <= Last;

    /// <summary>The sessions running on the day (none for a day of another month).</summary>
    public IEnumerable<SessionView> On(DateOnly day) =>
        InMonth(day) ? Sessions.Where(s => s.StartsOn <= day && day <= s.EndsOn) : [];
}
