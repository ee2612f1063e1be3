using PmoPath.Jobs;
using PmoPath.Web.Components.People;

namespace PmoPath.Web.Components.Jobs;

/// <summary>
/// The job form as the browser posts it: everything as text, so a mistyped number or date binds and is named
/// under the API's field name. Certificates are ticked boxes and competency ratings choices, keyed by code.
/// </summary>
public sealed class JobForm
{
    public string? Title { get; set; }
    public string? Level { get; set; }
    public string? PmoType { get; set; }
    public string? Location { get; set; }
    public string? WorkMode { get; set; }
    public string? SalaryFrom { get; set; }
    public string? SalaryTo { get; set; }
    public string? Currency { get; set; } = "GBP";
    public string? OpensOn { get; set; }
    public string? ClosesOn { get; set; }
    public string? Description { get; set; }
    public string? ApplyUrl { get; set; }

    public Dictionary<string, bool> Certificates
    {
        get => field ??= new(StringComparer.Ordinal);
        set;
    }

    /// <summary>The rating 0–4 asked for, by competency-area code; empty where not asked.</summary>
    public Dictionary<string, string?> Competencies
    {
        get => field ??= new(StringComparer.Ordinal);
        set;
    }

    public JobInput ToInput(Dictionary<string, string[]> errors) => new()
    {
        Title = Title ?? "",
        Level = PeopleForms.Int(Level, "level", errors) ?? 0,
        PmoType = PmoType ?? "",
        Location = Location ?? "",
        WorkMode = PeopleForms.Enum<PmoPath.Jobs.WorkMode>(WorkMode, "workMode", errors) ?? PmoPath.Jobs.WorkMode.OnSite,
        SalaryFrom = PeopleForms.Int(SalaryFrom, "salaryFrom", errors),
        SalaryTo = PeopleForms.Int(SalaryTo, "salaryTo", errors),
        Currency = string.IsNullOrWhiteSpace(Currency) ? "GBP" : Currency.Trim().ToUpperInvariant(),
        OpensOn = PeopleForms.Date(OpensOn, "opensOn", errors),
        ClosesOn = PeopleForms.Date(ClosesOn, "closesOn", errors) ?? default,
        Certificates = [.. Certificates.Where(c => c.Value).Select(c => c.Key).Order(StringComparer.Ordinal)],
        Competencies = [.. Competencies.Where(c => !string.IsNullOrWhiteSpace(c.Value)).OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new JobCompetency { Code = c.Key, Rating = PeopleForms.Int(c.Value, $"competencies.{c.Key}", errors) ?? 0 })],
        Description = Description ?? "",
        ApplyUrl = string.IsNullOrWhiteSpace(ApplyUrl) ? null : ApplyUrl.Trim(),
    };
}
