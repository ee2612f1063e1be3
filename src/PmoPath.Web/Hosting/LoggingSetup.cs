using Microsoft.Extensions.Logging.Console;

namespace PmoPath.Web.Hosting;

/// <summary>
/// Logs an operator can feed to a log store: with <c>Logging:Console:FormatterName=json</c> (environment
/// <c>Logging__Console__FormatterName=json</c>) each entry is one JSON line whose scopes carry the request's
/// <c>RequestId</c> and <c>RequestPath</c> and the <c>TraceId</c>/<c>SpanId</c> of its activity, with a UTC
/// timestamp. The default stays ASP.NET Core's readable text. Entries never carry a person's name, email or
/// employee id: messages name ids and counts only.
/// </summary>
public static class LoggingSetup
{
    public static IHostApplicationBuilder AddPmoPathLogging(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<JsonConsoleFormatterOptions>(json =>
        {
            // Without scopes a JSON line cannot be tied to its request; that is what the format is chosen for.
            json.IncludeScopes = true;
            json.UseUtcTimestamp = true;
            json.TimestampFormat ??= "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        // Probes call /health/ready every few seconds; its body says why an instance is not ready, so each unready
        // answer is not also logged as an error (it would flood the log while an instance starts).
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.Critical);
        return builder;
    }
}

/// <summary>Expected refusals, logged at information level (an operator counts them; they are not faults).</summary>
internal static partial class RefusalLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} answered 429: rate limit reached, retry after {RetryAfterSeconds} s")]
    public static partial void RateLimited(ILogger logger, string method, PathString path, int retryAfterSeconds);
}
