using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PmoPath;

/// <summary>
/// PmoPath's own measurements, on the meter <see cref="MeterName"/> (docs/adr/0026). Core records them through
/// <see cref="System.Diagnostics.Metrics"/> alone; the web host decides whether anything listens (a Prometheus
/// scrape, an OTLP collector) and a host that exports nothing pays almost nothing. The Prometheus names are the
/// instrument names with dots as underscores, the unit as a suffix (<c>_seconds</c>) and <c>_total</c> on counters:
/// <c>pmopath.bookings</c> is scraped as <c>pmopath_bookings_total</c>. Tags have a few fixed values each, never an
/// id or a name: a metric series per person would both leak and explode.
/// </summary>
public sealed class PmoPathMetrics
{
    public const string MeterName = "PmoPath";

    /// <summary>Seconds, from a millisecond to a minute: an advice answer takes milliseconds, an organisation view of 100,000 people seconds.</summary>
    private static readonly IReadOnlyList<double> DurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly Counter<long> _bookings;
    private readonly Counter<long> _adviceRequests;
    private readonly Histogram<double> _adviceDuration;
    private readonly Counter<long> _imports;
    private readonly Counter<long> _importRows;
    private readonly Counter<long> _importProblems;
    private readonly Counter<long> _mailSent;
    private readonly Counter<long> _mailFailures;
    private readonly Counter<long> _viewRequests;
    private readonly Counter<long> _viewComputations;
    private readonly Histogram<double> _viewDuration;
    private readonly Counter<long> _rateLimitRejections;
    private readonly Histogram<double> _seatLockHeld;
    private readonly Counter<long> _seatRetries;
    private long _outboxDepth = -1;

    public PmoPathMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _bookings = meter.CreateCounter<long>("pmopath.bookings", "{booking}",
            "Booking changes by the status taken: confirmed or waitlisted when booked, cancelled, promoted from the waitlist.");
        _adviceRequests = meter.CreateCounter<long>("pmopath.advice.requests", "{request}",
            "Advice asked for, by where it was asked (api, guide, person) and its outcome (answered, invalid).");
        _adviceDuration = meter.CreateHistogram("pmopath.advice.duration", "s",
            "Time to compute one advice answer, by where it was asked.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _imports = meter.CreateCounter<long>("pmopath.imports", "{import}",
            "Staff imports by outcome: applied, dry-run, refused (a problem in the file; nothing saved).");
        _importRows = meter.CreateCounter<long>("pmopath.import.rows", "{row}",
            "Rows of applied staff imports by what they did to a person: created, updated, unchanged, removed.");
        _importProblems = meter.CreateCounter<long>("pmopath.import.problems", "{problem}",
            "Problems found in refused staff import files (each names a row and column to the importer).");
        _mailSent = meter.CreateCounter<long>("pmopath.mail.sent", "{message}", "Messages delivered from the mail outbox.");
        _mailFailures = meter.CreateCounter<long>("pmopath.mail.failures", "{message}",
            "Failed deliveries from the mail outbox, by result: retrying (sent again later) or abandoned.");
        meter.CreateObservableGauge("pmopath.mail.outbox.depth", ObserveOutboxDepth, "{message}",
            "Messages in the outbox not yet sent nor abandoned, as this instance last read the shared table.");
        _viewRequests = meter.CreateCounter<long>("pmopath.organisation_view.requests", "{request}",
            "Requests for an organisation view, by whether they shared a computation another request started (shared=true).");
        _viewComputations = meter.CreateCounter<long>("pmopath.organisation_view.computations", "{computation}",
            "Organisation views computed, by outcome (ok, error).");
        _viewDuration = meter.CreateHistogram("pmopath.organisation_view.duration", "s",
            "Time to compute one organisation view.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _rateLimitRejections = meter.CreateCounter<long>("pmopath.rate_limit.rejections", "{request}",
            "Requests refused with 429 by a rate limit, by limit (account: sign-in and other account forms; api: anonymous API calls; advice).");
        _seatLockHeld = meter.CreateHistogram("pmopath.bookings.lock_held", "s",
            "Time a booking or cancellation held its session's lock, from taking it to the commit: bookings of one session queue for this long each (docs/adr/0007).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LockBuckets });
        _seatRetries = meter.CreateCounter<long>("pmopath.bookings.retries", "{retry}",
            "Booking and cancellation transactions run again from the start after a transient failure (a deadlock, a dropped connection), by operation.");
    }

