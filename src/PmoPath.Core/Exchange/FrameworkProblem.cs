namespace PmoPath.Exchange;

/// <summary>One thing wrong with a framework file, at a JSON path such as <c>courses[3].prerequisites[0].course</c>.</summary>
public sealed record FrameworkProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>A framework file was refused; every problem found is listed and nothing was changed.</summary>
public sealed class FrameworkImportException(IReadOnlyList<FrameworkProblem> problems)
    : Exception(Describe(problems))
{
    public IReadOnlyList<FrameworkProblem> Problems { get; } = problems;

    private static string Describe(IReadOnlyList<FrameworkProblem> problems) =>
        $"The framework file has {problems.Count} problem{(problems.Count == 1 ? "" : "s")}:\n" +
        string.Join("\n", problems.Select(p => "  " + p));
}
