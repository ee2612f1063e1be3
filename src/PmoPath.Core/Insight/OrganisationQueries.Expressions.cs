using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using PmoPath.Data;
using PmoPath.Framework;
using PmoPath.People;
using PmoPath.Sessions;

namespace PmoPath.Insight;

/// <summary>
/// The expression toolkit of <see cref="OrganisationQueries"/>: certificate facts as expressions that EF Core translates
/// into one packed column for everyone, and that compile to the same rule for the CPD holders (docs/adr/0011).
/// </summary>
public sealed partial class OrganisationQueries
{
    /// <summary>
    /// One small number a certificate query works out per person: whether a body's coverage counts them (1 bit), or
    /// the renewal quarter of a group plus one, 0 when none (3 bits); at <see cref="Offset"/> in the packed column.
    /// <see cref="Value"/> is translated to SQL for everyone and compiled for the CPD holders, so both read one rule.
    /// </summary>
    private sealed record CertificateFact(string? Body, RenewalGroup? Group, int Bits, Expression<Func<IEnumerable<Certificate>, int>> Value)
    {
        public int Offset { get; init; }
    }

    /// <summary>The certificate facts of a framework snapshot on a day, in chunks, with their rules compiled when first asked for.</summary>
    private sealed class FactRules(FrameworkSnapshot framework, DateOnly today, List<List<CertificateFact>> chunks)
    {
        private readonly Dictionary<CertificateFact, Func<IEnumerable<Certificate>, int>> _compiled = [];

        public FrameworkSnapshot Framework => framework;
        public DateOnly Today => today;
        public List<List<CertificateFact>> Chunks => chunks;

        public Func<IEnumerable<Certificate>, int> Compiled(CertificateFact fact)
        {
            lock (_compiled)
            {
                if (!_compiled.TryGetValue(fact, out var rule))
                    _compiled[fact] = rule = fact.Value.Compile();
                return rule;
            }
        }
    }

    /// <summary>
    /// The last snapshot's and day's facts, kept so that every view of the day reuses them (and their compiled
    /// rules, which cost milliseconds to compile) rather than building them again.
    /// </summary>
    private static volatile FactRules? _rules;

    private FactRules Rules()
    {
        if (_rules is { } rules && ReferenceEquals(rules.Framework, framework) && rules.Today == today)
            return rules;
        return _rules = new FactRules(framework, today, [.. Chunks(CertificateFacts())]);
    }

    private List<CertificateFact> CertificateFacts()
    {
        var groups = RenewalGroup.Of(framework);
        var facts = new List<CertificateFact>();
        foreach (var body in framework.Bodies)
        {
            // The body's certificates that never lapse, then its certificates of each renewal group, valid while the
            // group's suite has an exam on or after the earliest start that is not lapsed today.
            var lasting = framework.Courses.Where(c => c.Body == body.Code && !_renewing.Contains(c.Code)).Select(c => c.Code).ToList();
            var valid = new List<Expression<Func<IEnumerable<Certificate>, bool>>>();
            if (lasting.Count > 0)
                valid.Add(HasAny(lasting));
            foreach (var group in groups)
            {
                var codes = group.Codes.Where(code => framework.FindCourse(code)?.Body == body.Code).ToList();
                if (codes.Count == 0)
                    continue;
                var since = OrganisationInsight.EarliestStartCurrentOn(today, group.Years);
                var latest = Latest(group.SuiteCodes);
                valid.Add(Combine<bool, DateOnly?, bool>(HasAny(codes), latest, (has, on) => Expression.AndAlso(has, Expression.GreaterThanOrEqual(on, Expression.Constant(since, typeof(DateOnly?))))));
            }
            if (valid.Count > 0)
                facts.Add(new CertificateFact(body.Code, null, 1, OneIf(valid.Aggregate((a, b) => Combine(a, b, Expression.OrElse)))));
        }
        var starts = OrganisationInsight.RenewalQuarterStarts(today);
        foreach (var group in groups)
        {
            // renew-by >= start  <=>  exam >= start - years (the quarters' first days are never 29 February).
            var from = OrganisationInsight.EarliestStartCurrentOn(today, group.Years);
            var to = starts[^1].AddYears(-group.Years);
            var boundaries = starts.Skip(1).Take(OrganisationInsight.RenewalQuarters - 1).Select(s => (DateOnly?)s.AddYears(-group.Years)).ToList();
            var state = Combine<bool, DateOnly?, int>(HasAny(group.Codes), Latest(group.SuiteCodes), (has, on) => Expression.Condition(
                Expression.AndAlso(has, Expression.AndAlso(
                    Expression.GreaterThanOrEqual(on, Expression.Constant((DateOnly?)from, typeof(DateOnly?))),
                    Expression.LessThan(on, Expression.Constant((DateOnly?)to, typeof(DateOnly?))))),
                Expression.Add(Expression.Constant(1), BucketExpression(on, boundaries.Cast<object?>())),
                Expression.Constant(0)));
            facts.Add(new CertificateFact(null, group, 3, state));
        }
        return facts;
    }

    /// <summary>The facts in as few queries as fit their bits, each fact at its offset.</summary>
    private static IEnumerable<List<CertificateFact>> Chunks(List<CertificateFact> facts)
    {
        var chunk = new List<CertificateFact>();
        var offset = 0;
        foreach (var fact in facts)
        {
            if (offset + fact.Bits > FactBits)
            {
                yield return chunk;
                (chunk, offset) = ([], 0);
            }
            chunk.Add(fact with { Offset = offset });
            offset += fact.Bits;
        }
        if (chunk.Count > 0)
            yield return chunk;
    }