    /// <summary>Seconds, from a tenth of a millisecond to a second: the session's lock is held for a few round trips.</summary>
    private static readonly IReadOnlyList<double> LockBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

    /// <summary>How long one booking (<paramref name="operation"/> "book") or cancellation ("cancel") held its session's lock.</summary>
    public void SeatLockHeld(string operation, TimeSpan held) =>
        _seatLockHeld.Record(held.TotalSeconds, new KeyValuePair<string, object?>("operation", operation));

    /// <summary>A booking or cancellation transaction is about to run again.</summary>
    public void SeatTransactionRetried(string operation) => _seatRetries.Add(1, new KeyValuePair<string, object?>("operation", operation));

    public void Booked(bool confirmed) => _bookings.Add(1, new KeyValuePair<string, object?>("status", confirmed ? "confirmed" : "waitlisted"));

    public void Cancelled(bool promotedSomeone)
    {
        _bookings.Add(1, new KeyValuePair<string, object?>("status", "cancelled"));
        if (promotedSomeone)
            _bookings.Add(1, new KeyValuePair<string, object?>("status", "promoted"));
    }

    /// <summary>Times <paramref name="advise"/> and counts it; an <see cref="InvalidInputException"/> counts as "invalid" and goes on.</summary>
    public T Advise<T>(string source, Func<T> advise)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "invalid";
        try
        {
            var answer = advise();
            outcome = "answered";
            return answer;
        }
        finally
        {
            var from = new KeyValuePair<string, object?>("source", source);
            _adviceDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, from);
            _adviceRequests.Add(1, from, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    public void ImportRefused(int problems)
    {
        _imports.Add(1, new KeyValuePair<string, object?>("outcome", "refused"));
        _importProblems.Add(problems);
    }

    public void Imported(bool dryRun, int created, int updated, int unchanged, int removed)
    {
        _imports.Add(1, new KeyValuePair<string, object?>("outcome", dryRun ? "dry-run" : "applied"));
        if (dryRun)
            return;
        Rows("created", created);
        Rows("updated", updated);
        Rows("unchanged", unchanged);
        Rows("removed", removed);
    }

    private void Rows(string outcome, int count)
    {
        if (count > 0)
            _importRows.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
    }

    public void MailDelivered(int sent, int retrying, int abandoned)
    {
        if (sent > 0)
            _mailSent.Add(sent);
        if (retrying > 0)
            _mailFailures.Add(retrying, new KeyValuePair<string, object?>("result", "retrying"));
        if (abandoned > 0)
            _mailFailures.Add(abandoned, new KeyValuePair<string, object?>("result", "abandoned"));
    }

    /// <summary>The outbox's depth as last read; nothing is reported until it has been read once.</summary>
    public void OutboxDepth(long pending) => Interlocked.Exchange(ref _outboxDepth, pending);

    private IEnumerable<Measurement<long>> ObserveOutboxDepth()
    {
        var depth = Interlocked.Read(ref _outboxDepth);
        return depth < 0 ? [] : [new Measurement<long>(depth)];
    }

    public void OrganisationViewRequested(bool shared) =>
        _viewRequests.Add(1, new KeyValuePair<string, object?>("shared", shared ? "true" : "false"));

    public void OrganisationViewComputed(TimeSpan took, bool ok)
    {
        _viewComputations.Add(1, new KeyValuePair<string, object?>("outcome", ok ? "ok" : "error"));
        _viewDuration.Record(took.TotalSeconds);
    }

    public void RateLimited(string limit) => _rateLimitRejections.Add(1, new KeyValuePair<string, object?>("limit", limit));
}
