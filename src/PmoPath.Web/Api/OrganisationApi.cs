using Microsoft.AspNetCore.Http.HttpResults;
using PmoPath.Accounts;
using PmoPath.Insight;
using PmoPath.Web.Hosting;

namespace PmoPath.Web.Api;

/// <summary>
/// HR's organisation view as data: the figures (<c>GET /api/organisation/insight</c>) and every table of the
/// page as CSV or xlsx. Only an org-admin, for their own organisation (<see cref="OrganisationInsight"/> decides;
/// anyone else gets 403). The same downloads are served to the signed-in browser under <c>/organisation/export</c>.
/// </summary>
public static class OrganisationApi
{
    public static IEndpointRouteBuilder MapOrganisationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/organisation").WithTags("Organisation").RequireAuthorization(WebAuthSetup.ApiPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/insight", GetInsight)
            .WithSummary("The organisation view (org-admin): people by level and PMO type, certificate coverage, renewals by quarter, training needs, spend against budget, trends.");
        api.MapGet("/export/{table}.{format}", Export)
            .WithSummary("A table of the organisation view as csv or xlsx (org-admin); 'all.xlsx' holds every table, one sheet each. Cells that could run as formulas are neutralised.")
            .ProducesReportFile()
            .ProducesProblem(StatusCodes.Status404NotFound);

        // The same files for the signed-in browser (cookie), linked from the /organisation page.
        app.MapGet("/organisation/export/{table}.{format}", Export).RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    public static async Task<Ok<OrganisationInsightView>> GetInsight(OrganisationInsight insight, CancellationToken ct) =>
        TypedResults.Ok(await insight.GetAsync(ct));

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Export(
        string table, string format, OrganisationInsight insight, AuditLog audit, Caller caller, CancellationToken ct)
    {
        var view = await insight.GetAsync(ct);
        var name = Slug.From(view.Organisation) is { Length: > 0 } slug ? slug : "organisation";
        var result = ReportDownloads.File(OrganisationReport.Tables(view), table, format, name, view.AsOf);
        if (result.Result is FileContentHttpResult)
            await audit.WriteAsync(AuditActions.Exported, caller, null, $"organisation view: {table}.{format}", view.OrganisationId, ct);
        return result;
    }
}
