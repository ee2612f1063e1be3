using Microsoft.AspNetCore.Http.HttpResults;
using PmoPath.Framework;
using PmoPath.Jobs;
using PmoPath.Web.Hosting;

namespace PmoPath.Web.Api;

/// <summary>
/// Open positions, public; with a bearer token, those at the caller's target level with what they lack; and an
/// org-admin posts their organisation's jobs and closes them (<see cref="JobPosting"/>).
/// </summary>
public static class JobsApi
{
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Jobs");
        api.MapGet("/jobs", GetJobs).WithSummary("Jobs open today, soonest closing first, optionally at one level and PMO type.");
        api.MapGet("/jobs/{id:int}", GetJob).WithSummary("One job: while it is listed, or to an admin of the organisation that posted it.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/jobs", Post).RequireAuthorization(WebAuthSetup.ApiPolicy)
            .WithSummary("Post a job under the caller's organisation (org-admin). applyUrl is required: an http(s) address, or an email address (kept as mailto:). A job closing before it opens, or already past its closing date, is a 400 naming closesOn.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/jobs/{id:int}/close", Close).RequireAuthorization(WebAuthSetup.ApiPolicy)
            .WithSummary("Close a job before its closing date, filled or withdrawn (an org-admin of the organisation that posted it); it leaves the list and search.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/me/jobs", GetMyJobs).RequireAuthorization(WebAuthSetup.ApiPolicy)
            .WithSummary("Open jobs at the caller's target level (or current level without one), each with the certificates and competency ratings they still lack.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    /// <param name="level">1 to 4.</param>
    /// <param name="pmoType">A PMO type's code, such as <c>enterprise-pmo</c>.</param>
    public static async Task<Ok<List<JobView>>> GetJobs(JobStore store, FrameworkStore frameworks, string? level, string? pmoType, CancellationToken ct)
    {
        var filter = JobFilter.Parse(level, pmoType, await frameworks.GetAsync(ct));
        return TypedResults.Ok((await store.ListOpenAsync(filter, ct)).Select(JobView.From).ToList());
    }

    public static async Task<Results<Ok<JobView>, ProblemHttpResult>> GetJob(JobStore store, JobPosting posting, int id, CancellationToken ct) =>
        await store.FindAsync(id, ct) is { } job && (job.IsListedOn(store.Today) || posting.CanClose(job))
            ? TypedResults.Ok(JobView.From(job))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no open job {id}.");

    public static async Task<Created<JobView>> Post(JobPosting posting, JobInput job, CancellationToken ct)
    {
        var posted = await posting.PostAsync(job, ct);
        return TypedResults.Created($"/api/jobs/{posted.Id}", JobView.From(posted));
    }

    public static async Task<Ok<JobView>> Close(JobPosting posting, int id, CancellationToken ct) =>
        TypedResults.Ok(JobView.From(await posting.CloseAsync(id, ct)));

    public static async Task<Ok<MyJobsView>> GetMyJobs(MyJobs myJobs, CancellationToken ct)
    {
        var (level, matches) = await myJobs.ListAsync(ct);
        return TypedResults.Ok(new MyJobsView(level, [.. matches.Select(m => new JobMatchView(JobView.From(m.Job),
            new JobGapView(m.Gap.Meets, m.Gap.MissingCertificates, [.. m.Gap.CompetencyGaps.Select(g => new CompetencyGapView(g.Code, g.Has, g.Asks))])))]));
    }
}

/// <summary>The level looked at (null while the record has none) and the open jobs at it.</summary>
public sealed record MyJobsView(int? Level, IReadOnlyList<JobMatchView> Jobs);

public sealed record JobMatchView(JobView Job, JobGapView Lacking);

/// <summary>What the person still lacks: course codes of certificates not held current, and ratings below what the job asks.</summary>
public sealed record JobGapView(bool MeetsAll, IReadOnlyList<string> Certificates, IReadOnlyList<CompetencyGapView> Competencies);

public sealed record CompetencyGapView(string Code, int Has, int Asks);

public sealed record JobCompetencyView(string Code, int Rating);

public sealed record JobView(
    int Id, string Title, string Organisation, int Level, string PmoType, string Location, WorkMode WorkMode,
    int? SalaryFrom, int? SalaryTo, string Currency, DateOnly OpensOn, DateOnly ClosesOn, bool Closed,
    IReadOnlyList<string> Certificates, IReadOnlyList<JobCompetencyView> Competencies, string Description, string? ApplyUrl)
{
    public static JobView From(Job j) => new(
        j.Id, j.Title, j.Organisation, j.Level, j.PmoType, j.Location, j.WorkMode, j.SalaryFrom, j.SalaryTo, j.Currency,
        j.OpensOn, j.ClosesOn, j.Closed, j.Certificates, [.. j.Competencies.Select(c => new JobCompetencyView(c.Code, c.Rating))], j.Description, j.ApplyUrl);
}
