using System.Diagnostics;

namespace PmoPath.Testing;

/// <summary>
/// How long a test waits for another process or a background service (an SMTP server, Prometheus, the mail sender):
/// elapsed time on a stopwatch, never the time of day, which the apps under test read from their own fake clocks.
/// </summary>
public readonly struct Deadline
{
    private readonly long _started;
    private readonly TimeSpan _after;

    private Deadline(TimeSpan after) => (_started, _after) = (Stopwatch.GetTimestamp(), after);

    public static Deadline In(TimeSpan after) => new(after);

    public bool Passed => Stopwatch.GetElapsedTime(_started) > _after;
}
