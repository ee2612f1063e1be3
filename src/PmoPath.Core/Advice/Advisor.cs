using System.Globalization;
using System.Runtime.CompilerServices;
using PmoPath.Catalog;
using PmoPath.Framework;
using PmoPath.Sessions;

namespace PmoPath.Advice;

/// <summary>The codes of the policy's rules, as recommendations and held-back courses name them.</summary>
public static class AdviceRules
{
    public const string CoreFirst = "core-first";
    public const string Cadence = "certification-cadence";
    public const string SkillGaps = "skill-gaps";
    public const string Prerequisites = "prerequisites";
    public const string Levels = "levels";
    public const string Renewal = "renewal";
    public const string Retired = "retired";
    public const string Held = "held";
    public const string InProgress = "in-progress";
    public const string Accepted = "accepted";
    public const string Budget = "budget";
}

/// <summary>
/// Which course next, and why, and a plan year by year to the target level. Pure: the answer depends only
/// on the framework, the profile and the day, so the same input always gives the same answer (no clock,
/// no database, no randomness). The rules and their order are explained in docs/adr/0004-advisor-rules.md;
/// prices, sessions, budgets and bookings in docs/adr/0015-advice-prices-and-dates.md.
/// </summary>
public static class Advisor
{
    private static readonly ConditionalWeakTable<FrameworkSnapshot, AdvisorCatalog> Catalogs = new();

    public static AdviceAnswer Advise(FrameworkSnapshot framework, AdviceRequest request, ScheduleSnapshot? schedule = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Advise(framework, request.Profile, request.AsOf, schedule);
    }

    /// <summary>
    /// The advice for <paramref name="profile"/> on <paramref name="asOf"/>. With a <paramref name="schedule"/>
    /// (the hosts always pass the public one) every recommendation carries its next sessions and cost, and a
    /// course is never planned in a year before it runs; without one, dates follow the rules alone and nothing is priced.
    /// </summary>
    public static AdviceAnswer Advise(FrameworkSnapshot framework, AdviceProfile profile, DateOnly asOf, ScheduleSnapshot? schedule = null)
    {
        ArgumentNullException.ThrowIfNull(framework);
        ArgumentNullException.ThrowIfNull(profile);
        var catalog = Catalogs.GetValue(framework, static f => new AdvisorCatalog(f));
        return new AdviceRun(catalog, profile, asOf, schedule).Answer();
    }
}

/// <summary>
/// Why a course did not fit a year: <see cref="Lead"/> ("its 3 days do not fit") and <see cref="Rest"/> ("the 1 day of
/// training left"), followed by the year when <see cref="Dated"/>; an undated one holds for every year it names.
/// </summary>
internal readonly record struct Skip(string Lead, string Rest, bool Dated);

/// <summary>Why a certification course was chosen for a roadmap slot; lower comes first.</summary>
internal enum Pick
{
    Renewal = 0,
    CoreFirst = 1,
    NextLevelCore = 2,
    OnTheWay = 3,

    /// <summary>Booked or waitlisted: in progress, placed in the year its session starts.</summary>
    Booked = 8,

    /// <summary>Accepted into the development plan: kept in its year.</summary>
    Accepted = 9,
}

/// <summary>One advice computation. Course state is kept in arrays indexed like <see cref="AdvisorCatalog.Courses"/>.</summary>
internal sealed class AdviceRun
{
    /// <summary>The roadmap never looks further ahead than this; a guard, not a rule.</summary>
    private const int MaxRoadmapYears = 25;

    private readonly AdvisorCatalog _c;
    private readonly AdviceProfile _p;
    private readonly AdvicePolicy _policy;
    private readonly DateOnly _asOf;
    private readonly int _level;
    private readonly int _target;
    private readonly int _n;

    /// <summary>The latest day each course's certificate was achieved, for courses the person holds.</summary>
    private readonly DateOnly?[] _achieved;

    /// <summary>By current course: ever held (itself or a retired predecessor), and held and current today.</summary>
    private readonly bool[] _heldEver;
    private readonly bool[] _heldValid;
    private readonly bool[] _completed;

    /// <summary>Renew-by date per renewal group (a suite shares one), from the certificates held; and whether it has passed.</summary>
    private readonly DateOnly?[] _renewBy;
    private readonly bool[] _lapsed;
    private readonly int _lastCourse = -1;
    private readonly DateOnly? _lastOn;

    /// <summary>Per competency area: the target level's expectation minus the self-rating; null where not rated.</summary>
    private readonly int?[] _gap;

    // Results of planning.
    private readonly List<(int Year, int Course, Pick Why)> _certPlan = [];
    private readonly List<(int Year, int Course)> _specialistPlan = [];
    private readonly int[] _plannedYear;
    private readonly int[] _levelFrom = new int[CareerLevel.Highest + 2];
    private readonly DateOnly?[] _plannedRenewBy;
    private readonly decimal[] _daysInYear = new decimal[MaxRoadmapYears + 1];
    private readonly List<string> _notes = [];
    private readonly string?[] _specialistHeldBack;
    private readonly List<(int Gap, int Area)> _gapOrder = [];
    private string? _planText;

    /// <summary>How many bookable sessions a recommendation lists.</summary>
    private const int MaxNextSessions = 3;

    // The schedule and the money: null sessions when the advice is given without a schedule.
    private readonly ScheduledSession[][]? _sessions;
    private readonly Money?[] _price;
    private readonly DateOnly?[] _firstStart;
    private readonly string?[] _neverFits;
    /// <summary>Per course moved to a later year: why each year before it was skipped, in order (see <see cref="MovedText"/>).</summary>
    private readonly List<(int Year, Skip Why)>?[] _moved;
    private readonly decimal[] _costInYear = new decimal[MaxRoadmapYears + 1];
    private readonly bool[] _pricedInYear = new bool[MaxRoadmapYears + 1];
    private readonly List<(int Year, int Course, string Why)> _unpriced = [];
    private string? _currency;

    // The record beyond certificates: bookings (in progress) and plan items accepted, by current course.
    private readonly BookedCourse?[] _booked;
    private readonly DateOnly?[] _acceptedFor;
    private bool _waitedForLevel;
    private readonly bool[] _chosenButTooMuch;

    /// <summary>Whether a course's sessions were read yet: only the courses the answer needs are looked up.</summary>
    private readonly bool[] _scheduleRead;

    public AdviceRun(AdvisorCatalog catalog, AdviceProfile profile, DateOnly asOf, ScheduleSnapshot? schedule = null)
    {
        _c = catalog;
        _p = profile;
        _policy = catalog.Policy;
        _asOf = asOf;
        _level = profile.Level;
        _target = Math.Max(profile.Level, profile.TargetLevel);
        _n = catalog.Courses.Length;
        _achieved = new DateOnly?[_n];
        _heldEver = new bool[_n];
        _heldValid = new bool[_n];
        _completed = new bool[_n];
        _plannedYear = new int[_n];
        _specialistHeldBack = new string?[_n];
        _gap = new int?[catalog.Areas.Length];
        _renewBy = new DateOnly?[catalog.GroupKeys.Length];
        _lapsed = new bool[catalog.GroupKeys.Length];
        _plannedRenewBy = new DateOnly?[catalog.GroupKeys.Length];

        foreach (var held in profile.Certifications)
        {
            if (!catalog.Index.TryGetValue(held.Code, out var i))
                continue;
            if (_achieved[i] is not { } known || known < held.AchievedOn)
                _achieved[i] = held.AchievedOn;
        }
        for (var i = 0; i < _n; i++)
        {
            if (_achieved[i] is not { } on)
                continue;
            if (_lastOn is null || on > _lastOn || (on == _lastOn && i < _lastCourse))
                (_lastOn, _lastCourse) = (on, i);
            if (catalog.GroupIndex[i] is var group and >= 0)
            {
                // Passing any exam of a suite renews them all: the group's renew-by date follows its latest pass.
                var renewBy = catalog.Courses[i].Renewal!.RenewByFor(on) ?? on;
                if (_renewBy[group] is not { } sofar || renewBy > sofar)
                    _renewBy[group] = renewBy;
            }
        }
        for (var g = 0; g < _renewBy.Length; g++)
            if (_renewBy[g] is { } due)
                _renewBy[g] = CpdProgress.Extend(catalog, g, due, profile, asOf);
        for (var i = 0; i < _n; i++)
        {
            if (_achieved[i] is null)
                continue;
            var group = catalog.GroupIndex[i];
            var valid = group < 0 || _renewBy[group] >= asOf;
            _heldEver[catalog.Current[i]] = true;
            _heldValid[catalog.Current[i]] |= valid;
            if (!valid)
                _lapsed[group] = true;
        }
        foreach (var code in profile.CompletedCourses)
            if (catalog.Index.TryGetValue(code, out var i))
                _completed[i] = _completed[catalog.Current[i]] = true;
        for (var a = 0; a < catalog.Areas.Length; a++)
            if (profile.Competencies.TryGetValue(catalog.Areas[a].Code, out var rating))
                _gap[a] = catalog.Areas[a].ExpectedAt(_target) - rating;

        _price = new Money?[_n];
        _firstStart = new DateOnly?[_n];
        _neverFits = new string?[_n];
        _moved = new List<(int Year, Skip Why)>?[_n];
        _booked = new BookedCourse?[_n];
        _acceptedFor = new DateOnly?[_n];
        _chosenButTooMuch = new bool[_n];
        _scheduleRead = new bool[_n];
        _sessions = schedule?.ByPosition(catalog, catalog.Courses);
        foreach (var booking in profile.Booked)
        {
            if (!catalog.Index.TryGetValue(booking.Code, out var b))
                continue;
            b = catalog.Current[b];
            if (_booked[b] is not { } earlier || earlier.StartsOn > booking.StartsOn)
                _booked[b] = booking;
        }
        foreach (var item in profile.Accepted)
        {
            if (!catalog.Index.TryGetValue(item.Code, out var i))
                continue;
            i = catalog.Current[i];
            var on = item.TargetDate is { } target && target > asOf ? target : asOf;
            if (_booked[i] is null && !_heldValid[i] && !_completed[i] && (_acceptedFor[i] is not { } known || known > on))
                _acceptedFor[i] = on;
        }
        for (var i = 0; i < _n; i++)
            _neverFits[i] = NeverFits(i);
    }

