using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Accounts;
using PmoPath.Catalog;
using PmoPath.Data;
using PmoPath.Framework;
using PmoPath.People;
using PmoPath.Sessions;

namespace PmoPath.Insight;

public sealed record TeamCertificateView(string Code, string Title, DateOnly AchievedOn, DateOnly? RenewBy, CertificateStatus Status);

public sealed record TeamMemberView(
    Guid PersonId, string Name, string Team, int? Level, int? TargetLevel, IReadOnlyList<TeamCertificateView> Certificates,
    int PlanDone, int PlanOpen, IReadOnlyList<int> Gaps, DateOnly? LastCertificationOn, bool NoRecentCertification);

public sealed record LapsingCertificate(Guid PersonId, string Name, string Code, string Title, DateOnly RenewBy, int DaysLeft);

public sealed record AreaColumn(string Code, string Name);

/// <summary>
/// The manager's team at a glance on <paramref name="AsOf"/>: people, certificates, plan progress, the gap heat map,
/// what lapses soon, who is overdue a certification. <see cref="TeamReport"/> makes its tables.
/// </summary>
public sealed record TeamView(
    IReadOnlyList<string> Teams, IReadOnlyList<AreaColumn> Areas, IReadOnlyList<TeamMemberView> Members,
    IReadOnlyList<LapsingCertificate> LapsingSoon, int LapsingWithinDays, int CertificationYears, DateOnly AsOf);

/// <summary>The budget for a team plan; money in the organisation's budget currency.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TeamPlanInput
{
    public decimal? Budget { get; init; }
    public decimal? Days { get; init; }
}

public sealed record TeamPlanItem(
    Guid PersonId, string PersonName, string CourseCode, string CourseTitle, Guid SessionId, string ProviderName,
    DateOnly StartsOn, decimal Cost, decimal Days, int Value, IReadOnlyList<string> Reasons);

public sealed record InHouseSuggestion(string CourseCode, string CourseTitle, int People, decimal PublicCost, decimal InHouseEstimate, decimal Saving);

public sealed record TeamPlanView(
    decimal Budget, decimal BudgetDays, string Currency, PlanMethod Method, string MethodText, int Candidates, int Value, decimal Cost, decimal Days,
    IReadOnlyList<TeamPlanItem> Items, IReadOnlyList<InHouseSuggestion> InHouse);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TeamPlanAcceptInput
{
    public List<TeamPlanAcceptItem> Items { get; init; } = [];
}

public sealed record TeamPlanAcceptItem(Guid PersonId, string CourseCode, DateOnly? TargetDate);

public sealed record TeamPlanAccepted(int Added, int AlreadyPlanned);

/// <summary>
/// The pmo-manager's team view and team plan (an org-admin sees any team of the organisation by its id).
/// The plan is chosen by <see cref="TeamPlanner"/> over candidates built here from each member's record,
/// the upcoming sessions on offer and the policy's weights (docs/adr/0008). The view and the proposal read the team through
/// <paramref name="reads"/>, the read-only database (<see cref="ReadOnlyData"/>); accepting a plan writes to the primary.
/// </summary>
public sealed class TeamInsights(AppDbContext db, [FromKeyedServices(ReadOnlyData.Key)] AppDbContext reads, PeopleAccess access, SessionSchedule schedule, FrameworkStore store, TimeProvider clock, AuditLog audit)
{
    public const int LapsingWithinDays = 90;
    public const int HorizonDays = 365;

    private Caller Caller => access.Caller;
    private DateOnly Today => clock.Today();

    /// <summary>The teams the caller may open: a manager's own, every team of the organisation for HR.</summary>
    public async Task<List<(Guid Id, string Name)>> TeamsAsync(CancellationToken ct = default)
    {
        if (_teams is not null)
            return _teams;
        var teams = Caller.Role switch
        {
            PmoRole.PmoManager when Caller.PersonId is { } me => reads.Teams.Where(t => t.ManagerId == me),
            PmoRole.OrgAdmin => reads.Teams,
            _ => reads.Teams.Where(t => false),
        };
        return _teams = [.. (await teams.AsNoTracking().Select(t => new { t.Id, t.Name }).ToListAsync(ct)).OrderBy(t => t.Name, NaturalOrder.Instance).Select(t => (t.Id, t.Name))];
    }

    /// <summary>The teams the caller may open, once read in this scope (the page lists them, then shows one).</summary>
    private List<(Guid Id, string Name)>? _teams;

