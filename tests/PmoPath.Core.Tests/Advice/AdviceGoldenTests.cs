using System.Globalization;
using System.Text;
using PmoPath.Advice;
using PmoPath.Catalog;
using PmoPath.Sessions;

namespace PmoPath.Core.Tests.Advice;

/// <summary>
/// The full text of the advice for twenty personas, kept in <c>golden/advice-personas.md</c> so a reviewer (a PMO coach)
/// can read every sentence and judge a change of wording in the diff. Fixed day, fixed schedule: the file changes only
/// when the advice does. To accept a deliberate change, run the test with <c>PMOPATH_ACCEPT_GOLDEN=1</c>, which
/// rewrites the file, and review its diff.
/// </summary>
public class AdviceGoldenTests
{
    public const string AcceptVariable = "PMOPATH_ACCEPT_GOLDEN";
    private const string Today = "2026-12-03";

    [Fact]
    public void The_advice_for_twenty_personas_reads_as_the_reviewed_file_says()
    {
        var text = Render();
        var path = GoldenPath();
        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            File.WriteAllText(path, text);
            return;
        }
        Assert.True(File.Exists(path), $"{path} is missing: run `{AcceptVariable}=1 dotnet test tests/PmoPath.Core.Tests --filter AdviceGoldenTests` to write it.");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected == text)
            return;
        var (line, want, got) = FirstDifference(expected, text);
        Assert.Fail($"""
            The advice text differs from {path} at line {line}:
              file:   {want}
              advice: {got}
            If the change is intended, accept it with
              {AcceptVariable}=1 dotnet test tests/PmoPath.Core.Tests --filter AdviceGoldenTests
            and review the file's diff as a coach would before committing it.
            """);
    }

    [Fact]
    public void Twenty_personas_cover_levels_PMO_types_external_and_lapsed_certificates_limits_and_bookings()
    {
        var personas = Personas();
        Assert.Equal(20, personas.Count);
        Assert.Equal([1, 2, 3, 4], personas.Select(p => p.Profile.Document.Level!.Value).Distinct().Order());
        Assert.True(personas.Select(p => p.Profile.Document.PmoType).Distinct().Count() >= 6);
        Assert.Contains(personas, p => p.Profile.Document.Certifications?.Any(c => DefaultFramework.Snapshot.FindCourse(c!.Code!)!.Kind == CourseKind.External) == true);
        Assert.Contains(personas, p => p.Profile.Advise(Schedule).Certificates.Any(c => c.Status == CertificateState.NotCurrent));
        Assert.Contains(personas, p => p.Profile.Document.BudgetPerYear is not null);
        Assert.Contains(personas, p => p.Profile.Document.TrainingDaysPerYear is not null);
        Assert.Contains(personas, p => p.Profile.Document.BookedCourses?.Count > 0);
        Assert.Contains(personas, p => p.Profile.Document.AcceptedCourses?.Count > 0);
    }

    // ---- The schedule: every offered course on fixed days at fixed prices, a few left without sessions ----

    private static readonly ScheduleSnapshot Schedule = BuildSchedule();

    private static ScheduleSnapshot BuildSchedule()
    {
        var sessions = new List<ScheduledSession>();
        var n = 0;
        void Add(string code, string on, decimal price, string provider, int seats = 8, SessionDelivery delivery = SessionDelivery.Classroom)
        {
            var day = DateOnly.Parse(on, CultureInfo.InvariantCulture);
            sessions.Add(new ScheduledSession(Id(++n), code, day, day.AddDays(-7), provider, price, "GBP", seats, delivery));
        }
        foreach (var course in DefaultFramework.Snapshot.Courses.Where(c => !c.Retired && c.Kind != CourseKind.External))
        {
            // No public session of these is scheduled: the advice must say so rather than price them.
            if (course.Code is "hop-essentials-pmo-directors" or "lean-agile-pmo")
                continue;
            var price = course.IsCertification ? 1000 + (100 * course.Levels.Max()) + (course.Code.Length % 5 * 50) : 450 + (course.Code.Length % 3 * 100);
            Add(course.Code, "2027-02-08", price, "Meridian PMO Academy", delivery: SessionDelivery.Virtual);
            Add(course.Code, "2027-05-10", price - 50, "Harbour Lane Training");
            Add(course.Code, "2027-09-13", price, "Meridian PMO Academy");
            Add(course.Code, "2028-02-07", price + 100, "Harbour Lane Training");
        }
        // One course runs before Christmas, with one seat left.
        Add("agile-pmo", "2026-12-14", 495, "Harbour Lane Training", seats: 1, delivery: SessionDelivery.Virtual);
        return new ScheduleSnapshot(sessions);
    }

    private static Guid Id(int n) => new(n, 0x2026, 0x1203, [0, 0, 0, 0, 0, 0, 0, 1]);

    // ---- The personas ----

    private sealed record Persona(string Name, string Who, Profile Profile);

    private static Persona P(string name, string who, Profile profile, string? pmoType)
    {
        profile.On(Today);
        profile.Document.PmoType = pmoType;
        return new Persona(name, who, profile);
    }

    private static List<Persona> Personas() =>
    [
        P("Amira", "New project support officer, no certificates yet, wants to reach level 2.",
            Profile.At(1).Aiming(2).Rating("pm-fundamentals", 1).Rating("planning-scheduling", 1), "project-office"),
        P("Ben", "PMO administrator with Essentials for PMO Administrators from 2023; rates reporting low.",
            Profile.At(1).Aiming(2).Holding("hop-essentials-pmo-administrators", "2023-03-14").Rating("reporting-analysis", 0).Rating("pmo-services", 2), "programme-office"),
        P("Chloe", "PMO analyst in a portfolio office with a current P3O Foundation; aims to lead a PMO.",
            Profile.At(2).Aiming(3).Holding("axelos-p3o-foundation", "2023-05-10").Rating("portfolio-management", 1).Rating("benefits-management", 1), "portfolio-office"),
        P("Dev", "Planner who passed P3O Foundation in 2015 and nothing since.",
            Profile.At(2).Aiming(2).Holding("axelos-p3o-foundation", "2015-09-01").WithYearsInPmo(11), "programme-office"),
        P("Elena", "PMO manager in an enterprise PMO with both P3O certificates; aims for level 4.",
            Profile.At(3).Aiming(4).Holding("axelos-p3o-foundation", "2021-04-20").Holding("axelos-p3o-practitioner", "2022-06-15")
                .Rating("strategy", 1).Rating("leadership-people", 2), "enterprise-pmo"),
        P("Farid", "Project office lead whose only certificate is PRINCE2 Practitioner, held elsewhere.",
            Profile.At(3).Aiming(3).Holding("axelos-prince2-practitioner", "2021-10-01").WithYearsInPmo(6), "project-office"),
        P("Grace", "PMO lead with a PMP from 2018 and no PMO certification.",
            Profile.At(3).Aiming(3).Holding("pmi-pmp", "2018-02-01").Rating("pmo-setup-design", 1), "programme-office"),
        P("Hiro", "Head of PMO certified as IPMO-Practitioner in 2019, nothing since.",
            Profile.At(4).Aiming(4).Holding("aipmo-ipmo-foundation", "2017-05-01").Holding("aipmo-ipmo-practitioner", "2019-03-01"), "enterprise-pmo"),
        P("Isla", "PMO director with a £1,000 yearly budget.",
            Profile.At(4).Aiming(4).Holding("hop-essentials-pmo-managers", "2022-11-01").WithBudget(1000)
                .Rating("strategy", 1).Rating("benefits-management", 1), "portfolio-office"),
        P("Jonas", "PMO officer with three training days a year and several gaps.",
            Profile.At(2).Aiming(3).Holding("hop-essentials-pmo-analysts", "2024-09-01").WithTrainingDays(3)
                .Rating("agile-ways-of-working", 0).Rating("benefits-management", 0).Rating("pmo-setup-design", 0), "agile-delivery-office"),
        P("Kemi", "Project co-ordinator already booked on Essentials for PMO Administrators in February.",
            Profile.At(1).Aiming(2).Booked("hop-essentials-pmo-administrators", "2027-02-08", Id(1)), "project-office"),
        P("Liam", "PMO analyst on the waitlist for P3O Foundation.",
            Profile.At(2).Aiming(3).Booked("axelos-p3o-foundation", "2027-05-10", waitlisted: true).Rating("planning-scheduling", 1), "programme-office"),
        P("Maya", "PMO manager whose manager accepted MoP Foundation into her plan for next autumn.",
            Profile.At(3).Aiming(4).Holding("hop-essentials-pmo-managers", "2024-04-01").Accepted("axelos-mop-foundation", "2027-09-13"), "portfolio-office"),
        P("Noah", "Centre of excellence lead who coaches others and rates coaching low.",
            Profile.At(3).Aiming(3).Holding("aipmo-ipmo-practitioner", "2024-01-15").Rating("coaching", 1).Rating("leadership-people", 1), "centre-of-excellence"),
        P("Olivia", "PMO manager in an agile delivery PMO who has done Agile PMO already.",
            Profile.At(3).Aiming(3).Holding("hop-essentials-pmo-managers", "2025-06-01").Completed("agile-pmo").Rating("agile-ways-of-working", 0), "agile-delivery-office"),
        P("Priya", "PMO officer who holds the retired BCS PPSO Essentials from 2018.",
            Profile.At(2).Aiming(2).Holding("bcs-ppso-essentials", "2018-07-01").WithYearsInPmo(8), "project-office"),
        P("Quentin", "PMO manager keeping P3O current by CPD, 35 points logged.",
            Profile.At(3).Aiming(3).Holding("axelos-p3o-foundation", "2023-06-01").Holding("axelos-p3o-practitioner", "2024-06-01")
                .WithCpd("axelos", "2025-01-10", 20).WithCpd("axelos", "2026-03-02", 15), "portfolio-office"),
        P("Rosa", "Portfolio director whose MoP certificates lapsed.",
            Profile.At(4).Aiming(4).Holding("axelos-mop-foundation", "2019-10-01").Holding("axelos-mop-practitioner", "2020-11-20"), "portfolio-office"),
        P("Sam", "Newcomer who wants to go all the way to level 4.",
            Profile.At(1).Aiming(4), null),
        P("Tara", "PMO officer with £500 and two days a year, and an MSP Foundation from elsewhere.",
            Profile.At(2).Aiming(3).Holding("axelos-msp-foundation", "2024-02-01").WithBudget(500).WithTrainingDays(2)
                .Rating("benefits-management", 1).Rating("reporting-analysis", 1), "programme-office"),
    ];

    // ---- The text a reviewer reads ----

    private static string Render()
    {
        var framework = DefaultFramework.Snapshot;
        var b = new StringBuilder();
        b.Append("# The advice for twenty personas\n\n");
        b.Append($"Written by `AdviceGoldenTests` as of {Today}, over a fixed schedule (most courses on 8 Feb, 10 May and 13 Sep 2027 and 7 Feb 2028; ")
            .Append("Essentials for PMO Directors and Lean-Agile for PMOs have no session). Read it as a coach would: every sentence here is what a person sees. ")
            .Append($"A change to the advice fails the test until it is accepted with `{AcceptVariable}=1` and this file's diff reviewed.\n");
        var number = 0;
        foreach (var persona in Personas())
        {
            var doc = persona.Profile.Document;
            var answer = persona.Profile.Advise(Schedule);
            b.Append($"\n## {++number}. {persona.Name}: {persona.Who}\n\n");
            var facts = new List<string> { $"level {doc.Level} aiming for {doc.TargetLevel}" };
            if (doc.PmoType is { } type)
                facts.Add(framework.PmoTypeByCode[type].Name);
            foreach (var held in doc.Certifications ?? [])
                facts.Add($"{framework.FindCourse(held!.Code!)!.Title} ({held.AchievedOn})");
            foreach (var done in doc.CompletedCourses ?? [])
                facts.Add($"completed {framework.FindCourse(done!)!.Title}");
            if (doc.Competencies is { Count: > 0 } ratings)
                facts.Add("rates " + string.Join(", ", ratings.Select(r => $"{framework.CompetencyByCode[r.Key].Name} {r.Value}")));
            if (doc.YearsInPmo is { } years)
                facts.Add($"{years} years in PMO work");
            if (doc.BudgetPerYear is { } budget)
                facts.Add($"budget {Money.Format(budget, "GBP")} a year");
            if (doc.TrainingDaysPerYear is { } days)
                facts.Add($"{days.ToString("0.#", CultureInfo.InvariantCulture)} training days a year");
            foreach (var booked in doc.BookedCourses ?? [])
                facts.Add($"{(booked!.Waitlisted == true ? "waitlisted" : "booked")} on {framework.FindCourse(booked.Code!)!.Title} ({booked.StartsOn})");
            foreach (var accepted in doc.AcceptedCourses ?? [])
                facts.Add($"accepted {framework.FindCourse(accepted!.Code!)!.Title} for {accepted.TargetDate}");
            foreach (var cpd in doc.Cpd ?? [])
                facts.Add($"{cpd!.Points} CPD points on {cpd.On}");
            b.Append("*Profile:* ").Append(string.Join("; ", facts)).Append(".\n\n");

            b.Append($"Level {answer.Level}, aiming for {answer.TargetLevel}.");
            if (answer.TotalCost is { } total)
                b.Append($" The roadmap costs about {total}.");
            b.Append("\n\n### Take next\n\n");
            if (answer.Recommendations.Count == 0)
                b.Append("Nothing is due right now.\n");
            foreach (var r in answer.Recommendations)
            {
                b.Append($"- **{r.Title}** ({CourseFacts.Kind(r.Kind).ToLowerInvariant()}), due by {r.DueBy:yyyy-MM-dd}, {(r.Eligible ? "eligible" : "not yet eligible")}, rule `{r.Rule}`");
                b.Append(r.Cost is { } cost ? $", from {cost}\n" : $"\n  - *No price:* {r.CostReason}\n");
                foreach (var reason in r.Reasons)
                    b.Append($"  - {reason}\n");
                foreach (var s in r.NextSessions)
                    b.Append($"  - *Session:* {s.StartsOn:yyyy-MM-dd} with {s.Provider}, {Money.Format(s.Price, s.Currency)}, {(s.SeatsLeft == 1 ? "1 seat" : $"{s.SeatsLeft} seats")} left\n");
            }
            b.Append("\n### Roadmap\n\n");
            foreach (var year in answer.Roadmap)
            {
                var courses = year.Codes.Count == 0 ? "no course planned" : string.Join(", ", year.Codes.Select(c => framework.FindCourse(c)!.Title));
                var load = year.Days > 0 ? $" ({year.Days.ToString("0.#", CultureInfo.InvariantCulture)} {(year.Days == 1 ? "day" : "days")}{(year.Cost is { } c ? $", {c}" : "")})" : "";
                b.Append($"- **{year.Year}**, level {year.Level}: {courses}{load}\n");
                foreach (var note in year.Notes)
                    b.Append($"  - {note}\n");
            }
            if (answer.Certificates.Count > 0)
            {
                b.Append("\n### Certificates\n\n");
                foreach (var c in answer.Certificates)
                    b.Append($"- **{c.Title}** ({c.AchievedOn:yyyy-MM-dd}): {c.Summary}\n");
            }
            b.Append("\n### Considered, and not now\n\n");
            foreach (var h in answer.NotNow)
                b.Append($"- **{h.Title}** (`{h.Rule}`): {string.Join(" ", h.Reasons)}\n");
            if (answer.Notes.Count > 0)
            {
                b.Append("\n### Notes\n\n");
                foreach (var note in answer.Notes)
                    b.Append($"- {note}\n");
            }
        }
        return b.ToString();
    }

    private static (int Line, string Want, string Got) FirstDifference(string expected, string actual)
    {
        var want = expected.Split('\n');
        var got = actual.Split('\n');
        for (var i = 0; i < Math.Max(want.Length, got.Length); i++)
        {
            var w = i < want.Length ? want[i] : "(end of file)";
            var g = i < got.Length ? got[i] : "(end of text)";
            if (w != g)
                return (i + 1, w, g);
        }
        return (0, "", "");
    }

    /// <summary>The golden file in the source tree (not the build output), found from the test assembly upwards.</summary>
    private static string GoldenPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var project = Path.Combine(dir.FullName, "tests", "PmoPath.Core.Tests");
            if (Directory.Exists(project))
                return Path.Combine(project, "Advice", "golden", "advice-personas.md");
        }
        throw new InvalidOperationException($"The source folder tests/PmoPath.Core.Tests was not found above {AppContext.BaseDirectory}.");
    }
}
