namespace PmoPath;

/// <summary>
/// Input that breaks a rule of the domain. Each error names the field (a JSON path such as
/// <c>certifications[0].code</c>, a query parameter, or a CSV row) so the caller can mend it.
/// The web app turns it into a 400 problem-details answer; the CLI prints it and exits with 2.
/// </summary>
public sealed class InvalidInputException : Exception
{
    public InvalidInputException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] })
    {
    }

    public InvalidInputException(IReadOnlyDictionary<string, string[]> errors)
        : base(string.Join("\n", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))))
    {
        Errors = errors;
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }
}

/// <summary>Something asked for by its code or id does not exist (or is not the caller's to see).</summary>
public sealed class NotFoundException(string what, string key) : Exception($"There is no {what} '{key}'.")
{
    public string What { get; } = what;
    public string Key { get; } = key;
}