    /// <summary>Whether the person holds a certificate of one of the courses: <c>MAX(CASE WHEN code IN (…) THEN 1 ELSE 0 END) = 1</c>.</summary>
    private static Expression<Func<IEnumerable<Certificate>, bool>> HasAny(IReadOnlyList<string> codes)
    {
        var list = codes.ToList();
        return g => g.Max(c => list.Contains(c.CourseCode) ? 1 : 0) == 1;
    }

    /// <summary>The person's latest exam of the suite, null when none.</summary>
    private static Expression<Func<IEnumerable<Certificate>, DateOnly?>> Latest(IReadOnlyList<string> suite)
    {
        var list = suite.ToList();
        return g => g.Max(c => list.Contains(c.CourseCode) ? c.AchievedOn : (DateOnly?)null);
    }

    private static Expression<Func<IEnumerable<Certificate>, int>> OneIf(Expression<Func<IEnumerable<Certificate>, bool>> condition) =>
        Expression.Lambda<Func<IEnumerable<Certificate>, int>>(Expression.Condition(condition.Body, Expression.Constant(1), Expression.Constant(0)), condition.Parameters);

    /// <summary>Two expressions over one person's certificates, combined into one over the same parameter.</summary>
    private static Expression<Func<IEnumerable<Certificate>, TResult>> Combine<T1, T2, TResult>(
        Expression<Func<IEnumerable<Certificate>, T1>> a, Expression<Func<IEnumerable<Certificate>, T2>> b, Func<Expression, Expression, Expression> combine)
    {
        var g = a.Parameters[0];
        return Expression.Lambda<Func<IEnumerable<Certificate>, TResult>>(combine(a.Body, new Rebind(b.Parameters[0], g).Visit(b.Body)), g);
    }

    private static Expression<Func<IEnumerable<Certificate>, bool>> Combine(
        Expression<Func<IEnumerable<Certificate>, bool>> a, Expression<Func<IEnumerable<Certificate>, bool>> b, Func<Expression, Expression, BinaryExpression> combine) =>
        Combine<bool, bool, bool>(a, b, (x, y) => combine(x, y));

    /// <summary>
    /// Marks, in a query, the index of the first boundary <paramref name="value"/> falls before (the number of
    /// boundaries when none); <see cref="Expanded"/> turns it into <c>CASE WHEN v &lt; b0 THEN 0 WHEN v &lt; b1 THEN 1 … ELSE n END</c>.
    /// </summary>
    private static int Bucket<T>(T value, IReadOnlyList<T> boundaries) =>
        throw new InvalidOperationException($"{nameof(Bucket)} is only for queries passed through {nameof(Expanded)}.");

    /// <summary>Marks, in a query, the certificate facts packed into one number; <see cref="Expanded"/> writes the sum <c>Σ fact × 2^offset</c>.</summary>
    private static long Packed(IEnumerable<Certificate> certificates, IReadOnlyList<CertificateFact> facts) =>
        throw new InvalidOperationException($"{nameof(Packed)} is only for queries passed through {nameof(Expanded)}.");

    /// <summary>The query with its <see cref="Bucket"/> and <see cref="Packed"/> marks written out as expressions EF translates.</summary>
    private static IQueryable<T> Expanded<T>(IQueryable<T> query) => query.Provider.CreateQuery<T>(new Expander().Visit(query.Expression));

    private static Expression BucketExpression(Expression value, IEnumerable<object?> boundaries)
    {
        var bounds = boundaries.Select(b => (Expression)Expression.Constant(b, value.Type)).ToList();
        Expression bucket = Expression.Constant(bounds.Count);
        for (var i = bounds.Count - 1; i >= 0; i--)
            bucket = Expression.Condition(Expression.LessThan(value, bounds[i]), Expression.Constant(i), bucket);
        return bucket;
    }

    private sealed class Expander : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType != typeof(OrganisationQueries))
                return base.VisitMethodCall(node);
            if (node.Method.Name == nameof(Bucket))
                return BucketExpression(Visit(node.Arguments[0]), ((System.Collections.IEnumerable)ValueOf(node.Arguments[1])!).Cast<object?>());
            if (node.Method.Name == nameof(Packed))
            {
                var certificates = Visit(node.Arguments[0]);
                Expression sum = Expression.Constant(0L);
                foreach (var fact in (IReadOnlyList<CertificateFact>)ValueOf(node.Arguments[1])!)
                {
                    var value = new Rebind(fact.Value.Parameters[0], certificates).Visit(fact.Value.Body);
                    sum = Expression.Add(sum, Expression.Multiply(Expression.Convert(value, typeof(long)), Expression.Constant(1L << fact.Offset)));
                }
                return sum;
            }
            return base.VisitMethodCall(node);
        }

        /// <summary>A mark's argument: a constant, or a captured local (a field of the closure).</summary>
        private static object? ValueOf(Expression argument) => argument switch
        {
            ConstantExpression constant => constant.Value,
            MemberExpression { Member: FieldInfo field, Expression: ConstantExpression closure } => field.GetValue(closure.Value),
            _ => Expression.Lambda<Func<object?>>(Expression.Convert(argument, typeof(object))).Compile(preferInterpretation: true)(),
        };
    }

    private sealed class Rebind(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
