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
    /// <remarks>
    /// A certificate achieved before the rule's transition day (PeopleCert: 30 June 2020) counts from the
    /// transition's renew-by date (1 July 2023) instead of its exam plus the years. CPD points come from the
    /// certificates' yearly totals and from the person's <paramref name="cpdLog"/> entries for the suite.
    /// </remarks>
    public static CertificateStanding Of(Certificate certificate, IReadOnlyCollection<Certificate> all, FrameworkSnapshot framework, DateOnly asOf,
        IReadOnlyCollection<CpdEntry>? cpdLog = null)
    {
        var course = framework.FindCourse(certificate.CourseCode);
        if (course?.Renewal is not { Kind: RenewalKind.RenewWithinYears, Years: { } years })
            return new CertificateStanding(null, CertificateStatus.Current);

        var suite = course.Suite is null
            ? [certificate]
            : all.Where(c => framework.FindCourse(c.CourseCode)?.Suite == course.Suite).ToList();
        var renewBy = suite.Max(c => framework.FindCourse(c.CourseCode)?.Renewal?.RenewByFor(c.AchievedOn) ?? c.AchievedOn.AddYears(years));

        if (course.Renewal.CpdPointsPerYear is { } needed)
        {
            var pointsByYear = suite.SelectMany(c => c.Cpd).Select(y => (y.Year, Points: (decimal)y.Points))
                .Concat((cpdLog ?? []).Where(e => course.Suite is not null && e.Suite == course.Suite).Select(e => (e.On.Year, e.Points)))
                .GroupBy(y => y.Year).ToDictionary(g => g.Key, g => g.Sum(y => y.Points));
            while (Enumerable.Range(renewBy.Year - years, years).All(y => pointsByYear.GetValueOrDefault(y) >= needed) && renewBy <= asOf.AddYears(years))
                renewBy = renewBy.AddYears(years);
        }

        var status = asOf > renewBy ? CertificateStatus.NotCurrent
            : asOf >= renewBy.AddDays(-framework.Advice.RenewalWarningDays) ? CertificateStatus.DueForRenewal
            : CertificateStatus.Current;
        return new CertificateStanding(renewBy, status);
    }
}
