namespace PmoPath.Insight;

/// <summary>One course a person could take in the team plan, at the session chosen for it, with what it is worth.</summary>
/// <param name="Value">Weighted competency-gap points the course closes for the person, plus the weight of a renewal it keeps current.</param>
public sealed record PlanCandidate(Guid PersonId, string CourseCode, bool Certification, decimal Cost, decimal Days, int Value, Guid? SessionId = null, DateOnly? StartsOn = null);

public sealed record PlanBudget(decimal Money, decimal Days);

public enum PlanMethod
{
    /// <summary>Branch and bound: the best plan within the budget is proved.</summary>
    Exact,

    /// <summary>Greedy by value per share of the budget, then single swaps: good, not proved best.</summary>
    Greedy,
}

public sealed record PlanSolution(IReadOnlyList<PlanCandidate> Chosen, int Value, decimal Cost, decimal Days, PlanMethod Method);

/// <summary>
/// Chooses which people take which course within a money and a training-days budget, to close the most
/// weighted competency gap and keep certificates current (docs/adr/0008). It is a two-constraint 0/1
/// knapsack with one more rule: at most one certification course per person in a plan. Up to
/// <see cref="ExactLimit"/> candidates it is solved exactly by branch and bound (bound: the better of the
/// two single-budget fractional relaxations); beyond, or when the search passes <see cref="NodeLimit"/>
/// nodes, by a greedy pass with single-swap improvement.
/// </summary>
public static class TeamPlanner
{
    public const int ExactLimit = 40;
    public const long NodeLimit = 2_000_000;

    public static PlanSolution Solve(IReadOnlyList<PlanCandidate> candidates, PlanBudget budget, int exactLimit = ExactLimit)
    {
        var items = candidates.Where(c => c.Value > 0 && c.Cost <= budget.Money && c.Days <= budget.Days)
            .DistinctBy(c => (c.PersonId, c.CourseCode))
            // Denser first: the order that makes the bound tight and the greedy pass good. Ties broken stably.
            .OrderByDescending(c => Density(c, budget)).ThenBy(c => c.Cost).ThenBy(c => c.PersonId).ThenBy(c => c.CourseCode, StringComparer.Ordinal)
            .ToArray();
        if (items.Length <= exactLimit && new Search(items, budget).Run() is { } exact)
            return Result(exact, PlanMethod.Exact);
        return Result(Improve(Greedy(items, budget), items, budget), PlanMethod.Greedy);
    }

    /// <summary>Whether a set of candidates keeps every rule: both budgets, one certification per person, each person and course once.</summary>
    public static bool IsFeasible(IReadOnlyCollection<PlanCandidate> chosen, PlanBudget budget) =>
        chosen.Sum(c => c.Cost) <= budget.Money
        && chosen.Sum(c => c.Days) <= budget.Days
        && chosen.Where(c => c.Certification).GroupBy(c => c.PersonId).All(g => g.Count() <= 1)
        && chosen.DistinctBy(c => (c.PersonId, c.CourseCode)).Count() == chosen.Count;

    private static PlanSolution Result(List<PlanCandidate> chosen, PlanMethod method) =>
        new([.. chosen.OrderBy(c => c.StartsOn).ThenBy(c => c.PersonId)], chosen.Sum(c => c.Value), chosen.Sum(c => c.Cost), chosen.Sum(c => c.Days), method);

    /// <summary>Value per share of the tighter budget the candidate uses.</summary>
    private static double Density(PlanCandidate c, PlanBudget budget)
    {
        var share = Math.Max(budget.Money > 0 ? (double)(c.Cost / budget.Money) : 0, budget.Days > 0 ? (double)(c.Days / budget.Days) : 0);
        return share <= 0 ? double.MaxValue : c.Value / share;
    }