    public async Task<TeamView> GetAsync(Guid? teamId = null, CancellationToken ct = default)
    {
        var (teams, members) = await LoadAsync(teamId, ct);
        var framework = await store.GetAsync(ct);
        var today = Today;
        var years = framework.Advice.CertificationOverdueAfterYears;
        var views = new List<TeamMemberView>();
        var lapsing = new List<LapsingCertificate>();
        foreach (var m in members)
        {
            var certificates = m.Person.Certificates.Select(c => (Certificate: c, Standing: CertificateStanding.Of(c, m.Person.Certificates, framework, today))).ToList();
            foreach (var (c, standing) in certificates.Where(x => x.Standing.RenewBy is { } by && by.DayNumber - today.DayNumber <= LapsingWithinDays && by >= today))
                lapsing.Add(new LapsingCertificate(m.Person.Id, m.Person.DisplayName, c.CourseCode, Title(framework, c.CourseCode), standing.RenewBy!.Value, standing.RenewBy.Value.DayNumber - today.DayNumber));
            var last = LastCertification(m.Person, framework);
            views.Add(new TeamMemberView(
                m.Person.Id, m.Person.DisplayName, m.Team, m.Person.Level, m.Person.TargetLevel,
                [.. certificates.OrderBy(x => x.Certificate.AchievedOn).Select(x => new TeamCertificateView(x.Certificate.CourseCode, Title(framework, x.Certificate.CourseCode), x.Certificate.AchievedOn, x.Standing.RenewBy, x.Standing.Status))],
                m.PlanDone, m.PlanOpen, Gaps(m.Person, framework),
                last, last is null || last.Value.AddYears(years) <= today));
        }
        return new TeamView(teams, [.. framework.Competencies.Select(a => new AreaColumn(a.Code, a.Name))], views,
            [.. lapsing.OrderBy(l => l.RenewBy)], LapsingWithinDays, years, today);
    }

    /// <summary>Proposes who takes which course within the budget; nothing is saved until it is accepted.</summary>
    public async Task<TeamPlanView> ProposeAsync(TeamPlanInput input, Guid? teamId = null, CancellationToken ct = default)
    {
        var errors = new Errors();
        if (input.Budget is not { } budget || budget < 0 || budget > 100_000_000)
            errors.Add("budget", "Give the money to spend, 0 to 100,000,000.");
        if (input.Days is not { } days || days < 0 || days > 100_000)
            errors.Add("days", "Give the training days to spend, 0 to 100,000.");
        errors.ThrowIfAny();

        var (_, members) = await LoadAsync(teamId, ct);
        var framework = await store.GetAsync(ct);
        var policy = framework.Advice;
        var currency = await db.Organisations.Where(o => o.Id == Caller.OrganisationId).Select(o => o.BudgetCurrency).FirstOrDefaultAsync(ct) ?? "GBP";
        var today = Today;
        // The cheapest open session of each course in the budget's currency, soonest on a tie.
        var offers = (await schedule.ListAsync(new SessionQuery(From: today, To: today.AddDays(HorizonDays), Limit: 1000), ct))
            .Where(s => s.BookingOpen && s.SeatsLeft > 0 && s.Currency == currency)
            .GroupBy(s => s.CourseCode).ToDictionary(g => g.Key, g => g.OrderBy(s => s.Price).ThenBy(s => s.StartsOn).First());

        var candidates = new List<PlanCandidate>();
        var reasons = new Dictionary<(Guid, string), List<string>>();
        foreach (var m in members)
            foreach (var (code, session) in offers)
            {
                var course = framework.FindCourse(code);
                if (course is null || course.Retired || m.OpenCourses.Contains(code))
                    continue;
                var why = Worth(m.Person, course, framework, today, policy);
                if (why.Value <= 0)
                    continue;
                candidates.Add(new PlanCandidate(m.Person.Id, code, course.IsCertification, session.Price, course.DurationDays, why.Value, session.Id, session.StartsOn));
                reasons[(m.Person.Id, code)] = why.Reasons;
            }
        var solution = TeamPlanner.Solve(candidates, new PlanBudget(input.Budget!.Value, input.Days!.Value));

        var names = members.ToDictionary(m => m.Person.Id, m => m.Person.DisplayName);
        var items = solution.Chosen.Select(c => new TeamPlanItem(c.PersonId, names[c.PersonId], c.CourseCode, Title(framework, c.CourseCode), c.SessionId!.Value,
            offers[c.CourseCode].ProviderName, c.StartsOn!.Value, c.Cost, c.Days, c.Value, reasons[(c.PersonId, c.CourseCode)])).ToList();
        var inHouse = items.GroupBy(i => i.CourseCode)
            .Select(g => (Course: g.Key, People: g.Count(), Public: g.Sum(i => i.Cost), Estimate: offers[g.Key].Price * policy.InHouseCostInSeats))
            .Where(x => x.People >= policy.InHouseMinimumPeople && x.Estimate < x.Public)
            .Select(x => new InHouseSuggestion(x.Course, Title(framework, x.Course), x.People, x.Public, x.Estimate, x.Public - x.Estimate)).ToList();
        var method = solution.Method == PlanMethod.Exact
            ? $"Exact: branch and bound over {candidates.Count} candidate courses proved this the most valuable plan within the budget."
            : $"Greedy: {candidates.Count} candidate courses are too many to prove the best plan quickly, so courses were taken in order of value per share of the budget, then improved by single swaps.";
        return new TeamPlanView(input.Budget.Value, input.Days.Value, currency, solution.Method, method, candidates.Count, solution.Value, solution.Cost, solution.Days, items, inHouse);
    }