    /// <summary>The course's first bookable sessions from the day of the advice, and the cheapest of them.</summary>
    private Money? Price(int i)
    {
        ReadSchedule(i);
        return _price[i];
    }

    private DateOnly? FirstStart(int i)
    {
        ReadSchedule(i);
        return _firstStart[i];
    }

    private void ReadSchedule(int i)
    {
        if (_sessions is null || _scheduleRead[i])
            return;
        _scheduleRead[i] = true;
        var sessions = _sessions[i];
        var taken = 0;
        for (var j = ScheduleSnapshot.FirstFrom(sessions, _asOf); j < sessions.Length && taken < MaxNextSessions; j++)
        {
            var s = sessions[j];
            if (!s.BookableOn(_asOf))
                continue;
            taken++;
            _firstStart[i] ??= s.StartsOn;
            if (_price[i] is not { } best || (s.Currency == best.Currency && s.Price < best.Amount))
                _price[i] = new Money(s.Price, s.Currency);
        }
    }

    private List<SessionOffer> NextSessions(int i)
    {
        var offers = new List<SessionOffer>(MaxNextSessions);
        if (_sessions is null)
            return offers;
        var sessions = _sessions[i];
        for (var j = ScheduleSnapshot.FirstFrom(sessions, _asOf); j < sessions.Length && offers.Count < MaxNextSessions; j++)
            if (sessions[j] is var s && s.BookableOn(_asOf))
                offers.Add(new SessionOffer(s.Id, s.StartsOn, s.Provider, s.Price, s.Currency, s.SeatsLeft, s.Delivery));
        return offers;
    }

    /// <summary>Why the course can never be planned within the person's yearly days or budget; null when it can.</summary>
    private string? NeverFits(int i)
    {
        var course = _c.Courses[i];
        if (_p.TrainingDaysPerYear is { } days && course.DurationDays > days)
            return course.IsPublished("durationDays")
                ? $"It takes {Days(course.DurationDays)}, more than your {Days(days)} of training a year."
                : $"Its length is not published; the plan counts it as {Days(course.DurationDays)}, more than your {Days(days)} of training a year.";
        if (_p.BudgetPerYear is { } budget && Price(i) is { } price && price.Amount > budget)
            return $"A seat on its next session costs {price}, more than your budget of {Money.Format(budget, price.Currency)} a year.";
        return null;
    }

    /// <summary>The training days of <paramref name="year"/>; in the year of the advice, only the part of the year that is left.</summary>
    private decimal? Capacity(int year)
    {
        if (_p.TrainingDaysPerYear is not { } days)
            return null;
        if (year != _asOf.Year)
            return days;
        var end = new DateOnly(year, 12, 31);
        var left = end.DayNumber - _asOf.DayNumber + 1;
        return Math.Ceiling(days * left / (DateTime.IsLeapYear(year) ? 366 : 365));
    }

    /// <summary>Whether course <paramref name="i"/> can be added to <paramref name="year"/>; if not, why not (a clause).</summary>
    private bool Fits(int i, int year, out Skip why)
    {
        why = default;
        if (_sessions is not null)
        {
            if (FirstStart(i) is { } start && start.Year > year)
            {
                why = new Skip($"its next session starts on {D(start)}", "", Dated: false);
                return false;
            }
            if (FirstStart(i) is null && year == _asOf.Year)
            {
                why = new Skip("no session of it can be booked yet", "", Dated: false);
                return false;
            }
        }
        var duration = _c.Courses[i].DurationDays;
        if (Capacity(year) is { } capacity && DaysIn(year) + duration > capacity)
        {
            var left = Math.Max(0, capacity - DaysIn(year));
            why = new Skip($"{LengthText(i)} {(duration == 1 ? "does" : "do")} not fit", $"the {Days(left)} of training left", Dated: true);
            return false;
        }
        if (_p.BudgetPerYear is { } budget && Price(i) is { } price && price.Currency == (_currency ?? price.Currency)
            && CostIn(year) + price.Amount > budget)
        {
            why = new Skip($"a seat at {price} does not fit", $"the {Money.Format(Math.Max(0, budget - CostIn(year)), price.Currency)} left of your budget", Dated: true);
            return false;
        }
        return true;
    }

    /// <summary>"its 3 days", "its 1 day", or, for a course whose length is not published, what the plan counts instead.</summary>
    private string LengthText(int i)
    {
        var course = _c.Courses[i];
        return course.IsPublished("durationDays")
            ? $"its {Days(course.DurationDays)}"
            : $"its length is not published, and the {Days(course.DurationDays)} the plan counts for it";
    }

    /// <summary>The first year from <paramref name="from"/> the course fits; -1 when none within the horizon. <paramref name="skipped"/> gets why each year before it did not.</summary>
    private int FitYear(int i, int from, ref List<(int Year, Skip Why)>? skipped)
    {
        for (var year = from; year <= _asOf.Year + MaxRoadmapYears; year++)
        {
            if (Fits(i, year, out var not))
                return year;
            // Made only when a year is skipped: most courses fit the first year tried.
            (skipped ??= []).Add((year, not));
        }
        return -1;
    }

    /// <summary>
    /// Why a course was moved, every skipped year accounted for: the same reason in several years is said once with
    /// its years ("its 3 days do not fit the 1 day of training left this year, and the 2 days left in 2027 and 2028"
    /// reads as two clauses, each naming its years).
    /// </summary>
    private string MovedText(List<(int Year, Skip Why)> skipped)
    {
        var clauses = new List<(Skip Why, List<int> Years)>(skipped.Count);
        foreach (var (year, why) in skipped)
        {
            var at = clauses.FindIndex(c => c.Why == why);
            if (at < 0)
                clauses.Add((why, [year]));
            else if (!clauses[at].Years.Contains(year))
                clauses[at].Years.Add(year);
        }
        var parts = new List<string>(clauses.Count);
        string? lead = null;
        foreach (var (why, years) in clauses)
        {
            if (!why.Dated)
            {
                parts.Add(why.Lead);
                lead = null;
                continue;
            }
            var thisYear = years.Contains(_asOf.Year);
            var later = years.Where(y => y != _asOf.Year).Select(y => y.ToString(CultureInfo.InvariantCulture)).ToList();
            var when = (thisYear, later.Count) switch
            {
                (true, 0) => "this year",
                (false, _) => "in " + CourseComparison.And(later),
                _ => "this year, and in " + CourseComparison.And(later),
            };
            var rest = why.Rest.Length == 0 ? "" : " " + why.Rest;
            // The same obstacle in later years continues the sentence: "… the 1 day left this year, nor the 0 days left in 2027".
            if (lead == why.Lead && rest.Length > 0)
                parts[^1] += $", nor{rest} {when}";
            else
                parts.Add($"{why.Lead}{rest} {when}");
            lead = why.Lead;
        }
        return string.Join("; ", parts);
    }