    private static List<PlanCandidate> Greedy(PlanCandidate[] items, PlanBudget budget)
    {
        var chosen = new List<PlanCandidate>();
        var certified = new HashSet<Guid>();
        decimal money = 0, days = 0;
        foreach (var c in items)
        {
            if (money + c.Cost > budget.Money || days + c.Days > budget.Days || (c.Certification && certified.Contains(c.PersonId)))
                continue;
            chosen.Add(c);
            money += c.Cost;
            days += c.Days;
            if (c.Certification)
                certified.Add(c.PersonId);
        }
        return chosen;
    }

    /// <summary>Swaps one chosen candidate for one left out while that raises the value and keeps every rule.</summary>
    private static List<PlanCandidate> Improve(List<PlanCandidate> chosen, PlanCandidate[] items, PlanBudget budget)
    {
        for (var improved = true; improved;)
        {
            improved = false;
            var outside = items.Except(chosen).ToList();
            foreach (var candidate in outside)
            {
                // Adding alone, or in place of the least valuable chosen one that makes room.
                var trial = new List<PlanCandidate>(chosen) { candidate };
                if (IsFeasible(trial, budget))
                {
                    chosen = trial;
                    improved = true;
                    break;
                }
                foreach (var leaving in chosen.Where(c => c.Value < candidate.Value).OrderBy(c => c.Value))
                {
                    trial = [.. chosen.Where(c => c != leaving), candidate];
                    if (IsFeasible(trial, budget))
                    {
                        chosen = trial;
                        improved = true;
                        break;
                    }
                }
                if (improved)
                    break;
            }
        }
        return chosen;
    }

    /// <summary>Depth-first branch and bound over the items in density order: take the item, then leave it.</summary>
    private sealed class Search(PlanCandidate[] items, PlanBudget budget)
    {
        private readonly bool[] _take = new bool[items.Length];
        private bool[] _best = new bool[items.Length];
        private int _bestValue = -1;
        private long _nodes;
        private readonly Dictionary<Guid, int> _certifications = [];

        public List<PlanCandidate>? Run()
        {
            Branch(0, 0, 0, 0);
            return _nodes > NodeLimit ? null : [.. items.Where((_, i) => _best[i])];
        }

        private void Branch(int i, int value, decimal money, decimal days)
        {
            if (++_nodes > NodeLimit)
                return;
            if (value > _bestValue)
            {
                _bestValue = value;
                _best = (bool[])_take.Clone();
            }
            if (i == items.Length || Bound(i, value, money, days) <= _bestValue)
                return;
            var c = items[i];
            var certified = c.Certification && _certifications.GetValueOrDefault(c.PersonId) > 0;
            if (!certified && money + c.Cost <= budget.Money && days + c.Days <= budget.Days)
            {
                _take[i] = true;
                if (c.Certification)
                    _certifications[c.PersonId] = _certifications.GetValueOrDefault(c.PersonId) + 1;
                Branch(i + 1, value + c.Value, money + c.Cost, days + c.Days);
                if (c.Certification)
                    _certifications[c.PersonId]--;
                _take[i] = false;
            }
            Branch(i + 1, value, money, days);
        }

        /// <summary>An upper bound on the value reachable from item <paramref name="from"/>: the lower of the two fractional knapsacks, each with one budget only.</summary>
        private double Bound(int from, int value, decimal money, decimal days) =>
            Math.Min(Fractional(from, value, budget.Money - money, c => c.Cost), Fractional(from, value, budget.Days - days, c => c.Days));

        private double Fractional(int from, int value, decimal room, Func<PlanCandidate, decimal> weight)
        {
            var rest = items.Skip(from).OrderByDescending(c => weight(c) == 0 ? double.MaxValue : c.Value / (double)weight(c));
            double bound = value;
            foreach (var c in rest)
            {
                var w = weight(c);
                if (w <= room)
                {
                    room -= w;
                    bound += c.Value;
                }
                else
                {
                    bound += c.Value * (double)(room / w);
                    break;
                }
            }
            return bound;
        }
    }
}
