using System.Data.Common;
using System.Diagnostics;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using PmoPath.Accounts;

namespace PmoPath.Web.Hosting;

/// <summary>
/// The <c>RateLimits</c> configuration section: how many requests one client address may make in each window,
/// counted across every web instance (docs/adr/0010).
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>The length of every limit's window, in seconds.</summary>
    public int WindowSeconds { get; set; } = 60;

    /// <summary>Posts to the account forms (sign-in, password reset, invitation).</summary>
    public int SignIn { get; set; } = 10;

    /// <summary>API calls without a valid bearer token.</summary>
    public int AnonymousApi { get; set; } = 300;

    /// <summary>Advice for a profile that is not stored: <c>POST /api/advice</c> and the career guide page.</summary>
    public int Advice { get; set; } = 60;
}

/// <summary>
/// Makes the rate limiters of the app's limits. Each client's limiter draws permits from the window it shares
/// with the other instances (<see cref="SharedRateCounter"/>) a block at a time, and hands them out from
/// memory: a client never gets more than the limit in a window, however many instances serve it, and most
/// requests cost no database round trip.
/// </summary>
public sealed class SharedRateLimits(SharedRateCounter counter, TimeProvider clock, IOptions<RateLimitOptions> options, ILogger<SharedRateLimits> logger)
{
    /// <summary>
    /// A block is a twentieth of the limit (one permit for small limits, so those are exact). A client served
    /// by N instances may get up to (N − 1) blocks fewer than the limit in a window, never more.
    /// </summary>
    private const int BlocksPerLimit = 20;

    private long _prunedAt;

    public RateLimitOptions Options => options.Value;

    /// <summary>The limiter for <paramref name="key"/>, allowing <paramref name="limit"/> requests a window.</summary>
    public RateLimitPartition<string> Partition(string key, int limit) =>
        RateLimitPartition.Get(key, k => new SharedWindowLimiter(this, k, limit));

    internal long WindowMilliseconds => Options.WindowSeconds * 1000L;

    internal long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    internal static int BlockOf(int limit) => Math.Max(1, limit / BlocksPerLimit);

    /// <summary>
    /// Takes up to <paramref name="wanted"/> permits from the shared window. If the database cannot be reached the
    /// request is let through (the limits protect the app; they should not take it down with the database).
    /// </summary>
    internal async Task<RateGrant> DrawAsync(string key, int wanted, int limit, CancellationToken ct)
    {
        var now = Now();
        try
        {
            await PruneNowAndThenAsync(now, ct);
            return await counter.TakeAsync(key, now, WindowMilliseconds, wanted, limit, ct);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException)
        {
            logger.LogWarning(e, "The shared rate-limit window for {Key} could not be read; the request is let through.", key);
            return new RateGrant(wanted, now);
        }
    }

    /// <summary>Once a window on each instance, windows closed for a whole window's length are deleted.</summary>
    private async Task PruneNowAndThenAsync(long now, CancellationToken ct)
    {
        var last = Interlocked.Read(ref _prunedAt);
        if (now - last >= WindowMilliseconds && Interlocked.CompareExchange(ref _prunedAt, now, last) == last)
            await counter.PruneAsync(now - 2 * WindowMilliseconds, ct);
    }
}

/// <summary>One client's limit on this instance: the permits it holds of the client's current shared window.</summary>
internal sealed class SharedWindowLimiter(SharedRateLimits limits, string key, int limit) : RateLimiter
{
    private static readonly RateLimitLease Granted = new Lease(true, null);

    /// <summary>Not held here: the middleware then calls <see cref="AcquireAsyncCore"/>, which asks the database.</summary>
    private static readonly RateLimitLease AskShared = new Lease(false, null);

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _drawing = new(1, 1);
    private long _windowEnd = long.MinValue;
    private int _held;
    private bool _spent;
    private long _lastUsed = Stopwatch.GetTimestamp();

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
                // Permits held for an open window would be lost with the limiter, so it is not idle then.
                return _held > 0 && limits.Now() < _windowEnd ? null : Stopwatch.GetElapsedTime(_lastUsed);
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
            return new RateLimiterStatistics { CurrentAvailablePermits = _held };
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_gate)
            return HandOut(permitCount, limits.Now()) ?? AskShared;
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        await _drawing.WaitAsync(cancellationToken);
        try
        {
            lock (_gate)
                if (HandOut(permitCount, limits.Now()) is { } answer)
                    return answer;
            var wanted = Math.Max(permitCount, SharedRateLimits.BlockOf(limit));
            var grant = await limits.DrawAsync(key, wanted, limit, cancellationToken);
            lock (_gate)
            {
                (_windowEnd, _held, _spent) = (grant.WindowStart + limits.WindowMilliseconds, grant.Granted, grant.Granted < wanted);
                return HandOut(permitCount, limits.Now()) ?? Refused(limits.Now());
            }
        }
        finally
        {
            _drawing.Release();
        }
    }

    /// <summary>The answer from what this instance holds, or null when the shared window must be asked.</summary>
    private RateLimitLease? HandOut(int permits, long now)
    {
        _lastUsed = Stopwatch.GetTimestamp();
        if (now >= _windowEnd)
            return null;
        if (_held >= permits)
        {
            _held -= permits;
            return Granted;
        }
        return _spent ? Refused(now) : null;
    }

    /// <summary>The name of the limit a refusal came from ("sign-in" style, never the address), for the rejection counter.</summary>
    public static readonly MetadataName<string> LimitName = MetadataName.Create<string>("PmoPath.Limit");

    private Lease Refused(long now) => new(false, TimeSpan.FromMilliseconds(Math.Max(0, _windowEnd - now)), key[..Math.Max(0, key.IndexOf(':', StringComparison.Ordinal))]);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _drawing.Dispose();
        base.Dispose(disposing);
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter, string? limit = null) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames =>
            [.. retryAfter is null ? Array.Empty<string>() : [MetadataName.RetryAfter.Name], .. limit is null ? Array.Empty<string>() : [LimitName.Name]];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is not null && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = retryAfter;
                return true;
            }
            metadata = limit;
            return limit is not null && metadataName == LimitName.Name;
        }
    }
}
