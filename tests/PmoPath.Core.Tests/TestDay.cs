namespace PmoPath.Core.Tests;

/// <summary>
/// "Today" for the Core tests that need one: the day the web and CLI tests' clocks stand at (TestClock.Start in
/// PmoPath.TestSupport), after the default framework's sources were checked.
/// </summary>
internal static class TestDay
{
    public static readonly DateOnly Today = new(2027, 1, 11);
}
