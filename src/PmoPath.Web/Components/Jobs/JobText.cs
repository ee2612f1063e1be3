using PmoPath.Jobs;

namespace PmoPath.Web.Components.Jobs;

/// <summary>A job's facts in words, the same on the jobs list and a job's own page.</summary>
public static class JobText
{
    public static string WorkMode(WorkMode mode) => mode switch
    {
        PmoPath.Jobs.WorkMode.OnSite => "on-site",
        PmoPath.Jobs.WorkMode.Hybrid => "hybrid",
        _ => "remote",
    };

    public static string Salary(Job job) => (job.SalaryFrom, job.SalaryTo) switch
    {
        ({ } from, { } to) => $"{job.Currency} {from:N0} – {to:N0} a year",
        ({ } from, null) => $"From {job.Currency} {from:N0} a year",
        (null, { } to) => $"Up to {job.Currency} {to:N0} a year",
        _ => "",
    };
}
