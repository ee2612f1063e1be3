using System.Globalization;

namespace PmoPath.Insight;

/// <summary>A part of the organisation view: a heading, a chart (SVG) and the tables behind it.</summary>
public sealed record ReportSection(string Id, string Heading, string Intro, string Chart, IReadOnlyList<ReportTable> Tables);

/// <summary>
/// The organisation view as the page shows it and the exports write it: every figure of an
/// <see cref="OrganisationInsightView"/> in a <see cref="ReportTable"/>, each chart drawn from the same numbers.
/// </summary>
public static class OrganisationReport
{
    public static IReadOnlyList<ReportSection> Sections(OrganisationInsightView view)
    {
        var levels = view.PeopleByLevel.Where(l => l.Level is not null || l.People > 0).ToList();
        var types = view.PeopleByPmoType.Where(t => t.PmoType is not null || t.People > 0).ToList();
        return
        [
            People(view, levels, types),
            Coverage(view, levels),
            Renewals(view),
            Needs(view),
            Spend(view),
            CertificatesOverTime(view),
            LevelsOverTime(view, levels),
        ];
    }

    /// <summary>Every table of the view, in page order.</summary>
    public static IReadOnlyList<ReportTable> Tables(OrganisationInsightView view) => [.. Sections(view).SelectMany(s => s.Tables)];

    private static ReportSection People(OrganisationInsightView view, List<LevelHeadcount> levels, List<TypeHeadcount> types)
    {
        var key = (string? type) => type ?? OrganisationInsightView.NotSet;
        var table = new ReportTable("people-by-level-and-type", "People by level and PMO type",
            [ReportTable.Text("Level"), .. types.Select(t => ReportTable.Number(t.Name)), ReportTable.Number("Total")],
            [
                .. levels.Select(l => Row([l.Name, .. types.Select(t => l.ByPmoType.GetValueOrDefault(key(t.PmoType))), l.People])),
                Row(["Total", .. types.Select(t => t.People), view.People]),
            ]);
        var chart = SvgCharts.StackedBar("chart-people", "People by level and PMO type",
            $"{view.People:N0} people: {string.Join(", ", levels.Select(l => $"{l.Name} {l.People:N0}"))}. Columns are levels, stacked by PMO type; the table below has the numbers.",
            [.. levels.Select(l => l.Name)],
            [.. types.Select(t => new ChartSeries(t.Name, [.. levels.Select(l => (double)l.ByPmoType.GetValueOrDefault(key(t.PmoType)))]))]);
        return new ReportSection("people", "People by level and PMO type",
            "Everyone with a record in the organisation, by the career level they work at and the type of PMO they work in.", chart, [table]);
    }

