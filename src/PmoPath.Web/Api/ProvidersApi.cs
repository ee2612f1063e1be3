using Microsoft.AspNetCore.Http.HttpResults;
using PmoPath.Providers;
using PmoPath.Sessions;

namespace PmoPath.Web.Api;

/// <summary>The training provider directory, public.</summary>
public static class ProvidersApi
{
    public static IEndpointRouteBuilder MapProvidersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Providers");
        api.MapGet("/providers", GetProviders).WithSummary("Training providers with their accreditations, specialist courses and coaching or mentoring offers.");
        api.MapGet("/providers/{code}", GetProvider).WithSummary("One training provider, with its upcoming sessions on the public schedule (in-house runs are never listed here).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<List<ProviderView>>> GetProviders(ProviderStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ListAsync(ct)).Select(ProviderView.From).ToList());

    public static async Task<Results<Ok<ProviderDetailView>, ProblemHttpResult>> GetProvider(ProviderStore store, SessionSchedule schedule, string code, CancellationToken ct) =>
        await store.FindAsync(code, ct) is { } provider
            ? TypedResults.Ok(new ProviderDetailView(ProviderView.From(provider), await schedule.ProviderScheduleAsync(provider.Code, ct)))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no provider '{code}'.");
}

public sealed record OfferView(OfferKind Kind, string Title, string Description, IReadOnlyList<int> Levels);

/// <summary>A provider as the directory lists it: accreditations, specialist courses, coaching and mentoring offers, contact.</summary>
public record ProviderView(
    string Code, string Name, string Summary, string? Website, string? Email, string Location,
    IReadOnlyList<string> Accreditations, IReadOnlyList<string> SpecialistCourses, IReadOnlyList<OfferView> Offers)
{
    public static ProviderView From(TrainingProvider p) => new(
        p.Code, p.Name, p.Summary, p.Website, p.Email, p.Location, p.Accreditations, p.SpecialistCourses,
        [.. p.Offers.Select(o => new OfferView(o.Kind, o.Title, o.Description, o.Levels))]);
}

/// <summary>One provider as <c>GET /api/providers/{code}</c> answers: the directory entry and its upcoming public sessions, soonest first.</summary>
public sealed record ProviderDetailView : ProviderView
{
    public ProviderDetailView(ProviderView provider, IReadOnlyList<SessionView> upcomingSessions)
        : base(provider) => UpcomingSessions = upcomingSessions;

    public IReadOnlyList<SessionView> UpcomingSessions { get; }
}
