namespace PmoPath;

/// <summary>
/// Collects field errors so one answer names every bad field, not only the first; <see cref="ThrowIfAny"/>
/// raises them together as an <see cref="InvalidInputException"/>, before anything is saved.
/// </summary>
internal sealed class Errors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
            _errors[field] = list = [];
        list.Add(message);
    }

    public void Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
            Add(field, "This is required.");
        else if (value.Length > maxLength)
            Add(field, $"At most {maxLength} characters.");
    }

    /// <summary>Adds the field's error when the date is outside <see cref="DateBounds"/>; returns whether it is inside (or absent).</summary>
    public bool InBounds(string field, DateOnly? date)
    {
        if (date is not { } d || DateBounds.Contains(d))
            return true;
        Add(field, DateBounds.Problem(d));
        return false;
    }

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
            throw new InvalidInputException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
    }
}
