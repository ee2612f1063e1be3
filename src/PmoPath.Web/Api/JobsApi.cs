using Microsoft.AspNetCore.Http.HttpResults;
using PmoPath.Framework;
using PmoPath.Jobs;

namespace PmoPath.Web.Api;

/// <summary>Open positions, public. Posting jobs will be for organisation admins once accounts exist.</summary>
public static class JobsApi
{
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Jobs");
        api.MapGet("/jobs", GetJobs).WithSummary("Jobs open today, soonest closing first, optionally at one level and PMO type.");
        return app;
    }

    /// <param name="level">1 to 4.</param>
    /// <param name="pmoType">A PMO type's code, such as <c>enterprise-pmo</c>.</param>
    public static async Task<Ok<List<JobView>>> GetJobs(JobStore store, FrameworkStore frameworks, string? level, string? pmoType, CancellationToken ct)
    {
        var filter = JobFilter.Parse(level, pmoType, await frameworks.GetAsync(ct));
        return TypedResults.Ok((await store.ListOpenAsync(filter, ct)).Select(JobView.From).ToList());
    }
}

public sealed record JobCompetencyView(string Code, int Rating);

public sealed record JobView(
    int Id, string Title, string Organisation, int Level, string PmoType, string Location, WorkMode WorkMode,
    int? SalaryFrom, int? SalaryTo, string Currency, DateOnly OpensOn, DateOnly ClosesOn,
    IReadOnlyList<string> Certificates, IReadOnlyList<JobCompetencyView> Competencies, string Description, string? ApplyUrl)
{
    public static JobView From(Job j) => new(
        j.Id, j.Title, j.Organisation, j.Level, j.PmoType, j.Location, j.WorkMode, j.SalaryFrom, j.SalaryTo, j.Currency,
        j.OpensOn, j.ClosesOn, j.Certificates, [.. j.Competencies.Select(c => new JobCompetencyView(c.Code, c.Rating))], j.Description, j.ApplyUrl);
}