    /// <summary>Puts the accepted courses into each person's plan as planned; a course already open in a plan is left as it is.</summary>
    public async Task<TeamPlanAccepted> AcceptAsync(TeamPlanAcceptInput input, CancellationToken ct = default)
    {
        if (input.Items.Count is 0 or > 1000)
            throw new InvalidInputException("items", "Accept 1 to 1000 items.");
        var framework = await store.GetAsync(ct);
        var errors = new Errors();
        for (var i = 0; i < input.Items.Count; i++)
            if (framework.FindCourse(input.Items[i].CourseCode) is not { Retired: false })
                errors.Add($"items[{i}].courseCode", $"'{input.Items[i].CourseCode}' is not a current course.");
        errors.ThrowIfAny();

        var people = new Dictionary<Guid, Person>();
        foreach (var id in input.Items.Select(i => i.PersonId).Distinct())
            people[id] = await access.DemandAsync(id, PersonAction.ProposeToPlan, ct);
        var open = await db.PlanItems.Where(i => people.Keys.Contains(i.PersonId) && (i.Status == PlanStatus.Planned || i.Status == PlanStatus.Booked))
            .Select(i => new { i.PersonId, i.CourseCode }).ToListAsync(ct);
        var planned = open.Select(o => (o.PersonId, o.CourseCode)).ToHashSet();
        var now = clock.GetUtcNow().UtcDateTime;
        var added = 0;
        foreach (var item in input.Items)
        {
            if (!planned.Add((item.PersonId, item.CourseCode)))
                continue;
            db.PlanItems.Add(new PlanItem
            {
                OrganisationId = people[item.PersonId].OrganisationId, PersonId = item.PersonId, CourseCode = item.CourseCode, TargetDate = item.TargetDate,
                Status = PlanStatus.Planned, Notes = "Proposed in the team plan.", CreatedAtUtc = now, UpdatedAtUtc = now,
            });
            db.AuditEntries.Add(audit.Entry(AuditActions.PlanChanged, Caller, item.PersonId, $"team plan added {item.CourseCode}", people[item.PersonId].OrganisationId));
            added++;
        }
        // Every accepted item, or none.
        await db.SaveChangesAsync(ct);
        return new TeamPlanAccepted(added, input.Items.Count - added);
    }

    private sealed record Member(Person Person, string Team, int PlanDone, int PlanOpen, HashSet<string> OpenCourses);

    /// <summary>The members of the caller's teams (a manager's own; one team by id for HR), with their records.</summary>
    private async Task<(List<string> Teams, List<Member> Members)> LoadAsync(Guid? teamId, CancellationToken ct)
    {
        var teams = Caller.Role switch
        {
            PmoRole.PmoManager when Caller.PersonId is { } me => reads.Teams.Where(t => t.ManagerId == me && (teamId == null || t.Id == teamId)),
            PmoRole.OrgAdmin when teamId is { } id => reads.Teams.Where(t => t.Id == id),
            PmoRole.OrgAdmin => throw new InvalidInputException("teamId", "Name the team to see."),
            _ => throw new ForbiddenException("The team view is for PMO managers and HR."),
        };
        // The page has listed the caller's teams already: the ones to show are among them.
        List<(Guid Id, string Name)> found = _teams is not null
            ? [.. _teams.Where(t => teamId == null || t.Id == teamId).OrderBy(t => t.Name, StringComparer.Ordinal)]
            : (await teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(ct)).Select(t => (t.Id, t.Name)).ToList();
        if (teamId is not null && found.Count == 0)
            throw new NotFoundException("team", teamId.ToString()!);
        var ids = found.Select(t => t.Id).ToList();
        var people = await access.Visible(reads)
            .Where(p => p.TeamId != null && ids.Contains(p.TeamId.Value) && p.Id != Caller.PersonId && p.ErasedAtUtc == null)
            .OrderBy(p => p.DisplayName).ToListAsync(ct);
        var personIds = people.Select(p => p.Id).ToList();
        // One query per collection by the people's ids: index seeks, where a split Include repeats the people's filter
        // and sort in each (docs/adr/0040). The read-only context tracks nothing, so the lists are set here.
        var certificates = (await reads.Certificates.Where(c => personIds.Contains(c.PersonId)).ToListAsync(ct)).ToLookup(c => c.PersonId);
        var completed = (await reads.CompletedCourses.Where(c => personIds.Contains(c.PersonId)).ToListAsync(ct)).ToLookup(c => c.PersonId);
        var ratings = (await reads.Ratings.Where(r => personIds.Contains(r.PersonId)).ToListAsync(ct)).ToLookup(r => r.PersonId);
        foreach (var person in people)
        {
            person.Certificates = [.. certificates[person.Id]];
            person.CompletedCourses = [.. completed[person.Id]];
            person.Ratings = [.. ratings[person.Id]];
        }
        var plans = await reads.PlanItems.Where(i => personIds.Contains(i.PersonId)).Select(i => new { i.PersonId, i.CourseCode, i.Status }).ToListAsync(ct);
        var names = found.ToDictionary(t => t.Id, t => t.Name);
        return ([.. found.Select(t => t.Name)], [.. people.Select(p => new Member(p, names[p.TeamId!.Value],
            plans.Count(i => i.PersonId == p.Id && i.Status == PlanStatus.Done),
            plans.Count(i => i.PersonId == p.Id && i.Status is PlanStatus.Planned or PlanStatus.Booked),
            [.. plans.Where(i => i.PersonId == p.Id && i.Status is PlanStatus.Planned or PlanStatus.Booked).Select(i => i.CourseCode)]))]);
    }