    public AdviceAnswer Answer()
    {
        PlanCertifications();
        PlanSpecialists();

        var recommendations = new List<Recommendation>();
        var recommended = new bool[_n];
        // A certification accepted into the plan for this year is the person's own choice: it comes first.
        foreach (var (year, course, why) in _certPlan)
        {
            if (why != Pick.Accepted || year != _asOf.Year)
                continue;
            recommendations.Add(RecommendAccepted(course));
            recommended[course] = true;
        }
        if (FirstCertificationIsDueNow() is { } first)
        {
            recommendations.Add(RecommendCertification(first));
            recommended[first.Course] = true;
        }
        foreach (var (year, course) in _specialistPlan)
        {
            if (year != _asOf.Year || _booked[course] is not null)
                continue;
            recommendations.Add(_acceptedFor[course] is not null ? RecommendAccepted(course) : RecommendSpecialist(course));
            recommended[course] = true;
        }

        var notNow = new List<HeldBack>();
        for (var i = 0; i < _n; i++)
            if (!recommended[i] && _c.Courses[i].Kind != CourseKind.External)
                notNow.Add(HoldBack(i));

        if (_p.BudgetPerYear is { } budget && _sessions is null)
            _notes.Add($"A budget of {budget.ToString("#,0.##", CultureInfo.InvariantCulture)} a year was noted; this advice was given without the session schedule's prices, so it does not limit the plan.");
        if (_p.Competencies.Count == 0)
            _notes.Add("You rated no competency areas, so no specialist course is suggested for skill gaps: rate yourself 0 to 4 in the areas that matter to you.");

        var roadmap = Roadmap();
        var total = _currency is null ? null : new Money(_costInYear.Sum(), _currency);
        return new AdviceAnswer(_asOf, _level, _target, recommendations, notNow, roadmap, Certificates(), _notes) { TotalCost = total };
    }

    /// <summary>The recommendation with its next sessions and cost; a due date never before the course runs.</summary>
    private Recommendation Priced(Recommendation r, int i, int year)
    {
        var dueBy = r.DueBy;
        if (_sessions is not null)
        {
            if (year > _asOf.Year && dueBy.Year < year)
                dueBy = FirstStartIn(i, year) ?? DayIn(year);
            if (FirstStart(i) is { } start && start > dueBy)
                dueBy = start;
        }
        var reasons = r.Reasons;
        var firstFit = Price(i) is not null ? (year > _asOf.Year && _sessions is not null ? FirstStartIn(i, year) : FirstStart(i)) : null;
        // Moved only because it does not run sooner: one sentence says when and what it costs, not the same date twice.
        if (_moved[i] is { } moved && year > _asOf.Year && firstFit is { } runs && moved.TrueForAll(m => m.Why.Lead == $"its next session starts on {D(runs)}"))
            reasons = [.. reasons, $"Planned for {year}: its next session starts on {D(runs)}; a seat costs from {Price(i)}."];
        else
        {
            if (_moved[i] is { } later && year > _asOf.Year)
                reasons = [.. reasons, $"Planned for {year}: {MovedText(later)}."];
            if (firstFit is { } first)
                reasons = [.. reasons, $"The next session that fits starts on {D(first)}; a seat costs from {Price(i)}."];
        }
        return r with
        {
            DueBy = dueBy,
            Reasons = reasons,
            NextSessions = NextSessions(i),
            Cost = Price(i),
            CostReason = Price(i) is not null ? null
                : _sessions is null ? "The advice was given without the session schedule, so no price is known."
                : $"No public session of {_c.Title(i)} can be booked from {D(_asOf)}: ask a provider for one, or look again later.",
        };
    }

    /// <summary>The start of the first bookable session that starts in <paramref name="year"/> or later.</summary>
    private DateOnly? FirstStartIn(int i, int year)
    {
        var sessions = _sessions![i];
        for (var j = ScheduleSnapshot.FirstFrom(sessions, new DateOnly(year, 1, 1)); j < sessions.Length; j++)
            if (sessions[j].BookableOn(_asOf))
                return sessions[j].StartsOn;
        return null;
    }

    private Recommendation RecommendAccepted(int i)
    {
        var course = _c.Courses[i];
        var on = _acceptedFor[i]!.Value;
        var reasons = new List<string>
        {
            $"It is in your development plan for {D(on)}, as you or your manager accepted it; the advice keeps it there.",
        };
        if (course.Prerequisites.Count > 0)
            reasons.Add(IsEligible(i, _level, _p.YearsInPmo, _heldEver) ? PrerequisitesMetText(i) : "Its prerequisites are not met yet: see the course page.");
        var r = new Recommendation(course.Code, course.Title, course.Kind, IsEligible(i, _level, _p.YearsInPmo, _heldEver), on, AdviceRules.Accepted, reasons);
        return Priced(r, i, _plannedYear[i]);
    }

    // ---- Certifications: a simulated plan, one slot every CertificationDueAfterYears years ----

    private void PlanCertifications()
    {
        var heldEver = (bool[])_heldEver.Clone();
        var heldValid = (bool[])_heldValid.Clone();
        var lapsed = (bool[])_lapsed.Clone();
        Array.Copy(_renewBy, _plannedRenewBy, _renewBy.Length);

        var spacing = _policy.CertificationDueAfterYears;
        var level = _level;
        int? coreYear = CoreHeldYear(level, heldValid);
        var goalAtStart = AtGoal(level, heldValid);

        // Bookings and accepted plan items come first, where they are: the advice plans around them.
        var fixedYears = new List<int>();
        foreach (var (year, course, why) in FixedCertifications())
        {
            Place(year, course, why, heldEver, heldValid, lapsed);
            fixedYears.Add(year);
            if (coreYear is null && HoldsCore(level, heldValid))
                coreYear = year;
        }
        var slot = AwayFrom(fixedYears, FirstSlotYear(heldEver, heldValid, lapsed));
        var horizon = _asOf.Year + MaxRoadmapYears;
        var sinceProgress = 0;
        var placed = 0;

        while (slot <= horizon)
        {
            // Move up a level once the core certification of the level has been held for a cycle.
            while (level < _target && coreYear is { } y && LevelUpYear(y) <= slot)
            {
                var from = LevelUpYear(y);
                level++;
                _levelFrom[level] = from;
                coreYear = HoldsCore(level, heldValid) ? from : null;
                sinceProgress = 0;
            }
            if (AtGoal(level, heldValid) && (_certPlan.Count > 0 || !goalAtStart))
                break;

            var pick = Choose(level, YearsAt(slot), heldEver, heldValid, lapsed, out var why);
            if (pick < 0)
            {
                if (level < _target && coreYear is { } waiting)
                {
                    slot = AwayFrom(fixedYears, Math.Max(slot + 1, LevelUpYear(waiting)));
                    _waitedForLevel |= placed == 0;
                    continue;
                }
                if (level < _target)
                    _notes.Add(Array.Exists(_c.Certifications, c => _neverFits[c] is not null && Serves(c, level))
                        ? $"No certification on your way from level {level} to level {_target} fits within your yearly training days or budget (see the courses held back), so the roadmap stops there."
                        : $"The catalogue offers no certification that you can take at level {level} on the way to level {_target}, so the roadmap stops there.");
                break;
            }

            // When it runs, and what is left of the year's days and budget, may move it to a later year.
            List<(int Year, Skip Why)>? skipped = null;
            var fit = FitYear(pick, slot, ref skipped);
            if (fit < 0)
            {
                _neverFits[pick] = $"It does not fit any year of your roadmap: {MovedText([skipped![0]])}.";
                continue;
            }
            if (fit > slot)
            {
                // A later slot may find it again and move it further: every year skipped is kept, for the reason.
                (_moved[pick] ??= []).AddRange(skipped!);
                slot = AwayFrom(fixedYears, fit);
                continue;
            }

            Place(slot, pick, why, heldEver, heldValid, lapsed);
            placed++;
            // A core of the level, new or renewed, starts the cycle after which the person moves up.
            if (coreYear is null && HoldsCore(level, heldValid))
            {
                coreYear = slot;
                sinceProgress = 0;
            }
            else if (level < _target && ++sinceProgress > 2)
            {
                _notes.Add($"The catalogue offers no core certification that you can reach at level {level}, so the roadmap stops there.");
                break;
            }
            slot = AwayFrom(fixedYears, slot + spacing);
            if (goalAtStart && placed > 0 && AtGoal(level, heldValid))
                break;
        }
    }

    /// <summary>Adds a certification to the plan in <paramref name="year"/> and counts it as held from then on.</summary>
    private void Place(int year, int course, Pick why, bool[] heldEver, bool[] heldValid, bool[] lapsed)
    {
        _certPlan.Add((year, course, why));
        _plannedYear[course] = year;
        AddDays(year, _c.Courses[course].DurationDays);
        AddCost(year, course, why);
        heldEver[course] = heldValid[course] = true;
        if (_c.GroupIndex[course] is var group and >= 0)
        {
            lapsed[group] = false;
            for (var j = 0; j < _n; j++)
                if (heldEver[j] && _c.GroupIndex[j] == group)
                    heldValid[j] = true;
            var on = why == Pick.Booked ? _booked[course]!.StartsOn : why == Pick.Accepted ? _acceptedFor[course]!.Value : DayIn(year);
            _plannedRenewBy[group] = on.AddYears(_c.Courses[course].Renewal!.Years ?? 0);
        }
    }

    /// <summary>Certification courses booked, then accepted into the plan, earliest first.</summary>
    private List<(int Year, int Course, Pick Why)> FixedCertifications()
    {
        var list = new List<(int Year, int Course, Pick Why)>();
        foreach (var i in _c.Certifications)
        {
            if (_booked[i] is { } booking)
                list.Add((Math.Max(_asOf.Year, booking.StartsOn.Year), i, Pick.Booked));
            else if (_acceptedFor[i] is { } on)
                list.Add((on.Year, i, Pick.Accepted));
        }
        list.Sort((a, b) => a.Year != b.Year ? a.Year.CompareTo(b.Year) : a.Course.CompareTo(b.Course));
        return list;
    }

    /// <summary>The first year from <paramref name="year"/> at least the cadence away from every booked or accepted certification.</summary>
    private int AwayFrom(List<int> fixedYears, int year)
    {
        for (var moved = true; moved;)
        {
            moved = false;
            foreach (var y in fixedYears)
                if (Math.Abs(year - y) < _policy.CertificationDueAfterYears)
                    (year, moved) = (y + _policy.CertificationDueAfterYears, true);
        }
        return year;
    }

    /// <summary>
    /// The first year a certification may be planned: now when none is held or the last is due; the year it
    /// falls due when the last was taken too recently. Renewing a lapsed certificate does not wait for the
    /// cadence, only for a year without another certification.
    /// </summary>
    private int FirstSlotYear(bool[] heldEver, bool[] heldValid, bool[] lapsed)
    {
        if (_lastOn is not { } last)
            return _asOf.Year;
        var soonest = Math.Max(_asOf.Year, last.Year + 1);
        if (Array.IndexOf(lapsed, true) >= 0 && Choose(_level, YearsAt(soonest), heldEver, heldValid, lapsed, out var why) >= 0 && why == Pick.Renewal)
            return soonest;
        var dueFrom = last.AddYears(_policy.CertificationDueAfterYears);
        return dueFrom <= _asOf ? _asOf.Year : Math.Max(dueFrom.Year, soonest);
    }

    private int LevelUpYear(int coreYear) => Math.Max(coreYear + _policy.CertificationDueAfterYears, _asOf.Year + 1);

    private int? YearsAt(int year) => _p.YearsInPmo is { } years ? years + (year - _asOf.Year) : null;

    private bool AtGoal(int level, bool[] heldValid) =>
        level == _target && (_c.CoresAt[level].Length == 0 || HoldsCore(level, heldValid));

    private bool HoldsCore(int level, bool[] heldValid)
    {
        foreach (var core in _c.CoresAt[level])
            if (heldValid[core])
                return true;
        return false;
    }

    /// <summary>The year the person took a current core certification of <paramref name="level"/>, if they hold one.</summary>
    private int? CoreHeldYear(int level, bool[] heldValid)
    {
        if (_c.CoresAt[level].Length == 0)
            return _asOf.Year - _policy.CertificationDueAfterYears;
        int? year = null;
        for (var i = 0; i < _n; i++)
            if (_achieved[i] is { } on && heldValid[_c.Current[i]] && _c.IsCoreAt(_c.Current[i], level))
                year = year is { } y ? Math.Min(y, on.Year) : on.Year;
        return year;
    }

    /// <summary>The best eligible certification for a person at <paramref name="level"/>, or -1.</summary>
    private int Choose(int level, int? years, bool[] heldEver, bool[] heldValid, bool[] lapsed, out Pick why)
    {
        var best = -1;
        why = Pick.OnTheWay;
        var bestKey = long.MaxValue;
        foreach (var i in _c.Certifications)
        {
            if (_neverFits[i] is not null || !Category(i, level, heldEver, heldValid, lapsed, out var category, out var sub) || !IsEligible(i, level, years, heldEver))
                continue;
            // The order of preference, most significant first, packed into one number: why it is chosen, how
            // strongly (renewal route, level), builds on what is held, opens the way, skill gaps developed, position.
            var key = ((long)category << 56) | ((long)Math.Clamp(sub, 0, 255) << 48) | ((PmoRule(i, level) >= 0 ? 0L : 1L) << 45)
                | ((Continues(i, heldEver) ? 0L : 1L) << 44) | ((Opens(i, level, heldValid) ? 0L : 1L) << 43)
                | ((long)Math.Clamp(1000 - GapCovered(i), 0, 0xFFFF) << 24) | (uint)i;
            if (key < bestKey)
                (best, bestKey, why) = (i, key, category);
        }
        return best;
    }

    private bool Category(int i, int level, bool[] heldEver, bool[] heldValid, bool[] lapsed, out Pick category, out int sub)
    {
        category = Pick.OnTheWay;
        sub = 0;
        if (heldValid[i])
            return false;
        var basis = Basis(i, level, heldValid, out var basisSub);
        if (_c.GroupIndex[i] is var group and >= 0 && lapsed[group])
        {
            // Another exam of the suite renews it all and adds a certificate, and among those the one that also
            // serves the other rules best comes first; a retake (the most advanced first) only renews.
            if (!heldEver[i] && basis is { } b)
            {
                (category, sub) = (Pick.Renewal, ((int)b * 10) + basisSub);
                return true;
            }
            if (heldEver[i])
            {
                (category, sub) = (Pick.Renewal, 100 + ((CareerLevel.Highest - _c.MaxLevel[i]) * 10) + Math.Max(0, 9 - _c.Depth[i]));
                return true;
            }
        }
        if (basis is not { } found)
            return false;
        (category, sub) = (found, basisSub);
        return true;
    }

    /// <summary>Why a course would be chosen leaving renewal aside: core first, a core of a level on the way, or on the way.</summary>
    private Pick? Basis(int i, int level, bool[] heldValid, out int sub)
    {
        sub = 0;
        if (_c.IsCoreAt(i, level) && !HoldsCore(level, heldValid))
            return Pick.CoreFirst;
        for (var l = level + 1; l <= _target; l++)
        {
            if (_c.IsCoreAt(i, l))
            {
                sub = l;
                return Pick.NextLevelCore;
            }
        }
        return Serves(i, level) ? Pick.OnTheWay : null;
    }

    /// <summary>The PMO-type rule that weighs course <paramref name="i"/> up for this person at <paramref name="level"/>, or -1.</summary>
    private int PmoRule(int i, int level) =>
        _p.PmoType is { } type && _c.PmoFavour.TryGetValue(type, out var byLevel) ? byLevel[level][i] : -1;

    private void AddPmoTypeReason(int i, List<string> reasons)
    {
        if (PmoRule(i, _level) is var rule and >= 0)
            reasons.Add(_policy.PmoTypeRules[rule].Reason);
    }

    private bool Serves(int i, int level) => _c.MinLevel[i] <= _target && _c.MaxLevel[i] >= level;

    private bool IsEligible(int i, int level, int? years, bool[] heldEver)
    {
        foreach (var prerequisite in _c.Courses[i].Prerequisites)
            if (!Met(prerequisite, level, years, heldEver))
                return false;
        return true;
    }

    private bool Met(Prerequisite prerequisite, int level, int? years, bool[] heldEver) => prerequisite.Kind switch
    {
        // A lapsed certificate was still passed: it counts for prerequisites ("not current" is not "never held").
        PrerequisiteKind.Certificate => heldEver[_c.Current[_c.Index[prerequisite.Course!]]],
        PrerequisiteKind.CurrentLevel => level == prerequisite.Level,
        PrerequisiteKind.MinimumLevel => level >= prerequisite.Level,
        PrerequisiteKind.YearsExperience => years >= prerequisite.Years,
        PrerequisiteKind.AnyCertificate => HoldsAny(prerequisite, heldEver),
        _ => false,
    };

    private bool HoldsAny(Prerequisite prerequisite, bool[] heldEver)
    {
        foreach (var code in prerequisite.Courses ?? [])
            if (_c.Index.TryGetValue(code, out var q) && heldEver[_c.Current[q]])
                return true;
        return false;
    }

    /// <summary>Builds on something held: a prerequisite passed, or the same suite or body as a certificate held.</summary>
    private bool Continues(int i, bool[] heldEver)
    {
        foreach (var q in _c.CertificatePrerequisites[i])
            if (heldEver[_c.Current[q]])
                return true;
        foreach (var j in _c.Related[i])
            if (heldEver[j])
                return true;
        return false;
    }

    private bool Opens(int i, int level, bool[] heldValid)
    {
        for (var l = level + 1; l <= _target; l++)
            if ((_c.OpensLevels[i] & (1 << l)) != 0 && !HoldsCore(l, heldValid))
                return true;
        return false;
    }

    private int GapCovered(int i)
    {
        var sum = 0;
        foreach (var a in _c.CourseAreas[i])
            if (_gap[a] is > 0 and var g)
                sum += g;
        return sum;
    }

    private (int Year, int Course, Pick Why)? FirstCertificationIsDueNow()
    {
        var at = _certPlan.FindIndex(p => p.Why < Pick.Booked);
        if (at < 0 || _waitedForLevel)
            return null;
        var first = _certPlan[at];
        // One at a time: after a booking or an accepted certification, the next one waits; and a course moved
        // further than next year (it does not fit before) is on the roadmap, not "take next".
        if (_certPlan.Exists(p => p.Why >= Pick.Booked && p.Year <= first.Year) || first.Year > _asOf.Year + 1)
            return null;
        var dueNow = _lastOn is not { } last || last.AddYears(_policy.CertificationDueAfterYears) <= _asOf;
        // A lapsed certificate is recommended for renewal even when the next new certification is not yet due.
        return dueNow || first.Why == Pick.Renewal ? first : null;
    }

    // ---- Specialist courses for skill gaps ----

    private void PlanSpecialists()
    {
        // Largest gap first, then catalogue order; a handful of areas, so a simple insertion sort.
        var areas = new List<int>(_gap.Length);
        for (var a = 0; a < _gap.Length; a++)
        {
            if (_gap[a] is not { } g || g < _policy.MinimumGap)
                continue;
            var at = areas.Count;
            while (at > 0 && _gap[areas[at - 1]]!.Value < g)
                at--;
            areas.Insert(at, a);
        }
        var chosen = new List<int>();
        var coveredBy = new Dictionary<int, int>();
        foreach (var a in areas)
        {
            if (coveredBy.ContainsKey(a))
                continue;
            var course = -1;
            foreach (var s in _c.Specialists)
            {
                if (_completed[s] || _booked[s] is not null || _acceptedFor[s] is not null || !Serves(s, _level) || !IsEligible(s, _level, _p.YearsInPmo, _heldEver) || Array.IndexOf(_c.CourseAreas[s], a) < 0)
                    continue;
                course = s;
                break;
            }
            if (course < 0)
            {
                var area = _c.Areas[a];
                _notes.Add($"No specialist course in the catalogue develops {_c.AreaNames[a]} yet (you rate yourself {_p.Competencies[area.Code]}, level {_target} expects {area.ExpectedAt(_target)}): look to coaching, mentoring or other self-development.");
                continue;
            }
            if (chosen.Contains(course))
                continue;
            chosen.Add(course);
            foreach (var other in _c.CourseAreas[course])
                coveredBy.TryAdd(other, course);
        }
        foreach (var s in _c.Specialists)
            if (!chosen.Contains(s))
                foreach (var a in _c.CourseAreas[s])
                    if (coveredBy.TryGetValue(a, out var by) && _gap[a] >= _policy.MinimumGap && _specialistHeldBack[s] is null)
                        _specialistHeldBack[s] = $"Your gap in {_c.AreaNames[a]} is taken care of by {_c.Title(by)}.";

        if (_p.PmoType is not null)
        {
            // The PMO type moves a chosen course forward among those chosen; it never adds one.
            var favoured = chosen.Where(s => PmoRule(s, _level) >= 0).ToList();
            chosen = [.. favoured, .. chosen.Where(s => PmoRule(s, _level) < 0)];
        }
        // Specialist courses booked or accepted stay where they are and count towards their year.
        var perYear = new int[MaxRoadmapYears + 1];
        foreach (var s in _c.Specialists)
        {
            var on = _booked[s]?.StartsOn ?? _acceptedFor[s];
            if (on is not { } day)
                continue;
            var year = Math.Max(_asOf.Year, day.Year);
            if (year - _asOf.Year > MaxRoadmapYears)
                continue;
            perYear[year - _asOf.Year]++;
            AddDays(year, _c.Courses[s].DurationDays);
            AddCost(year, s, _booked[s] is not null ? Pick.Booked : Pick.Accepted);
            _specialistPlan.Add((year, s));
            _plannedYear[s] = year;
        }

        if (_policy.MaxSpecialistRecommendations <= 0)
            return;
        foreach (var s in chosen)
        {
            if (_neverFits[s] is not null)
            {
                _chosenButTooMuch[s] = true;
                continue;
            }
            var year = _asOf.Year;
            List<(int Year, Skip Why)>? skipped = null;
            for (; year < _asOf.Year + MaxRoadmapYears; year++)
            {
                if (perYear[year - _asOf.Year] >= _policy.MaxSpecialistRecommendations)
                {
                    (skipped ??= []).Add((year, _specialistsFull ??= SpecialistsFull()));
                    continue;
                }
                if (Fits(s, year, out var not))
                    break;
                (skipped ??= []).Add((year, not));
            }
            if (year >= _asOf.Year + MaxRoadmapYears)
                continue;
            if (year > _asOf.Year)
                _moved[s] = skipped;
            perYear[year - _asOf.Year]++;
            AddDays(year, _c.Courses[s].DurationDays);
            AddCost(year, s, Pick.OnTheWay);
            _specialistPlan.Add((year, s));
            _plannedYear[s] = year;
        }
    }

    private Skip? _specialistsFull;

    private Skip SpecialistsFull()
    {
        var most = _policy.MaxSpecialistRecommendations;
        return new Skip($"at most {most} specialist {(most == 1 ? "course" : "courses")} a year, and {(most == 1 ? "one is" : "that many are")} already planned", "", Dated: true);
    }

    private void AddDays(int year, decimal days)
    {
        if (year - _asOf.Year is var offset and >= 0 and <= MaxRoadmapYears)
            _daysInYear[offset] += days;
    }

    private decimal DaysIn(int year) => year - _asOf.Year is var offset and >= 0 and <= MaxRoadmapYears ? _daysInYear[offset] : 0;

    private decimal CostIn(int year) => year - _asOf.Year is var offset and >= 0 and <= MaxRoadmapYears ? _costInYear[offset] : 0;

    /// <summary>
    /// Counts the course's price in <paramref name="year"/>: the booked session's, else the cheapest next session's.
    /// The first price decides the answer's currency; a course priced in another is noted, not added.
    /// </summary>
    private void AddCost(int year, int course, Pick why)
    {
        if (_sessions is null || year - _asOf.Year is not (var offset and >= 0 and <= MaxRoadmapYears))
            return;
        var price = Price(course);
        if (why == Pick.Booked)
        {
            price = null;
            foreach (var s in _sessions[course])
                if (s.Id == _booked[course]!.SessionId)
                    price = new Money(s.Price, s.Currency);
        }
        if (price is null)
        {
            _unpriced.Add((year, course, why == Pick.Booked ? $"the price of your {(_booked[course]!.Waitlisted ? "waitlisted" : "booked")} session of {_c.Title(course)} is not in the public schedule, so it is not counted" : $"no session of {_c.Title(course)} can be booked now, so its price is not known and not counted"));
            return;
        }
        _currency ??= price.Currency;
        if (price.Currency != _currency)
        {
            _unpriced.Add((year, course, $"{_c.Title(course)} is priced in {price.Currency}, so its {price} is not added to the {_currency} total"));
            return;
        }
        _costInYear[offset] += price.Amount;
        _pricedInYear[offset] = true;
    }

    /// <summary>"1 day", "2 days", "2.5 days".</summary>
    private static string Days(decimal days) =>
        days == 1 ? "1 day" : $"{days.ToString("0.#", CultureInfo.InvariantCulture)} days";

    // ---- What the person reads ----

    private Recommendation RecommendCertification((int Year, int Course, Pick Why) pick)
    {
        var i = pick.Course;
        var course = _c.Courses[i];
        var reasons = new List<string>();
        var rule = AdviceRules.Cadence;
        switch (pick.Why)
        {
            case Pick.Renewal:
                rule = AdviceRules.Renewal;
                reasons.Add(RenewalReason(i));
                if (_achieved[i] is null && Basis(i, _level, _heldValid, out _) == Pick.CoreFirst)
                    reasons.Add($"It is also a core certification for level {_level}, where you work.");
                break;
            case Pick.CoreFirst when LevelIn(pick.Year) is var assumed && assumed > _level:
                // Chosen for the level the plan assumes in its year, not the one worked at today: say so.
                rule = AdviceRules.CoreFirst;
                reasons.Add($"It is the core certification for level {assumed}, where the plan assumes you work from {_levelFrom[assumed]} ({_policy.CertificationDueAfterYears} years after your level {assumed - 1} core certification).");
                break;
            case Pick.CoreFirst:
                rule = AdviceRules.CoreFirst;
                reasons.Add($"It is the core certification for level {_level}, where you work, and you hold no current core certification for that level.");
                break;
            case Pick.NextLevelCore:
                reasons.Add($"It is a core certification for level {LowestCoreLevelAbove(i)}, the next step on your way to level {_target}.");
                break;
            default:
                reasons.Add(_level == _target
                    ? $"It serves {_c.LevelsText[i]}, and keeps you developing at level {_level}."
                    : $"It serves {_c.LevelsText[i]}, on your way from level {_level} to level {_target}.");
                break;
        }

        DateOnly dueBy;
        if (_lastOn is not { } last)
        {
            dueBy = _asOf;
            reasons.Add("You hold no certification yet, so start with the first session you can book.");
        }
        else
        {
            var dueFrom = last.AddYears(_policy.CertificationDueAfterYears);
            var overdue = last.AddYears(_policy.CertificationOverdueAfterYears);
            var lastText = $"Your last certification, {_c.Title(_lastCourse)}, was on {D(last)}";
            if (dueFrom > _asOf)
            {
                dueBy = DayIn(pick.Year);
                reasons.Add($"{lastText}: a new certification is not due until {D(dueFrom)}, but renewing a lapsed certificate does not wait for that.");
            }
            else if (overdue <= _asOf)
            {
                dueBy = _asOf;
                reasons.Add($"Your last certification, {_c.Title(_lastCourse)}, was in {last.Year}; a new one every {_policy.CertificationDueAfterYears} to {_policy.CertificationOverdueAfterYears} years keeps your knowledge and your record current, so now is a good time.");
            }
            else
            {
                dueBy = overdue;
                reasons.Add($"{lastText}: the next is due from {D(dueFrom)} and overdue after {D(overdue)}.");
            }
        }

        if (pick.Why != Pick.Renewal && _c.GroupIndex[i] is var group and >= 0 && _renewBy[group] is { } renewBy && renewBy >= _asOf)
            reasons.Add(HeldInGroup(group) is { Count: 1 } one
                ? $"Passing it also renews your {one[0]} certificate, which is due for renewal by {D(renewBy)}."
                : $"Passing it also renews your {_c.GroupNames[_c.GroupKeys[group]]} certificates, which are due for renewal by {D(renewBy)}.");
        if (Continues(i, _heldEver) && pick.Why != Pick.Renewal)
            reasons.Add(ContinuesText(i));
        if (Opens(i, _level, _heldValid))
            reasons.Add(OpensText(i));
        reasons.Add(PrerequisitesMetText(i));
        AddPmoTypeReason(i, reasons);
        AddGapTexts(i, "It also develops", reasons);
        if (_c.Predecessors[i].Length > 0)
            reasons.Add($"It replaced {string.Join(" and ", _c.Predecessors[i].Select(_c.Title))}, which {(_c.Predecessors[i].Length == 1 ? "is" : "are")} retired.");
        return Priced(new Recommendation(course.Code, course.Title, course.Kind, IsEligible(i, _level, _p.YearsInPmo, _heldEver), dueBy, rule, reasons), i, pick.Year);
    }

    private Recommendation RecommendSpecialist(int i)
    {
        var course = _c.Courses[i];
        var reasons = new List<string>(3);
        AddGapTexts(i, "It develops", reasons);
        AddPmoTypeReason(i, reasons);
        reasons.Add($"A short course ({(course.IsPublished("durationDays") ? CourseFacts.Duration(course) : "its length is not published")}) to take alongside your certifications, within {_policy.SpecialistDueWithinMonths} months.");
        if (course.Prerequisites.Count > 0)
            reasons.Add(PrerequisitesMetText(i));
        return Priced(new Recommendation(course.Code, course.Title, course.Kind, IsEligible(i, _level, _p.YearsInPmo, _heldEver),
            _asOf.AddMonths(_policy.SpecialistDueWithinMonths), AdviceRules.SkillGaps, reasons), i, _asOf.Year);
    }

    private HeldBack HoldBack(int i)
    {
        var course = _c.Courses[i];
        var reasons = new List<string>(2);
        string rule;
        if (course.Retired)
        {
            rule = AdviceRules.Retired;
            reasons.Add(_c.RetiredText[i]);
            if (_achieved[i] is not null)
                reasons.Add($"Your {course.Title} certificate still counts as holding {_c.Title(_c.Current[i])}.");
        }
        else if (_booked[i] is { } booking)
        {
            rule = AdviceRules.InProgress;
            reasons.Add(BookedText(i, booking));
        }
        else if (_heldValid[i])
        {
            rule = AdviceRules.Held;
            reasons.Add(HeldText(i));
        }
        else if (_acceptedFor[i] is { } accepted && _plannedYear[i] != 0)
        {
            rule = AdviceRules.Accepted;
            reasons.Add($"It is in your development plan for {D(accepted)}, as you or your manager accepted it: kept on your roadmap in {_plannedYear[i]}.");
        }
        else if (_achieved[i] is { } on && _c.GroupIndex[i] is var group and >= 0)
        {
            rule = AdviceRules.Renewal;
            reasons.Add($"Your certificate, achieved on {D(on)}, is not current: its renew-by date, {D(_renewBy[group]!.Value)}, has passed.");
            var route = _certPlan.Find(p => p.Why == Pick.Renewal && _c.GroupIndex[p.Course] == group);
            if (route.Why == Pick.Renewal && route.Course != i)
                reasons.Add($"Passing {_c.Title(route.Course)} in {route.Year} renews it without retaking this exam.");
            else if (_plannedYear[i] != 0)
                reasons.Add($"Planned for {_plannedYear[i]} on your roadmap.");
        }
        else if (course.Kind == CourseKind.Specialist && _completed[i])
        {
            rule = AdviceRules.Held;
            reasons.Add("You have completed it.");
        }
        else
        {
            rule = HeldBackForPlan(i, reasons);
        }
        return new HeldBack(course.Code, course.Title, rule, reasons) { Session = _booked[i] is { } b ? SessionOf(i, b) : null };
    }

    private string HeldBackForPlan(int i, List<string> reasons)
    {
        var course = _c.Courses[i];
        string? rule = null;
        if (!Serves(i, _level))
        {
            rule = AdviceRules.Levels;
            reasons.Add(_c.LevelText[i, _level, _target]);
        }
        var unmet = AddUnmetTexts(i, reasons);
        if (unmet > 0)
            rule ??= AdviceRules.Prerequisites;
        var planned = _plannedYear[i];
        if (course.Kind == CourseKind.Specialist)
        {
            if (planned != 0)
            {
                rule ??= AdviceRules.SkillGaps;
                AddGapTexts(i, "It develops", reasons);
                reasons.Add(_moved[i] is { } moved
                    ? $"Planned for {planned}: {MovedText(moved)}."
                    : $"At most {_policy.MaxSpecialistRecommendations} specialist courses a year: planned for {planned}.");
            }
            else if (rule is null && _neverFits[i] is { } overBudget && _chosenButTooMuch[i])
            {
                rule = AdviceRules.Budget;
                AddGapTexts(i, "It develops", reasons);
                reasons.Add(overBudget);
            }
            else if (rule is null)
            {
                rule = AdviceRules.SkillGaps;
                if (_specialistHeldBack[i] is { } coveredElsewhere)
                    reasons.Add(coveredElsewhere);
                else
                    AddNoGapTexts(i, reasons);
            }
            return rule;
        }

        if (planned != 0)
        {
            var first = _certPlan.Find(p => p.Why < Pick.Booked);
            if (_moved[i] is { } moved)
            {
                reasons.Add($"Planned for {planned}{WhenText(i, planned)}: {MovedText(moved)}.");
            }
            else if (_certPlan.Exists(p => p.Why >= Pick.Booked && p.Year <= planned) && first.Course == i)
            {
                var before = _certPlan.FindLast(p => p.Why >= Pick.Booked && p.Year <= planned);
                reasons.Add($"One certification course at a time, every {_policy.CertificationDueAfterYears} years: after {_c.Title(before.Course)} in {before.Year}, this one is planned for {planned}{WhenText(i, planned)}.");
            }
            else if (first.Course == i && _lastOn is not null)
            {
                var last = _lastOn!.Value;
                reasons.Add($"Your last certification, {_c.Title(_lastCourse)}, was on {D(last)}, less than {_policy.CertificationDueAfterYears} years ago: the next is due from {D(last.AddYears(_policy.CertificationDueAfterYears))}. Planned for {planned} on your roadmap.");
            }
            else if (first.Course == i)
            {
                reasons.Add($"Planned for {planned} on your roadmap{WhenText(i, planned)}.");
            }
            else
            {
                reasons.Add($"One certification course at a time, every {_policy.CertificationDueAfterYears} years: {_c.Title(first.Course)} comes first, and this one is planned for {planned}{WhenText(i, planned)}.");
            }
            return rule ?? AdviceRules.Cadence;
        }
        if (rule is null && _neverFits[i] is { } tooMuch)
        {
            reasons.Add(tooMuch);
            rule = AdviceRules.Budget;
        }
        else if (rule is null)
        {
            reasons.Add(_planText ??= _certPlan.Count switch
            {
                0 => $"It is not needed on your way to level {_target} now.",
                1 => $"One certification course at a time: {_c.Title(_certPlan[0].Course)} leads more directly to level {_target}.",
                _ => $"One certification course at a time: {string.Join(", then ", _certPlan.Select(p => _c.Title(p.Course)))} lead more directly to level {_target}.",
            });
            rule = AdviceRules.Cadence;
        }
        else if (planned == 0 && unmet > 0 && rule == AdviceRules.Prerequisites)
        {
            reasons.Add($"Not planned on your roadmap to level {_target}.");
        }
        return rule;
    }

    private string WhenText(int i, int year)
    {
        foreach (var prerequisite in _c.Courses[i].Prerequisites)
            if (prerequisite.Kind is PrerequisiteKind.CurrentLevel or PrerequisiteKind.MinimumLevel && prerequisite.Level > _level)
                return $", once you work at level {prerequisite.Level} (assumed from {(prerequisite.Level <= CareerLevel.Highest && _levelFrom[prerequisite.Level!.Value] is var from and > 0 ? from : year)})";
        return "";
    }

    private string RenewalReason(int i)
    {
        var group = _c.GroupIndex[i];
        var name = _c.GroupNames[_c.GroupKeys[group]];
        var when = D(_renewBy[group]!.Value);
        if (_achieved[i] is null)
        {
            var held = Enumerable.Range(0, _n).Where(j => _achieved[j] is not null && _c.GroupIndex[j] == group).Select(_c.Title).ToList();
            return held.Count == 1
                ? $"Your {held[0]} certificate is not current: its renew-by date, {when}, has passed. Passing {_c.Title(i)}, another exam of the same {name} suite, renews it and adds a certificate, so one exam does both. CPD points only keep a certificate current before its renew-by date."
                : $"Your {name} certificates ({CourseComparison.And(held)}) are not current: their renew-by date, {when}, has passed. Passing {_c.Title(i)}, another exam of the same suite, renews them all and adds a certificate, so one exam does both. CPD points only keep a certificate current before its renew-by date.";
        }
        return $"Your {_c.Title(i)} certificate is not current: its renew-by date, {when}, has passed. No other exam of the suite fits your path now, so retaking this exam is the way back. CPD points only keep a certificate current before its renew-by date.";
    }

    private SessionOffer? SessionOf(int i, BookedCourse booking)
    {
        if (_sessions is not null && booking.SessionId is { } id)
            foreach (var s in _sessions[i])
                if (s.Id == id)
                    return new SessionOffer(s.Id, s.StartsOn, s.Provider, s.Price, s.Currency, s.SeatsLeft, s.Delivery);
        return null;
    }

    private string BookedText(int i, BookedCourse booking)
    {
        var provider = SessionOf(i, booking)?.Provider;
        var what = booking.Waitlisted ? "You are on the waitlist for" : "You are booked on";
        var with = provider is null ? "" : $" with {provider}";
        var after = _c.Courses[i].IsCertification ? ", and your next certification is planned after it" : "";
        return $"{what} its session starting {D(booking.StartsOn)}{with}: it counts as in progress{after}.";
    }

    private string HeldText(int i)
    {
        if (_achieved[i] is { } on)
        {
            var renew = _c.GroupIndex[i] is var group and >= 0 ? $"; renew by {D(_renewBy[group]!.Value)}" : "; it does not lapse";
            return $"You hold a current certificate, achieved on {D(on)}{renew}.";
        }
        var predecessor = _c.Predecessors[i].FirstOrDefault(j => _achieved[j] is not null);
        return $"You hold {_c.Title(predecessor)}, which it replaced; that counts as holding it.";
    }

    private string ContinuesText(int i)
    {
        foreach (var q in _c.CertificatePrerequisites[i])
            if (_heldEver[_c.Current[q]])
                return $"It builds on your {_c.Title(_c.Current[q])} certificate.";
        var course = _c.Courses[i];
        foreach (var j in _c.Related[i])
            if (_achieved[j] is not null)
                return $"It continues with {_c.Framework.BodyByCode[course.Body!].ShortName}, whose {_c.Title(j)} you hold.";
        foreach (var j in _c.Related[i])
            if (_heldEver[j])
                foreach (var old in _c.Predecessors[j])
                    if (_achieved[old] is not null)
                        return $"It continues with {_c.Framework.BodyByCode[course.Body!].ShortName}, whose {_c.Title(j)} you hold through {_c.Title(old)}, which it replaced.";
        return "It builds on a certificate you hold.";
    }

    private string OpensText(int i)
    {
        for (var l = _level + 1; l <= _target; l++)
            if (_c.OpensCore[i][l] is var core and >= 0)
                return $"It opens the way to {_c.Title(core)}, a core certification for level {l}.";
        return "It opens the way to a core certification of a higher level.";
    }

    private string PrerequisitesMetText(int i)
    {
        var prerequisites = _c.Courses[i].Prerequisites;
        return prerequisites.Count == 0
            ? "It has no prerequisites."
            : $"Prerequisites met: {string.Join("; ", prerequisites.Select(p => MetText(p)))}.";
    }

    private string MetText(Prerequisite prerequisite) => prerequisite.Kind switch
    {
        PrerequisiteKind.Certificate when _achieved[_c.Index[prerequisite.Course!]] is null =>
            $"you hold {_c.Title(_c.Index[prerequisite.Course!])} through the course that replaced it or that it replaced",
        PrerequisiteKind.Certificate => $"you hold {_c.Title(_c.Index[prerequisite.Course!])}",
        PrerequisiteKind.CurrentLevel => $"you currently work at level {prerequisite.Level}",
        PrerequisiteKind.MinimumLevel => $"you work at level {prerequisite.Level} or above",
        PrerequisiteKind.YearsExperience => $"you have {_p.YearsInPmo} years of PMO experience (at least {prerequisite.Years} asked)",
        PrerequisiteKind.AnyCertificate => $"{prerequisite.Description ?? "one of its listed certificates"}: you hold {_c.Title(_c.Current[_c.Index[prerequisite.Courses!.First(code => _c.Index.TryGetValue(code, out var q) && _heldEver[_c.Current[q]])]])}",
        _ => prerequisite.Kind.ToString(),
    };

    private int AddUnmetTexts(int i, List<string> reasons)
    {
        var count = 0;
        foreach (var prerequisite in _c.Courses[i].Prerequisites)
        {
            if (Met(prerequisite, _level, _p.YearsInPmo, _heldEver))
                continue;
            count++;
            reasons.Add(prerequisite.Kind switch
            {
                PrerequisiteKind.Certificate => $"Prerequisite not met: it asks that you hold {_c.Title(_c.Index[prerequisite.Course!])} first.",
                PrerequisiteKind.CurrentLevel => $"Prerequisite not met: it is for people who currently work at level {prerequisite.Level}; you work at level {_level}.",
                PrerequisiteKind.MinimumLevel => $"Prerequisite not met: it asks that you work at level {prerequisite.Level} or above; you work at level {_level}.",
                PrerequisiteKind.YearsExperience when _p.YearsInPmo is null =>
                    $"Prerequisite not met: it asks for {prerequisite.Years} years of PMO experience, and you have not said how many you have.",
                PrerequisiteKind.YearsExperience => $"Prerequisite not met: it asks for {prerequisite.Years} years of PMO experience; you have {_p.YearsInPmo}.",
                PrerequisiteKind.AnyCertificate => $"Prerequisite not met: it asks for {prerequisite.Description ?? "a certificate"}: one of {string.Join(", ", (prerequisite.Courses ?? []).Where(_c.Index.ContainsKey).Select(code => _c.Title(_c.Index[code])))}, none of which is on your record{(prerequisite.OrEquivalentExperience == true ? ", or equivalent experience, which the course provider judges" : "")}.",
                _ => $"Prerequisite not met: {prerequisite.Kind}.",
            });
        }
        return count;
    }

    private void AddGapTexts(int i, string lead, List<string> reasons)
    {
        // Largest gap first, then catalogue order: each text is inserted among the few already added.
        var start = reasons.Count;
        foreach (var a in _c.CourseAreas[i])
        {
            if (_gap[a] is not { } gap || gap < _policy.MinimumGap)
                continue;
            var area = _c.Areas[a];
            var rating = _p.Competencies[area.Code];
            var at = reasons.Count;
            while (at > start && _gapOrder[at - 1 - start] is var before && (before.Gap < gap || (before.Gap == gap && before.Area > a)))
                at--;
            _gapOrder.Insert(at - start, (gap, a));
            reasons.Insert(at, $"{lead} {_c.AreaNames[a]}, where you rate yourself {rating} ({Proficiency(rating)}) and level {_target} expects {area.ExpectedAt(_target)} ({Proficiency(area.ExpectedAt(_target))}): a gap of {gap}.");
        }
        _gapOrder.Clear();
    }

    private void AddNoGapTexts(int i, List<string> reasons)
    {
        foreach (var a in _c.CourseAreas[i])
        {
            var area = _c.Areas[a];
            reasons.Add(_gap[a] is null
                ? _c.NotRatedText[a]
                : $"No gap in {_c.AreaNames[a]}: you rate yourself {_p.Competencies[area.Code]} and level {_target} expects {area.ExpectedAt(_target)}.");
        }
    }

    // ---- Roadmap and certificates ----

    private List<RoadmapYear> Roadmap()
    {
        var end = _asOf.Year;
        foreach (var (year, _, _) in _certPlan)
            end = Math.Max(end, year);
        foreach (var (year, _) in _specialistPlan)
            end = Math.Max(end, year);

        // Renew-by dates that fall within the plan, earliest first (groups are already in key order).
        var renewNotes = new List<(int Group, DateOnly Date)>();
        for (var g = 0; g < _plannedRenewBy.Length; g++)
        {
            if (_plannedRenewBy[g] is not { } date || date < _asOf || date.Year > end)
                continue;
            var at = renewNotes.Count;
            while (at > 0 && renewNotes[at - 1].Date > date)
                at--;
            renewNotes.Insert(at, (g, date));
        }

        var years = new List<RoadmapYear>(end - _asOf.Year + 1);
        var level = _level;
        for (var year = _asOf.Year; year <= end; year++)
        {
            var notes = new List<string>();
            if (level < CareerLevel.Highest && _levelFrom[level + 1] is var from && from == year)
            {
                level++;
                notes.Add($"Level {level} from this year: assumed {_policy.CertificationDueAfterYears} years after your level {level - 1} core certification.");
            }
            var codes = new List<string>();
            foreach (var (y, course, why) in _certPlan)
            {
                if (y != year)
                    continue;
                codes.Add(_c.Courses[course].Code);
                if (why == Pick.Renewal)
                    notes.Add(RenewsText(course));
            }
            foreach (var (y, course) in _specialistPlan)
                if (y == year)
                    codes.Add(_c.Courses[course].Code);
            foreach (var (group, date) in renewNotes)
                if (date.Year == year)
                    notes.Add(RenewByNote(group, date));
            foreach (var (y, course, why) in _certPlan)
                if (y == year && why == Pick.Booked)
                    notes.Add($"{_c.Title(course)}: {(_booked[course]!.Waitlisted ? "on the waitlist" : "booked")} for {D(_booked[course]!.StartsOn)}.");
                else if (y == year && why == Pick.Accepted)
                    notes.Add($"{_c.Title(course)}: in your development plan for {D(_acceptedFor[course]!.Value)}.");
            foreach (var (y, course) in _specialistPlan)
                if (y == year && _booked[course] is { } booking)
                    notes.Add($"{_c.Title(course)}: {(booking.Waitlisted ? "on the waitlist" : "booked")} for {D(booking.StartsOn)}.");
                else if (y == year && _acceptedFor[course] is { } on)
                    notes.Add($"{_c.Title(course)}: in your development plan for {D(on)}.");
            // Only bookings and accepted plan items, which the advice keeps where they are, can take a year past its days or budget.
            if (Capacity(year) is { } capacity && DaysIn(year) > capacity)
                notes.Add($"{Days(DaysIn(year))} of training planned, more than the {Days(capacity)} {(year == _asOf.Year ? "left this year" : "a year you have")}: your bookings and accepted plan take them.");
            if (_p.BudgetPerYear is { } money && _currency is not null && CostIn(year) > money)
                notes.Add($"{Money.Format(CostIn(year), _currency)} planned, more than your budget of {Money.Format(money, _currency)}: your bookings and accepted plan take it.");
            foreach (var code in codes)
                if (_c.Index[code] is var planned && !_c.Courses[planned].IsPublished("durationDays"))
                    notes.Add($"{_c.Title(planned)}: its length is not published, so the plan counts it as {Days(_c.Courses[planned].DurationDays)}{(_p.TrainingDaysPerYear is null ? "" : " against your training days")} until one is published.");
            foreach (var (y, _, why) in _unpriced)
                if (y == year)
                    notes.Add(char.ToUpperInvariant(why[0]) + why[1..] + ".");
            var offset = year - _asOf.Year;
            var inRange = offset <= MaxRoadmapYears;
            years.Add(new RoadmapYear(year, level, codes, notes)
            {
                Days = DaysIn(year),
                Cost = inRange && _pricedInYear[offset] ? new Money(_costInYear[offset], _currency!) : null,
            });
        }
        return years;
    }

    private string RenewByNote(int group, DateOnly date)
    {
        var cpd = _c.GroupCpdPointsPerYear[group];
        var held = GroupTitles(group);
        var whose = held.Count == 1 ? $"Your {held[0]} certificate" : $"Your {_c.GroupNames[_c.GroupKeys[group]]} certificates";
        return cpd is { } points
            ? $"{whose} must be renewed by {D(date)}: log {points} CPD points a year, or pass another exam of the suite."
            : $"{whose} must be renewed by {D(date)}: pass another exam of the suite or retake {(held.Count == 1 ? "it" : "one")}.";
    }

    /// <summary>"P3O Practitioner renews your P3O Foundation certificate." or "… your AXELOS certificates."</summary>
    private string RenewsText(int course)
    {
        var held = HeldInGroup(_c.GroupIndex[course]);
        return held.Count == 1
            ? $"{_c.Title(course)} renews your {held[0]} certificate."
            : $"{_c.Title(course)} renews your {_c.GroupNames[_c.GroupKeys[_c.GroupIndex[course]]]} certificates.";
    }

    /// <summary>The certificates of a renewal group the person holds, by title.</summary>
    private List<string> HeldInGroup(int group)
    {
        var titles = new List<string>();
        for (var j = 0; j < _n; j++)
            if (_c.GroupIndex[j] == group && _achieved[j] is not null)
                titles.Add(_c.Title(j));
        return titles;
    }

    /// <summary>The certificates of a renewal group the person holds or the plan adds, by title.</summary>
    private List<string> GroupTitles(int group)
    {
        var titles = new List<string>();
        for (var j = 0; j < _n; j++)
            if (_c.GroupIndex[j] == group && (_achieved[j] is not null || _certPlan.Exists(p => p.Course == j)))
                titles.Add(_c.Title(j));
        return titles;
    }

    private List<CertificateStatus> Certificates()
    {
        var list = new List<CertificateStatus>(_p.Certifications.Count);
        var seen = new bool[_n];
        foreach (var held in _p.Certifications)
        {
            if (!_c.Index.TryGetValue(held.Code, out var i) || seen[i])
                continue;
            seen[i] = true;
            var course = _c.Courses[i];
            var on = _achieved[i]!.Value;
            var renewBy = _c.GroupIndex[i] is var group and >= 0 ? _renewBy[group] : null;
            var retired = course.Retired ? $"; retired, and counts as {_c.Title(_c.Current[i])}" : "";
            var (state, summary) = renewBy switch
            {
                null => (CertificateState.DoesNotLapse, $"Does not lapse{retired}."),
                { } r when r < _asOf => (CertificateState.NotCurrent, $"Not current since {D(r)}: held, but its renew-by date has passed; renew it by passing an exam of the suite."),
                { } r when r.DayNumber - _asOf.DayNumber <= _policy.RenewalWarningDays => (CertificateState.RenewalDue,
                    $"Renew by {D(r)}: pass another exam of the suite or retake this one.{CpdText(i, r)}"),
                { } r => (CertificateState.Current, $"Current; renew by {D(r)}{retired}.{CpdText(i, r)}"),
            };
            if (renewBy is null && course.Kind == CourseKind.External)
                summary = $"Renewal, where {(course.Body is { } b && _c.Framework.BodyByCode.TryGetValue(b, out var body) ? body.ShortName : "the body")} asks for it, is kept with them; PmoPath does not track it.";
            list.Add(new CertificateStatus(course.Code, course.Title, on, renewBy, state, summary));
        }
        return list;
    }

    /// <summary>" You have logged 35 of the 60 CPD points …" for a certificate whose suite renews by CPD; empty otherwise.</summary>
    private string CpdText(int i, DateOnly renewBy)
    {
        var group = _c.GroupIndex[i];
        var titles = Enumerable.Range(0, _n).Where(j => _achieved[j] is not null && _c.GroupIndex[j] == group).Select(_c.Title).ToList();
        var held = titles.Count <= 1 ? string.Join("", titles) : $"{string.Join(", ", titles.Take(titles.Count - 1))} and {titles[^1]}";
        return CpdProgress.Sentence(_c, group, renewBy, _p, held) is { } sentence ? " " + sentence : "";
    }

    private int LowestCoreLevelAbove(int i)
    {
        for (var l = _level + 1; l <= _target; l++)
            if (_c.IsCoreAt(i, l))
                return l;
        return _target;
    }

    /// <summary>The level the plan assumes in <paramref name="year"/>.</summary>
    private int LevelIn(int year)
    {
        var level = _level;
        for (var l = _level + 1; l <= _target; l++)
            if (_levelFrom[l] != 0 && _levelFrom[l] <= year)
                level = l;
        return level;
    }

    /// <summary>The day of the advice moved to <paramref name="year"/>: the roadmap's date for a course planned that year.</summary>
    private DateOnly DayIn(int year) => _asOf.AddYears(year - _asOf.Year);

    /// <summary>yyyy-MM-dd, written directly: the reasons hold many dates and a format string is parsed on every call.</summary>
    private static string D(DateOnly date) => string.Create(10, date, static (span, d) =>
    {
        d.Year.TryFormat(span[..4], out _, "D4", CultureInfo.InvariantCulture);
        span[4] = '-';
        d.Month.TryFormat(span.Slice(5, 2), out _, "D2", CultureInfo.InvariantCulture);
        span[7] = '-';
        d.Day.TryFormat(span.Slice(8, 2), out _, "D2", CultureInfo.InvariantCulture);
    });


    private static readonly string[] ProficiencyInText = [.. CompetencyArea.ProficiencyNames.Select(name => name.ToLowerInvariant())];

    private static string Proficiency(int value) =>
        value >= 0 && value < ProficiencyInText.Length ? ProficiencyInText[value] : value.ToString(CultureInfo.InvariantCulture);
}
