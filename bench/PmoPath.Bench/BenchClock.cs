namespace PmoPath.Bench;

/// <summary>
/// The benchmarks run the real app at the real time; this is the one place they name the system clock
/// (BannedSymbols.txt keeps it out of everything else).
/// </summary>
internal static class BenchClock
{
#pragma warning disable RS0030
    public static TimeProvider Real => TimeProvider.System;
#pragma warning restore RS0030

    public static DateTime UtcNow => Real.GetUtcNow().UtcDateTime;

    public static DateOnly Today => Real.Today();
}
