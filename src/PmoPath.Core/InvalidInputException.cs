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

/// <summary>
/// The caller may see the thing but not do this to it (a practitioner changing their manager's rating, a
/// manager editing a team member's plan). Things the caller may not even see are a <see cref="NotFoundException"/>,
/// so that ids of other organisations' people reveal nothing.
/// </summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>
/// The request is sound but clashes with the current state: a second booking of the same person on a
/// session, cancelling what is already cancelled. The web app answers 409.
/// </summary>
public sealed class ConflictException(string message) : Exception(message);
