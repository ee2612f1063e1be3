using Microsoft.Extensions.Time.Testing;

namespace PmoPath.Testing;

/// <summary>
/// The time every test starts at. Each app a test starts (<see cref="TestApp.Clock"/>) and each CLI run gets a
/// <see cref="FakeTimeProvider"/> standing still at <see cref="Start"/>, so a test that computes "today" agrees with
/// the server whatever the real time is; a test that needs time to pass advances its own app's clock. No test reads
/// the real clock (BannedSymbols.txt). <see cref="Start"/> is a Monday morning after the day the default framework's
/// sources were last checked (a source cannot be checked in the future); move it on when they are checked again.
/// </summary>
public static class TestClock
{
    public static readonly DateTimeOffset Start = new(2027, 1, 11, 9, 30, 0, TimeSpan.Zero);

    /// <summary>The day of <see cref="Start"/>.</summary>
    public static DateOnly Today => DateOnly.FromDateTime(Start.UtcDateTime);

    /// <summary><see cref="Start"/> as the UTC <see cref="DateTime"/> the entities store.</summary>
    public static DateTime UtcNow => Start.UtcDateTime;

    /// <summary>A new clock standing at <see cref="Start"/> (or at <paramref name="at"/>).</summary>
    public static FakeTimeProvider New(DateTimeOffset? at = null) => new(at ?? Start);
}
