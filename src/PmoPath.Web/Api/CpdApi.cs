using Microsoft.AspNetCore.Http.HttpResults;
using PmoPath.People;
using PmoPath.Web.Hosting;

namespace PmoPath.Web.Api;

/// <summary>
/// The CPD log on a person's record. Who sees and changes it follows the record (<see cref="PeopleAccess"/>):
/// someone the caller may not see is a 404, someone they see but may not change is a 403.
/// </summary>
public static class CpdApi
{
    public static IEndpointRouteBuilder MapCpdApi(this IEndpointRouteBuilder app)
    {
        var cpd = app.MapGroup("/api/people/{id:guid}/cpd").WithTags("People").RequireAuthorization(WebAuthSetup.ApiPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        cpd.MapGet("/", List).WithSummary("The person's CPD log, newest first: day, activity, points, the suite they count for, evidence link.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        cpd.MapPost("/", Add).WithSummary("Log a CPD activity (by the person or an org-admin). Points count towards the suite's renewal where its rule accepts CPD.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        cpd.MapDelete("/{entryId:guid}", Delete).WithSummary("Remove an entry of the CPD log (by the person or an org-admin).")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<List<CpdEntryView>>> List(Guid id, CpdLog log, CancellationToken ct) =>
        TypedResults.Ok(await log.ListAsync(id, ct));

    public static async Task<Created<CpdEntryView>> Add(Guid id, CpdEntryInput entry, CpdLog log, CancellationToken ct)
    {
        var added = await log.AddAsync(id, entry, ct);
        return TypedResults.Created($"/api/people/{id}/cpd/{added.Id}", added);
    }

    public static async Task<NoContent> Delete(Guid id, Guid entryId, CpdLog log, CancellationToken ct)
    {
        await log.DeleteAsync(id, entryId, ct);
        return TypedResults.NoContent();
    }
}
