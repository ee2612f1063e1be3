using Microsoft.AspNetCore.Http.HttpResults;
using PmoPath.Insight;
using PmoPath.Web.Hosting;

namespace PmoPath.Web.Api;

/// <summary>The pmo-manager's team view and team plan within a budget (HR names the team with <c>?teamId=</c>).</summary>
public static class TeamApi
{
    public static IEndpointRouteBuilder MapTeamApi(this IEndpointRouteBuilder app)
    {
        var team = app.MapGroup("/api/team").WithTags("Team").RequireAuthorization(WebAuthSetup.ApiPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        team.MapGet("/", Get).WithSummary("The team at a glance: levels, certificates, plan progress, competency gaps, renewals due in 90 days, who is overdue a certification.");
        team.MapPost("/plan", Propose).WithSummary("Propose who takes which course within a money and training-days budget; nothing is saved.")
            .ProducesValidationProblem();
        team.MapPost("/plan/accept", Accept).WithSummary("Put the accepted courses into each person's plan as planned.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<TeamView>> Get(TeamInsights insights, Guid? teamId, CancellationToken ct) =>
        TypedResults.Ok(await insights.GetAsync(teamId, ct));

    public static async Task<Ok<TeamPlanView>> Propose(TeamPlanInput budget, TeamInsights insights, Guid? teamId, CancellationToken ct) =>
        TypedResults.Ok(await insights.ProposeAsync(budget, teamId, ct));

    public static async Task<Ok<TeamPlanAccepted>> Accept(TeamPlanAcceptInput accepted, TeamInsights insights, CancellationToken ct) =>
        TypedResults.Ok(await insights.AcceptAsync(accepted, ct));
}
