using PmoPath.Insight;

namespace PmoPath.Core.Tests.Insight;

/// <summary>The team planner against brute force on small instances, and its rules.</summary>
public sealed class TeamPlannerTests
{
    private static readonly Guid[] People = [.. Enumerable.Range(1, 6).Select(i => new Guid(i, 0, 0, new byte[8]))];

    private static List<PlanCandidate> Instance(int seed, int count)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => new PlanCandidate(
            People[random.Next(People.Length)], $"course-{i}", random.Next(3) == 0,
            Cost: random.Next(1, 40) * 50m, Days: random.Next(1, 6) * 0.5m, Value: random.Next(1, 15)))];
    }

    /// <summary>Every subset, kept if it keeps every rule: the true best value.</summary>
    private static int BruteForce(List<PlanCandidate> items, PlanBudget budget)
    {
        var best = 0;
        for (var mask = 0; mask < 1 << items.Count; mask++)
        {
            var subset = items.Where((_, i) => (mask & (1 << i)) != 0).ToList();
            if (TeamPlanner.IsFeasible(subset, budget))
                best = Math.Max(best, subset.Sum(c => c.Value));
        }
        return best;
    }

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 60)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_exact_plan_is_as_good_as_brute_force_and_keeps_the_rules(int seed)
    {
        var items = Instance(seed, 8 + seed % 7);
        var budget = new PlanBudget(Money: 300 + seed * 37 % 1500, Days: 2 + seed % 6);

        var plan = TeamPlanner.Solve(items, budget);

        Assert.Equal(PlanMethod.Exact, plan.Method);
        Assert.Equal(BruteForce(items, budget), plan.Value);
        Assert.True(TeamPlanner.IsFeasible([.. plan.Chosen], budget));
        Assert.Equal(plan.Chosen.Sum(c => c.Cost), plan.Cost);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_greedy_plan_keeps_the_rules_and_stays_near_the_best(int seed)
    {
        var items = Instance(seed, 8 + seed % 7);
        var budget = new PlanBudget(Money: 300 + seed * 37 % 1500, Days: 2 + seed % 6);

        var plan = TeamPlanner.Solve(items, budget, exactLimit: -1);

        Assert.Equal(PlanMethod.Greedy, plan.Method);
        Assert.True(TeamPlanner.IsFeasible([.. plan.Chosen], budget));
        var best = BruteForce(items, budget);
        Assert.True(plan.Value >= best * 0.6, $"greedy {plan.Value} against best {best}");
    }

    [Fact]
    public void One_certification_per_person_even_when_the_budget_allows_two()
    {
        var pat = People[0];
        var items = new List<PlanCandidate>
        {
            new(pat, "cert-a", true, 1000, 3, 10),
            new(pat, "cert-b", true, 1000, 3, 9),
            new(pat, "short", false, 400, 1, 3),
        };
        var plan = TeamPlanner.Solve(items, new PlanBudget(10_000, 20));
        Assert.Equal(["cert-a", "short"], plan.Chosen.Select(c => c.CourseCode).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Nothing_fits_an_empty_budget_and_the_days_bind_as_well_as_the_money()
    {
        var items = Instance(7, 10);
        Assert.Empty(TeamPlanner.Solve(items, new PlanBudget(0, 10)).Chosen);
        var plan = TeamPlanner.Solve(items, new PlanBudget(1_000_000, 1.5m));
        Assert.True(plan.Days <= 1.5m);
        Assert.Equal(BruteForce(items, new PlanBudget(1_000_000, 1.5m)), plan.Value);
    }

    [Fact]
    public void A_large_instance_is_planned_greedily_within_the_budget()
    {
        var random = new Random(42);
        var people = Enumerable.Range(0, 300).Select(i => new Guid(i + 1, 0, 0, new byte[8])).ToArray();
        var items = Enumerable.Range(0, 3000).Select(i => new PlanCandidate(people[i % 300], $"c{i % 17}", i % 17 < 8,
            random.Next(4, 40) * 100m, random.Next(1, 6), random.Next(1, 20))).ToList();
        var budget = new PlanBudget(60_000, 120);
        var plan = TeamPlanner.Solve(items, budget);
        Assert.Equal(PlanMethod.Greedy, plan.Method);
        Assert.True(TeamPlanner.IsFeasible([.. plan.Chosen], budget));
        Assert.True(plan.Cost > budget.Money * 0.9m || plan.Days > budget.Days * 0.9m, "the budget should be nearly used");
    }
}
