using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PmoPath.Bench;

/// <summary>
/// What the booking benchmark measures inside the app besides the clients' latencies, independent of how busy the
/// machine is: the database commands every booking cost (all of them in the process, the background senders' too,
/// and those inside a transaction), the commits, the time each booking held its session's lock
/// (<c>pmopath.bookings.lock_held</c>) and the transactions run again (<c>pmopath.bookings.retries</c>).
/// </summary>
public sealed class BookingProbe : IDisposable, IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private readonly MeterListener _meters = new();
    private readonly IDisposable _subscription;
    private readonly List<IDisposable> _listeners = [];
    private readonly ConcurrentQueue<double> _lockHeld = new();
    private long _commands;
    private long _inTransaction;
    private long _commits;
    private long _retries;

    public BookingProbe()
    {
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == PmoPathMetrics.MeterName && instrument.Name is "pmopath.bookings.lock_held" or "pmopath.bookings.retries")
                listener.EnableMeasurementEvents(instrument);
        };
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (IsBooking(tags))
                _lockHeld.Enqueue(value * 1000);
        });
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (IsBooking(tags))
                Interlocked.Add(ref _retries, value);
        });
        _meters.Start();
        _subscription = DiagnosticListener.AllListeners.Subscribe(this);
    }

    private static bool IsBooking(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
            if (tag.Key == "operation")
                return tag.Value as string == "book";
        return false;
    }

    /// <summary>Starts counting afresh.</summary>
    public void Reset()
    {
        _lockHeld.Clear();
        Interlocked.Exchange(ref _commands, 0);
        Interlocked.Exchange(ref _inTransaction, 0);
        Interlocked.Exchange(ref _commits, 0);
        Interlocked.Exchange(ref _retries, 0);
    }

    /// <summary>The counts since <see cref="Reset"/>, per booking, and the lock's hold time in milliseconds.</summary>
    public Reading Read(int bookings)
    {
        var held = _lockHeld.ToArray();
        Array.Sort(held);
        double Per(long count) => (double)count / Math.Max(1, bookings);
        return new Reading(Per(Interlocked.Read(ref _commands)), Per(Interlocked.Read(ref _inTransaction)), Per(Interlocked.Read(ref _commits)),
            Interlocked.Read(ref _retries), Percentile(held, 0.5), Percentile(held, 0.99));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    public sealed record Reading(double Commands, double InTransaction, double Commits, long Retries, double LockHeldP50, double LockHeldP99);

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
            lock (_listeners)
                _listeners.Add(listener.Subscribe(this, name =>
                    name == RelationalEventId.CommandExecuted.Name || name == RelationalEventId.TransactionCommitted.Name));
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.TransactionCommitted.Name)
            Interlocked.Increment(ref _commits);
        else if (value.Value is CommandExecutedEventData executed)
        {
            Interlocked.Increment(ref _commands);
            if (executed.Command.Transaction is not null)
                Interlocked.Increment(ref _inTransaction);
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted() { }
    void IObserver<DiagnosticListener>.OnError(Exception error) { }
    void IObserver<KeyValuePair<string, object?>>.OnCompleted() { }
    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error) { }

    public void Dispose()
    {
        _meters.Dispose();
        _subscription.Dispose();
        lock (_listeners)
            foreach (var listener in _listeners)
                listener.Dispose();
    }
}
