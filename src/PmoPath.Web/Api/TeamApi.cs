using Microsoft.AspNetCore.Http.HttpResults;
using PmoPath.Accounts;
using PmoPath.Insight;
using PmoPath.Web.Hosting;

namespace PmoPath.Web.Api;

/// <summary>
/// The pmo-manager's team view, its tables as CSV or xlsx, and the team plan within a budget (HR names the team with
/// <c>?teamId=</c>). <see cref="TeamInsights"/> decides who sees which team: anyone else gets 403, another manager's or
/// another organisation's team is a 404. The downloads are served to the signed-in browser under <c>/team/export</c> too.
/// </summary>
public static class TeamApi
{
    public static IEndpointRouteBuilder MapTeamApi(this IEndpointRouteBuilder app)
    {
        var team = app.MapGroup("/api/team").WithTags("Team").RequireAuthorization(WebAuthSetup.ApiPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        team.MapGet("/", Get).WithSummary("The team at a glance: levels, certificates, plan progress, competency gaps, renewals due in 90 days, who is overdue a certification.");
        team.MapGet("/export/{table}.{format}", Export)
            .WithSummary("A table of the team view as csv or xlsx: members, gaps, renewals, overdue; 'all.xlsx' holds every table, one sheet each. Cells that could run as formulas are neutralised.")
            .ProducesReportFile()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        team.MapPost("/plan", Propose).WithSummary("Propose who takes which course within a money and training-days budget; nothing is saved.")
            .ProducesValidationProblem();
        team.MapPost("/plan/accept", Accept).WithSummary("Put the accepted courses into each person's plan as planned.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        // The same files for the signed-in browser (cookie), linked under each table of the /team page.
        app.MapGet("/team/export/{table}.{format}", Export).RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    public static async Task<Ok<TeamView>> Get(TeamInsights insights, Guid? teamId, CancellationToken ct) =>
        TypedResults.Ok(await insights.GetAsync(teamId, ct));

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Export(
        string table, string format, Guid? teamId, TeamInsights insights, AuditLog audit, Caller caller, CancellationToken ct)
    {
        var view = await insights.GetAsync(teamId, ct);
        var name = view.Teams is [var only] && Slug.From(only) is { Length: > 0 } slug ? slug : "team";
        var result = ReportDownloads.File(TeamReport.Tables(view), table, format, name, view.AsOf);
        if (result.Result is FileContentHttpResult)
            await audit.WriteAsync(AuditActions.Exported, caller, null, $"team view {string.Join(", ", view.Teams)}: {table}.{format}", caller.OrganisationId, ct);
        return result;
    }

    public static async Task<Ok<TeamPlanView>> Propose(TeamPlanInput budget, TeamInsights insights, Guid? teamId, CancellationToken ct) =>
        TypedResults.Ok(await insights.ProposeAsync(budget, teamId, ct));

    public static async Task<Ok<TeamPlanAccepted>> Accept(TeamPlanAcceptInput accepted, TeamInsights insights, CancellationToken ct) =>
        TypedResults.Ok(await insights.AcceptAsync(accepted, ct));
}
