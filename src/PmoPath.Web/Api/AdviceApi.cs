using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using PmoPath.Advice;
using PmoPath.Framework;
using PmoPath.Web.Hosting;

namespace PmoPath.Web.Api;

/// <summary>
/// Advice for a profile that need not be stored: anonymous, so rate limited per client address. The
/// career guide page shares the same limit (it carries the same policy).
/// </summary>
public static class AdviceApi
{
    public const string RateLimitPolicy = "advice";

    /// <summary>A profile is a few hundred bytes; this leaves ample room and stops a client from posting megabytes.</summary>
    public const int MaxBodyChars = 64 * 1024;

    /// <summary>The API's JSON, for the CLI's <c>--json</c> to print exactly what the API returns.</summary>
    public static JsonSerializerOptions Json { get; } = CreateJson();

    public static WebApplicationBuilder AddAdviceApi(this WebApplicationBuilder builder)
    {
        // The rejection answer (429 problem details, Retry-After) is the app's one, set in AddPmoPathWebAuth;
        // this adds only the advice policy, counted across instances like the others.
        builder.Services.AddRateLimiter(limiter =>
            limiter.AddPolicy(RateLimitPolicy, context => WebAuthSetup.Limit(context, "advice", l => l.Advice)));
        return builder;
    }

    public static IEndpointRouteBuilder MapAdviceApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/advice", PostAdvice)
            .WithTags("Advice")
            .WithSummary("Which course next, and why, and a roadmap year by year, for a profile that is not stored.")
            .WithDescription("Send a profile (level, targetLevel, pmoType, asOf, certifications, completedCourses, competencies, and optionally yearsInPmo, trainingDaysPerYear, budgetPerYear, bookedCourses, acceptedCourses). Each recommendation carries its next bookable public sessions and cost; roadmap years carry cost and days; the answer carries totalCost. An invalid profile gets 400 with the field named, such as errors[\"certifications[0].code\"].")
            .Accepts<AdviceProfileDocument>("application/json")
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(RateLimitPolicy);
        return app;
    }

    /// <summary>
    /// Reads the body itself rather than binding it, so that malformed JSON and badly written dates come back
    /// as a 400 naming the field instead of the framework's generic binding failure.
    /// </summary>
    public static async Task<Results<Ok<AdviceAnswer>, ValidationProblem>> PostAdvice(
        HttpRequest request, FrameworkStore store, Sessions.ScheduleStore schedules, TimeProvider clock, PmoPathMetrics metrics, CancellationToken ct)
    {
        var body = await ReadBodyAsync(request, ct);
        if (body is null)
            return Invalid(new InvalidInputException("$", $"The body is longer than {MaxBodyChars} characters; a profile is far smaller."));
        var framework = await store.GetAsync(ct);
        try
        {
            var schedule = await schedules.GetAsync(ct);
            // Reading the profile is timed with the advice: an invalid one is counted as such.
            return TypedResults.Ok(metrics.Advise("api", () => Advisor.Advise(framework, AdviceProfileReader.Read(body, framework, clock.Today()), schedule)));
        }
        catch (InvalidInputException invalid)
        {
            return Invalid(invalid);
        }
    }

    private static ValidationProblem Invalid(InvalidInputException invalid) =>
        TypedResults.ValidationProblem(invalid.Errors.ToDictionary(e => e.Key, e => e.Value), title: "The profile has invalid fields.");

    /// <summary>
    /// The body as text, or null when it is longer than <see cref="MaxBodyChars"/>. The buffer comes from the shared
    /// pool and goes back to it: a fresh one of this size would land on the large-object heap at every request.
    /// </summary>
    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = ArrayPool<char>.Shared.Rent(MaxBodyChars + 1);
        try
        {
            var read = 0;
            while (read <= MaxBodyChars)
            {
                var n = await reader.ReadAsync(buffer.AsMemory(read, MaxBodyChars + 1 - read), ct);
                if (n == 0)
                    break;
                read += n;
            }
            return read > MaxBodyChars ? null : new string(buffer, 0, read);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static JsonSerializerOptions CreateJson()
    {
        // The encoder of ASP.NET Core's HTTP JSON options, so "£1,450" in a reason is written as the API writes it.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        PmoPathApp.ConfigureJson(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
