namespace PmoPath.Data;

/// <summary>
/// Where one database file has one writer at a time (SQLite), the app queues its contended write transactions
/// itself, one at a time in this process, waiting without holding a thread. Without it a writer that finds the
/// file locked sleeps and retries (Microsoft.Data.Sqlite waits 150 ms a try, blocking its thread), so fifty
/// people booking one session wait seconds for a lock each holds for a millisecond. It orders the queue only:
/// the database still guarantees the count (docs/adr/0007), also for a second process on the same file. On a
/// server database with row locks (PostgreSQL) the queue is open and writers go straight to the database.
/// </summary>
public sealed class WriteQueue(bool oneAtATime)
{
    private readonly SemaphoreSlim? _turn = oneAtATime ? new SemaphoreSlim(1, 1) : null;

    /// <summary>Runs <paramref name="work"/> when it is this writer's turn.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        if (_turn is null)
            return await work();
        await _turn.WaitAsync(ct);
        try
        {
            return await work();
        }
        finally
        {
            _turn.Release();
        }
    }
}
