using PmoPath.Exchange.Case;
using PmoPath.Framework;

namespace PmoPath.Web.Api;

/// <summary>The competency framework as a CASE 1.1 package (docs/adr/0031), public like the catalogue.</summary>
public static class FrameworkCaseApi
{
    public static IEndpointRouteBuilder MapFrameworkCaseApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(CaseExport.Path, GetPackage).WithTags("Catalogue")
            .WithSummary("The competency framework as a CASE 1.1 CFPackage: competency areas and courses as items, the proficiency " +
                "each career level expects as a rubric per area, isChildOf, precedes (prerequisites) and replacedBy (successors).")
            .Produces<CasePackage>(StatusCodes.Status200OK, "application/json");
        return app;
    }

    // The package, its uri fields under the address the request came to. Identifiers are UUIDs derived from the codes,
    // so two exports of one framework are identical (its XML comment would replace the operation's summary).
    public static async Task<IResult> GetPackage(FrameworkStore store, HttpContext context, CancellationToken ct)
    {
        var framework = await store.GetAsync(ct);
        var request = context.Request;
        var text = CaseExport.Write(framework.Document, $"{request.Scheme}://{request.Host}{request.PathBase}");
        context.Response.Headers.ContentDisposition = "inline; filename=\"pmopath-framework-case.json\"";
        context.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Text(text, "application/json; charset=utf-8");
    }
}