    private static ReportSection Coverage(OrganisationInsightView view, List<LevelHeadcount> levels)
    {
        var headcount = levels.ToDictionary(l => OrganisationInsightView.LevelKey(l.Level), l => l.People);
        var table = new ReportTable("certificate-coverage", "People holding a valid certificate, by body and level",
            [ReportTable.Text("Certification body"), .. levels.Select(l => ReportTable.Number(l.Name)), ReportTable.Number("All levels")],
            [
                .. view.CertificateCoverage.Select(b => Row([b.Name, .. levels.Select(l => b.ByLevel.GetValueOrDefault(OrganisationInsightView.LevelKey(l.Level))), b.People])),
                Row(["People at the level", .. levels.Select(l => l.People), view.People]),
            ],
            "Valid: current, or due for renewal but not yet lapsed. A person counts once per body. The last row is everyone at the level.");
        var values = new double[view.CertificateCoverage.Count, levels.Count];
        for (var b = 0; b < view.CertificateCoverage.Count; b++)
            for (var l = 0; l < levels.Count; l++)
                values[b, l] = view.CertificateCoverage[b].ByLevel.GetValueOrDefault(OrganisationInsightView.LevelKey(levels[l].Level));
        double Share(int b, int l) => headcount.GetValueOrDefault(OrganisationInsightView.LevelKey(levels[l].Level)) is > 0 and var n ? values[b, l] / n : 0;
        var chart = SvgCharts.HeatMap("chart-coverage", "Certificate coverage by body and level",
            "Each cell: people at the level who hold a valid certificate of the body, and their share of everyone at that level; darker is a larger share.",
            [.. view.CertificateCoverage.Select(b => b.Name)], [.. levels.Select(l => l.Name)], values,
            (b, l) => $"{values[b, l].ToString("#,0", CultureInfo.InvariantCulture)} ({Share(b, l):P0})", Share);
        return new ReportSection("coverage", "Certificate coverage",
            "How many people at each level hold a valid certificate of each certification body.", chart, [table]);
    }

    private static ReportSection Renewals(OrganisationInsightView view)
    {
        var bodies = view.RenewalsByQuarter.SelectMany(q => q.ByBody.Keys).Distinct().ToList();
        var names = view.CertificateCoverage.ToDictionary(b => b.Body, b => b.Name);
        var name = (string body) => names.GetValueOrDefault(body) ?? body;
        var table = new ReportTable("renewals-by-quarter", "Renewals due by quarter",
            [ReportTable.Text("Quarter"), ReportTable.Date("From"), ReportTable.Date("To"), .. bodies.Select(b => ReportTable.Number(name(b))), ReportTable.Number("Total")],
            [.. view.RenewalsByQuarter.Select(q => Row([q.Quarter, q.From, q.To, .. bodies.Select(b => q.ByBody.GetValueOrDefault(b)), q.Renewals]))],
            "One renewal per person and suite: every certificate of a suite shares one renew-by date, and one exam renews them all. The current quarter counts from today.");
        var chart = SvgCharts.StackedBar("chart-renewals", "Renewals due by quarter",
            $"{view.RenewalsByQuarter.Sum(q => q.Renewals):N0} renewals due in the next {view.RenewalsByQuarter.Count} quarters, by certification body.",
            [.. view.RenewalsByQuarter.Select(q => q.Quarter)],
            [.. bodies.Select(b => new ChartSeries(name(b), [.. view.RenewalsByQuarter.Select(q => (double)q.ByBody.GetValueOrDefault(b))]))]);
        return new ReportSection("renewals", "Renewals due",
            "Certificates whose renew-by date falls in each of the coming quarters: book a renewal exam, or log CPD points where the body accepts them.", chart, [table]);
    }

    private static ReportSection Needs(OrganisationInsightView view)
    {
        var table = new ReportTable("training-needs", "Training needs by competency area",
            [ReportTable.Text("Competency area"), ReportTable.Number("Total gap"), ReportTable.Number("People short"), ReportTable.Number("People measured"), ReportTable.Text("Courses that develop it")],
            [.. view.TrainingNeeds.Select(n => Row([n.Name, n.TotalGap, n.PeopleWithGap, n.PeopleMeasured, string.Join("; ", n.Courses.Select(c => c.Title))]))],
            "The gap is what the level expects minus the rating that counts (the manager's, else the person's own; an area nobody rated counts as 0), summed over everyone, measured against the target level where set.");
        var chart = SvgCharts.Bar("chart-needs", "Training needs: total competency gap by area",
            $"Largest need: {(view.TrainingNeeds.Count > 0 ? view.TrainingNeeds[0].Name : "none")}. Bars are the sum of the gaps over everyone whose level is known.",
            [.. view.TrainingNeeds.Select(n => n.Name)], [.. view.TrainingNeeds.Select(n => (double)n.TotalGap)]);
        return new ReportSection("needs", "Top training needs",
            "Where the organisation falls furthest short of what its people's levels expect, and the courses that close those gaps.", chart, [table]);
    }

    private static ReportSection Spend(OrganisationInsightView view)
    {
        var s = view.Spend;
        var budget = new ReportTable("budget", $"Spend against the training budget ({s.Currency})",
            [ReportTable.Text("Measure"), ReportTable.Money("Amount"), ReportTable.Text("Unit")],
            [
                Row(["Budget", s.Budget, s.Currency]),
                Row(["Booked (confirmed places)", s.Booked, s.Currency]),
                Row(["Planned (open plan items, priced)", s.Planned, s.Currency]),
                Row(["Remaining", s.Remaining, s.Currency]),
                Row(["Planned items without a price", s.UnpricedItems, "items"]),
                Row(["Training days budget", s.DaysBudget, "days"]),
                Row(["Days booked", (double)s.BookedDays, "days"]),
                Row(["Days planned", (double)s.PlannedDays, "days"]),
                .. s.OtherCurrencies.SelectMany(c => new[]
                {
                    Row([$"Booked in {c.Currency} (not converted)", c.Booked, c.Currency]),
                    Row([$"Planned in {c.Currency} (not converted)", c.Planned, c.Currency]),
                }),
            ],
            "Planned: open plan items × the cheapest upcoming public session of the course (in the budget's currency where one is scheduled). Booked: confirmed places × their session's price, for sessions from 1 January this year on. Other currencies are not converted.");
        var lines = new ReportTable("spend-by-course", "Planned and booked spend by course",
            [ReportTable.Text("Course"), ReportTable.Text("Currency"), ReportTable.Number("Planned items"), ReportTable.Money("Cheapest upcoming price"), ReportTable.Money("Planned spend"),
                ReportTable.Number("Confirmed bookings"), ReportTable.Money("Booked spend")],
            [.. s.Courses.Select(l => Row([l.Title, l.Currency ?? "no price", l.PlannedItems, l.CheapestPrice, l.PlannedSpend, l.ConfirmedBookings, l.BookedSpend]))]);
        var money = (double v) => $"{v.ToString("#,0", CultureInfo.InvariantCulture)} {s.Currency}";
        var chart = SvgCharts.StackedBar("chart-spend", $"Planned and booked spend against the budget ({s.Currency})",
            $"Budget {Money(s.Budget, s.Currency)}; booked {Money(s.Booked, s.Currency)}; planned {Money(s.Planned, s.Currency)}.",
            ["Budget", "Booked + planned"],
            [
                new ChartSeries("Budget", [(double)(s.Budget ?? 0), 0]),
                new ChartSeries("Booked", [0, (double)s.Booked]),
                new ChartSeries("Planned", [0, (double)s.Planned]),
            ], money);
        return new ReportSection("spend", "Spend against the budget",
            "What the organisation has booked and planned, priced from the sessions on offer, beside the year's training budget.", chart, [budget, lines]);
    }

    private static ReportSection CertificatesOverTime(OrganisationInsightView view)
    {
        var bodies = view.CertificateCoverage.Select(b => (b.Body, b.Name)).ToList();
        var table = new ReportTable("certificates-per-quarter", "Certificates achieved per quarter",
            [ReportTable.Text("Quarter"), .. bodies.Select(b => ReportTable.Number(b.Name)), ReportTable.Number("Total")],
            [.. view.CertificatesByQuarter.Select(q => Row([q.Quarter, .. bodies.Select(b => q.ByBody.GetValueOrDefault(b.Body)), q.Certificates]))]);
        var chart = SvgCharts.Line("chart-certificates", "Certificates achieved per quarter",
            $"Certificates achieved in each of the last {view.CertificatesByQuarter.Count} quarters, one line per certification body and one for the total.",
            [.. view.CertificatesByQuarter.Select(q => q.Quarter)],
            [
                new ChartSeries("Total", [.. view.CertificatesByQuarter.Select(q => (double)q.Certificates)]),
                .. bodies.Select(b => new ChartSeries(b.Name, [.. view.CertificatesByQuarter.Select(q => (double)q.ByBody.GetValueOrDefault(b.Body))])),
            ]);
        return new ReportSection("certificates-trend", "Certificates achieved over time",
            "The exam dates on people's records, by quarter.", chart, [table]);
    }

    private static ReportSection LevelsOverTime(OrganisationInsightView view, List<LevelHeadcount> levels)
    {
        var table = new ReportTable("levels-over-time", "People by level at the end of each quarter",
            [ReportTable.Text("Quarter"), ReportTable.Date("At"), .. levels.Select(l => ReportTable.Number(l.Name)), ReportTable.Number("Total")],
            [.. view.LevelsOverTime.Select(q => Row([q.Quarter, q.At, .. levels.Select(l => q.ByLevel.GetValueOrDefault(OrganisationInsightView.LevelKey(l.Level))), q.People]))],
            "Rebuilt from today's levels and the recorded level changes; people count from when their record was created in PmoPath. Erased people keep their level but lose their history.");
        var chart = SvgCharts.Line("chart-levels", "People by level over time",
            "People at each level at the end of each quarter, the last point being today.",
            [.. view.LevelsOverTime.Select(q => q.Quarter)],
            [.. levels.Select(l => new ChartSeries(l.Name, [.. view.LevelsOverTime.Select(q => (double)q.ByLevel.GetValueOrDefault(OrganisationInsightView.LevelKey(l.Level)))]))]);
        return new ReportSection("levels-trend", "Levels over time",
            "How many people worked at each level at the end of each of the last quarters.", chart, [table]);
    }

    public static string Money(decimal? amount, string currency) =>
        amount is { } a ? $"{a.ToString("#,0.00", CultureInfo.InvariantCulture)} {currency}" : "not set";

    private static object?[] Row(object?[] cells) => cells;
}
