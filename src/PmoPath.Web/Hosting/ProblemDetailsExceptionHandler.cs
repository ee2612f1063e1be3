using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using PmoPath.Exchange;

namespace PmoPath.Web.Hosting;

/// <summary>
/// Turns the domain's few exceptions into problem-details answers that name the field. These are expected answers
/// (a refused input, a conflict), logged at information level with the status and the kind of refusal, never the
/// message (which may quote a person's input) nor a stack trace.
/// </summary>
public sealed partial class ProblemDetailsExceptionHandler(ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        IResult? result = exception switch
        {
            InvalidInputException invalid => TypedResults.ValidationProblem(
                invalid.Errors.ToDictionary(e => e.Key, e => e.Value), title: "The request has invalid fields."),
            FrameworkImportException import => TypedResults.ValidationProblem(
                import.Problems.GroupBy(p => p.Path).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
                title: "The framework file was refused; nothing was changed."),
            ForbiddenException forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: forbidden.Message),
            ConflictException conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: conflict.Message),
            NotFoundException notFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: notFound.Message),
            BadHttpRequestException { InnerException: System.Text.Json.JsonException json } bad when JsonField.Of(json.Path) is { } field =>
                TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [json.Message] }, detail: $"{bad.Message} {json.Message}", title: "Bad request"),
            BadHttpRequestException { InnerException: System.Text.Json.JsonException json } bad => TypedResults.Problem(statusCode: bad.StatusCode, title: "Bad request",
                detail: $"{bad.Message} {json.Message}"),
            BadHttpRequestException bad => TypedResults.Problem(statusCode: bad.StatusCode, title: "Bad request", detail: bad.Message),
            _ when DatabaseBusy(exception) => Busy(httpContext),
            _ => null,
        };
        if (result is null)
            return false;
        await result.ExecuteAsync(httpContext);
        var refusal = exception.GetType().Name;
        Answered(logger, httpContext.Request.Method, httpContext.Request.Path, httpContext.Response.StatusCode, refusal);
        return true;
    }

    /// <summary>Seconds a client is asked to wait when the database has no connection free for it.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>
    /// The database could not serve the request in time for a reason that passes: no pooled connection came free
    /// within <c>Database:ConnectionWaitSeconds</c>, the server refused for now, or EF Core's retries ran out on such a
    /// failure. Nothing was written (a transaction that cannot start or commit is rolled back).
    /// </summary>
    private static bool DatabaseBusy(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is System.Data.Common.DbException { IsTransient: true } or TimeoutException or Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException)
                return true;
        return false;
    }

    private static ProblemHttpResult Busy(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Busy",
            detail: $"The database has no connection free for this request; nothing was changed. Try again in {RetryAfterSeconds} seconds.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} answered {StatusCode}: {Refusal}")]
    private static partial void Answered(ILogger logger, string method, PathString path, int statusCode, string refusal);
}

internal static class ValidationProblemExtensions
{
    /// <summary>A 400 answer naming one field, as the API's validation errors do.</summary>
    public static ValidationProblem Field(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request has invalid fields.");
}

/// <summary>The field a JSON error is about, from its path: <c>$.certificates[0].achievedOn</c> is <c>certificates[0].achievedOn</c>.</summary>
public static class JsonField
{
    public static string? Of(string? path) =>
        path is { Length: > 2 } && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
}
