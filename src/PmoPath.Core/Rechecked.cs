namespace PmoPath;

/// <summary>
/// A value loaded from the database and kept per process, trusted for a short interval; after it the next reader
/// runs one cheap check (a revision, a fingerprint) and reloads the value only when that changed. One reader checks
/// at a time and the others wait for its answer, so a busy instance asks the database once an interval. The
/// framework snapshot and the public schedule are kept this way (docs/adr/0002, docs/adr/0015).
/// </summary>
public sealed class Rechecked<T>(TimeProvider clock, TimeSpan interval) : IDisposable where T : class
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private T? _value;
    private DateTimeOffset _checkedAt;

    /// <summary>
    /// The value, refreshed first when the interval has passed: <paramref name="refresh"/> is given the value held
    /// (null before the first load) and returns it unchanged when the check finds it current, or a newly loaded one.
    /// </summary>
    public async Task<T> GetAsync(Func<T?, CancellationToken, Task<T>> refresh, CancellationToken ct = default)
    {
        var cached = _value;
        if (cached is not null && Fresh)
            return cached;

        await _loading.WaitAsync(ct);
        try
        {
            if (_value is not null && Fresh)
                return _value;
            _value = await refresh(_value, ct);
            _checkedAt = clock.GetUtcNow();
            return _value;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Makes the next reader check the database: something changed in this process.</summary>
    public void Recheck() => _checkedAt = DateTimeOffset.MinValue;

    /// <summary>Makes the next reader load the value afresh, whatever the check would say.</summary>
    public void Clear() => _value = null;

    public void Dispose() => _loading.Dispose();

    private bool Fresh => clock.GetUtcNow() - _checkedAt < interval;
}
