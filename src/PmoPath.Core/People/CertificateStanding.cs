using PmoPath.Catalog;
using PmoPath.Framework;

namespace PmoPath.People;

public enum CertificateStatus
{
    Current,
    DueForRenewal,

    /// <summary>Lapsed: held once, not current now — not the same as never held.</summary>
    NotCurrent,
}

/// <summary>A certificate's renew-by date and status on a day, computed from the catalogue's renewal rule.</summary>
public sealed record CertificateStanding(DateOnly? RenewBy, CertificateStatus Status)
{
    /// <summary>
    /// Certificates of one suite share a renew-by date: the latest exam passed in the suite plus the
    /// rule's years. Where CPD renews, every year of a cycle with at least the rule's points (summed over
    /// the suite's certificates) extends the date by another cycle.
    /// </summary>
    public static CertificateStanding Of(Certificate certificate, IReadOnlyCollection<Certificate> all, FrameworkSnapshot framework, DateOnly asOf)
    {
        var course = framework.FindCourse(certificate.CourseCode);
        if (course?.Renewal is not { Kind: RenewalKind.RenewWithinYears, Years: { } years })
            return new CertificateStanding(null, CertificateStatus.Current);

        var suite = course.Suite is null
            ? [certificate]
            : all.Where(c => framework.FindCourse(c.CourseCode)?.Suite == course.Suite).ToList();
        var start = suite.Max(c => c.AchievedOn);
        var renewBy = start.AddYears(years);

        if (course.Renewal.CpdPointsPerYear is { } needed)
        {
            var pointsByYear = suite.SelectMany(c => c.Cpd).GroupBy(y => y.Year).ToDictionary(g => g.Key, g => g.Sum(y => y.Points));
            while (Enumerable.Range(renewBy.Year - years, years).All(y => pointsByYear.GetValueOrDefault(y) >= needed) && renewBy <= asOf.AddYears(years))
                renewBy = renewBy.AddYears(years);
        }

        var status = asOf > renewBy ? CertificateStatus.NotCurrent
            : asOf >= renewBy.AddDays(-framework.Advice.RenewalWarningDays) ? CertificateStatus.DueForRenewal
            : CertificateStatus.Current;
        return new CertificateStanding(renewBy, status);
    }
}
