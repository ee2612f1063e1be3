namespace PmoPath;

/// <summary>The one spelling of "today" in PmoPath: the UTC calendar day of the injected clock.</summary>
public static class TodayExtensions
{
    /// <summary>Today's date in UTC, as <paramref name="clock"/> tells it (a fake clock in tests).</summary>
    public static DateOnly Today(this TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
