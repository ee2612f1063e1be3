using System.Globalization;
using PmoPath.People;

namespace PmoPath.Insight;

/// <summary>
/// The team view as the page shows it and the downloads write it: every table of a <see cref="TeamView"/> as a
/// <see cref="ReportTable"/>, so a CSV or xlsx file holds exactly what the manager reads on <c>/team</c>. The
/// people and gap tables have one row per member, in the view's order (the page links each name to the person).
/// </summary>
public static class TeamReport
{
    public const string Members = "members";
    public const string Gaps = "gaps";
    public const string Renewals = "renewals";
    public const string Overdue = "overdue";

    /// <summary>Every table of the view, in page order.</summary>
    public static IReadOnlyList<ReportTable> Tables(TeamView view) => [MembersTable(view), GapsTable(view), RenewalsTable(view), OverdueTable(view)];

    private static ReportTable MembersTable(TeamView view) => new(Members, "Each person's level, certificates and plan",
        [
            ReportTable.Text("Name"), ReportTable.Text("Team"), ReportTable.Number("Level"), ReportTable.Number("Target level"),
            ReportTable.Text("Current certificates"), ReportTable.Text("Due for renewal"), ReportTable.Text("Not current"),
            ReportTable.Number("Plan items done"), ReportTable.Number("Plan items open"),
        ],
        [.. view.Members.Select(m => Row([
            m.Name, m.Team, m.Level, m.TargetLevel,
            Certificates(m, CertificateStatus.Current), Certificates(m, CertificateStatus.DueForRenewal), Certificates(m, CertificateStatus.NotCurrent),
            m.PlanDone, m.PlanOpen]))],
        "Due for renewal: the renew-by date is near, the certificate still counts. Not current: lapsed, which is not the same as never held. "
        + "Open plan items are planned or booked.");

    private static ReportTable GapsTable(TeamView view) => new(Gaps, "Gap by person and competency area",
        [ReportTable.Text("Name"), .. view.Areas.Select(a => ReportTable.Number(a.Name))],
        [.. view.Members.Select(m => Row([m.Name, .. view.Areas.Select((_, i) => i < m.Gaps.Count ? (object?)m.Gaps[i] : null)]))],
        "Points short of what each person's target level (or, without a target, their level) expects: 0 none to 4. "
        + "The manager's rating counts where given, otherwise the person's own; an area nobody rated counts as 0. A dash (an empty cell in the files): no level on record.");

    private static ReportTable RenewalsTable(TeamView view) => new(Renewals, $"Certificates to renew in the next {view.LapsingWithinDays} days",
        [ReportTable.Text("Name"), ReportTable.Text("Certificate"), ReportTable.Date("Renew by"), ReportTable.Number("Days left")],
        [.. view.LapsingSoon.Select(l => Row([l.Name, l.Title, l.RenewBy, l.DaysLeft]))],
        "Certificates of one suite share a renew-by date: one exam of the suite, or enough CPD points, renews them all.");

    private static ReportTable OverdueTable(TeamView view) => new(Overdue, $"No certification in {view.CertificationYears} years",
        [ReportTable.Text("Name"), ReportTable.Text("Team"), ReportTable.Date("Last certification")],
        [.. view.Members.Where(m => m.NoRecentCertification).Select(m => Row([m.Name, m.Team, m.LastCertificationOn]))],
        "The last certificate achieved or certification course completed; a dash (an empty cell in the files): none on record.");

    /// <summary>"P3O Foundation (renew by 2027-05-10); IPMO-Foundation", or null for none with that status.</summary>
    private static string? Certificates(TeamMemberView member, CertificateStatus status)
    {
        var held = member.Certificates.Where(c => c.Status == status).Select(c => c.RenewBy is not { } by ? c.Title
            : $"{c.Title} ({(status == CertificateStatus.NotCurrent ? "was due by" : "renew by")} {by.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})").ToList();
        return held.Count == 0 ? null : string.Join("; ", held);
    }

    private static object?[] Row(object?[] cells) => cells;
}
