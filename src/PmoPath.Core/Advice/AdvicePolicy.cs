using System.Text.Json.Serialization;

namespace PmoPath.Advice;

/// <summary>
/// The tunable numbers behind the advisor's rules and the rules' readable text, kept as data so that
/// an admin can read and change them through the framework file.
/// </summary>
public sealed class AdvicePolicy
{
    /// <summary>A certification course is due this many years after the last one.</summary>
    public int CertificationDueAfterYears { get; set; } = 2;

    /// <summary>And overdue after this many years.</summary>
    public int CertificationOverdueAfterYears { get; set; } = 3;

    /// <summary>At most this many certification courses are planned in one roadmap year.</summary>
    public int MaxCertificationsPerYear { get; set; } = 1;

    /// <summary>A competency gap of at least this many points earns a specialist course.</summary>
    public int MinimumGap { get; set; } = 1;

    /// <summary>At most this many specialist courses are recommended at once.</summary>
    public int MaxSpecialistRecommendations { get; set; } = 3;

    /// <summary>How many days before a renew-by date a certificate counts as due for renewal.</summary>
    public int RenewalWarningDays { get; set; } = 90;

    /// <summary>The rules as people read them on the "how we advise" page, in order.</summary>
    public List<AdviceRule> Rules { get; set; } = [];

    [JsonIgnore]
    public int Id { get; set; } = 1;
}

/// <summary>A rule of the advisor as a person reads it.</summary>
public sealed class AdviceRule
{
    public string Code { get; set; } = "";
    public string Title { get; set; } = "";
    public string Text { get; set; } = "";
}