    private static int[] Gaps(Person person, FrameworkSnapshot framework) =>
        CompetencyGaps.Of(framework, CompetencyGaps.MeasuredLevel(person.Level, person.TargetLevel),
            person.Ratings.ToDictionary(r => r.CompetencyCode, r => CompetencyGaps.Effective(r.SelfRating, r.ManagerRating), StringComparer.Ordinal));

    /// <summary>The last certification course passed or completed.</summary>
    private static DateOnly? LastCertification(Person person, FrameworkSnapshot framework) =>
        person.Certificates.Select(c => (DateOnly?)c.AchievedOn)
            .Concat(person.CompletedCourses.Where(c => framework.FindCourse(c.CourseCode)?.IsCertification == true).Select(c => c.CompletedOn))
            .Max();

    /// <summary>What a course is worth to a person in the team plan, and why; 0 when it is held, not open to them, or closes nothing.</summary>
    private static (int Value, List<string> Reasons) Worth(Person person, Course course, FrameworkSnapshot framework, DateOnly today, Advice.AdvicePolicy policy)
    {
        var reasons = new List<string>();
        var held = person.Certificates.Where(c => c.CourseCode == course.Code)
            .Select(c => CertificateStanding.Of(c, person.Certificates, framework, today)).ToList();
        var renewing = course.IsCertification && person.Certificates.Any(c =>
            (c.CourseCode == course.Code || (course.Suite is not null && framework.FindCourse(c.CourseCode)?.Suite == course.Suite))
            && CertificateStanding.Of(c, person.Certificates, framework, today) is { RenewBy: { } by } && by.DayNumber - today.DayNumber <= HorizonDays);
        if (held.Any(s => s.Status == CertificateStatus.Current && !renewing))
            return (0, reasons);
        if (!course.IsCertification && person.CompletedCourses.Any(c => c.CourseCode == course.Code))
            return (0, reasons);
        if (PrerequisiteCheck.Unmet(course, framework, person.Level, person.YearsInPmo, person.Certificates.Select(c => c.CourseCode)).Count > 0)
            return (0, reasons);

        var value = 0;
        var gaps = Gaps(person, framework);
        if (gaps.Length > 0)
            for (var i = 0; i < gaps.Length; i++)
                if (gaps[i] > 0 && course.Competencies.Contains(framework.Competencies[i].Code))
                {
                    value += gaps[i];
                    reasons.Add($"closes a gap of {gaps[i]} in {framework.Competencies[i].Name}");
                }
        if (renewing)
        {
            value += policy.TeamPlanRenewalWeight;
            reasons.Add("keeps a certificate current");
        }
        var level = person.Level;
        if (course.IsCertification && level is { } l && course.Levels.Contains(l)
            && LastCertification(person, framework) is var last && (last is null || last.Value.AddYears(policy.CertificationOverdueAfterYears) <= today))
        {
            value += policy.TeamPlanCadenceWeight;
            reasons.Add($"no certification in {policy.CertificationOverdueAfterYears} years");
        }
        return (value, reasons);
    }

    private static string Title(FrameworkSnapshot framework, string code) => framework.FindCourse(code)?.Title ?? code;
}
