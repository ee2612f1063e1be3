namespace PmoPath.Data;

/// <summary>
/// Where one database file has one writer at a time (SQLite), the app queues its contended write transactions
/// itself, one at a time in this process, waiting without holding a thread. Without it a writer that finds the
/// file locked sleeps and retries (Microsoft.Data.Sqlite waits 150 ms a try, blocking its thread), so fifty
/// people booking one session wait seconds for a lock each holds for a millisecond. It orders the queue only:
/// the database still guarantees the count (docs/adr/0007), also for a second process on the same file.
/// On a server database with row locks (PostgreSQL) writers of different rows go straight to the database, and
/// writers of one row (a session's bookings) queue here too, by the row: otherwise every one of them would hold a
/// pooled connection while it waits for the row lock, and a popular session would take the whole pool, leaving the
/// other requests (and the bookings' own reads before their transactions) waiting for a connection (docs/adr/0043).
/// </summary>
public sealed class WriteQueue(bool oneAtATime)
{
    /// <summary>Rows share a turn by the hash of their key: two sessions rarely share one, and sharing costs order, never correctness.</summary>
    private const int Stripes = 64;

    private readonly SemaphoreSlim? _turn = oneAtATime ? new SemaphoreSlim(1, 1) : null;
    private readonly SemaphoreSlim[] _rows = [.. Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>Runs <paramref name="work"/> when it is this writer's turn.</summary>
    public Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken ct) =>
        _turn is null ? work() : InTurnAsync(_turn, work, ct);

    /// <summary>Runs <paramref name="work"/>, which locks the row <paramref name="row"/>, when it is this writer's turn: the file's, or the row's.</summary>
    public Task<T> RunAsync<T>(Guid row, Func<Task<T>> work, CancellationToken ct) =>
        InTurnAsync(_turn ?? _rows[(row.GetHashCode() & int.MaxValue) % Stripes], work, ct);

    private static async Task<T> InTurnAsync<T>(SemaphoreSlim turn, Func<Task<T>> work, CancellationToken ct)
    {
        await turn.WaitAsync(ct);
        try
        {
            return await work();
        }
        finally
        {
            turn.Release();
        }
    }
}
