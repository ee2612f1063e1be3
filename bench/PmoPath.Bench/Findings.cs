using System.Globalization;

namespace PmoPath.Bench;

/// <summary>
/// One line of <c>bench/run</c>'s summary: a figure, the practical limit measured beside it in the same run, their
/// ratio, and the goal it is held to (<see cref="Met"/> is null where there is no goal, such as a memory figure).
/// </summary>
public sealed record Finding(string What, string Figure, string Limit, string Ratio, string Goal, bool? Met)
{
    public static string Ms(double milliseconds) => string.Create(CultureInfo.InvariantCulture, $"{milliseconds:0.0} ms");

    public static string Times(double ratio) => string.Create(CultureInfo.InvariantCulture, $"{ratio:0.00}×");

    public static string Share(double ratio) => string.Create(CultureInfo.InvariantCulture, $"{ratio:P0}");

    /// <summary>Prints the findings as one table, each with "met", "NOT MET" or nothing.</summary>
    public static void Print(string title, IReadOnlyList<Finding> findings)
    {
        int W(Func<Finding, string> column, string header) => Math.Max(header.Length, findings.Count == 0 ? 0 : findings.Max(f => column(f).Length));
        var (what, figure, limit, ratio, goal) = (W(f => f.What, "what"), W(f => f.Figure, "figure"), W(f => f.Limit, "limit (same run)"), W(f => f.Ratio, "ratio"), W(f => f.Goal, "goal"));
        Console.WriteLine();
        Console.WriteLine(title);
        Console.WriteLine($"{"what".PadRight(what)}  {"figure".PadLeft(figure)}  {"limit (same run)".PadLeft(limit)}  {"ratio".PadLeft(ratio)}  {"goal".PadRight(goal)}  result");
        foreach (var f in findings)
            Console.WriteLine($"{f.What.PadRight(what)}  {f.Figure.PadLeft(figure)}  {f.Limit.PadLeft(limit)}  {f.Ratio.PadLeft(ratio)}  {f.Goal.PadRight(goal)}  {f.Met switch { true => "met", false => "NOT MET", null => "" }}");
        var goals = findings.Count(f => f.Met is not null);
        Console.WriteLine($"{findings.Count(f => f.Met == true)} of {goals} goals met; load average {Load()}.");
    }

    public static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    /// <summary>The peak resident memory (VmHWM) of a process, in MB; this process's by default.</summary>
    public static long PeakMegabytes(string pid = "self")
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? -1 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}
