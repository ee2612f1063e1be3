using NetArchTest.Rules;

namespace PmoPath.Core.Tests.Architecture;

/// <summary>
/// The dependency rules of Core (docs/adr/0038): it names no web or database-provider type, and its feature folders
/// depend on each other only along the edges listed here. A new edge fails the test until it is added to the list
/// and to the ADR on purpose; an edge that has gone fails it too, so the list stays the truth.
/// </summary>
public class FeatureGraphTests
{
    private static readonly System.Reflection.Assembly Core = typeof(CoreServices).Assembly;

    /// <summary>Every feature folder of Core. <c>Data</c> (the context every feature shares) is not a feature.</summary>
    private static readonly string[] Features =
        ["Accounts", "Advice", "Catalog", "Credentials", "Demo", "Exchange", "Framework", "Insight", "Jobs", "Knowledge", "People", "Providers", "Search", "Sessions", "Staff"];

    /// <summary>Who may use whom: "A → B" means types of PmoPath.A may use types of PmoPath.B.</summary>
    private static readonly string[] Allowed =
    [
        "Accounts → People", "Accounts → Providers",
        "Advice → Catalog", "Advice → Framework", "Advice → Sessions",
        "Catalog → Framework",
        "Credentials → Accounts", "Credentials → Catalog", "Credentials → Framework", "Credentials → People", "Credentials → Providers",
        "Demo → Accounts", "Demo → Catalog", "Demo → Framework", "Demo → Insight", "Demo → People", "Demo → Providers", "Demo → Sessions",
        "Exchange → Advice", "Exchange → Catalog", "Exchange → Framework",
        "Framework → Advice", "Framework → Catalog", "Framework → Exchange", "Framework → Jobs", "Framework → People", "Framework → Providers", "Framework → Sessions",
        "Insight → Accounts", "Insight → Advice", "Insight → Catalog", "Insight → Framework", "Insight → People", "Insight → Sessions",
        "Jobs → Accounts", "Jobs → Catalog", "Jobs → Framework", "Jobs → Knowledge", "Jobs → People",
        "Knowledge → Accounts", "Knowledge → Advice", "Knowledge → Catalog", "Knowledge → Framework", "Knowledge → Jobs", "Knowledge → People",
        "People → Accounts", "People → Advice", "People → Catalog", "People → Credentials", "People → Framework", "People → Knowledge", "People → Sessions",
        "Providers → Catalog", "Providers → Framework", "Providers → Jobs", "Providers → Knowledge", "Providers → Search",
        "Search → Catalog", "Search → Framework", "Search → Jobs", "Search → Knowledge", "Search → Providers",
        "Sessions → Accounts", "Sessions → Catalog", "Sessions → Credentials", "Sessions → Framework", "Sessions → Insight", "Sessions → Knowledge", "Sessions → People", "Sessions → Providers",
        "Staff → Accounts", "Staff → Catalog", "Staff → Framework", "Staff → People",
    ];

    [Fact]
    public void Core_names_no_web_or_database_provider_type()
    {
        var result = Types.InAssembly(Core).ShouldNot().HaveDependencyOnAny(
            "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Mvc", "Microsoft.AspNetCore.Components", "Microsoft.AspNetCore.Builder",
            "Microsoft.AspNetCore.Routing", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Authentication", "Microsoft.AspNetCore.Antiforgery",
            "Npgsql", "Microsoft.Data.Sqlite", "PmoPath.Web", "PmoPath.Data.Sqlite", "PmoPath.Data.Postgres", "PmoPath.Cli").GetResult();
        Assert.True(result.IsSuccessful, "Core types naming web or provider types: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Feature_folders_depend_on_each_other_only_along_the_listed_edges()
    {
        var actual = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var from in Features)
            foreach (var to in Features.Where(f => f != from))
            {
                var uses = Types.InAssembly(Core).That().ResideInNamespace($"PmoPath.{from}").ShouldNot().HaveDependencyOn($"PmoPath.{to}").GetResult();
                if (!uses.IsSuccessful)
                    actual.Add($"{from} → {to}");
            }

        var added = actual.Except(Allowed).ToList();
        var gone = Allowed.Except(actual).ToList();
        Assert.True(added.Count == 0 && gone.Count == 0,
            $"New edges (add them to Allowed and ADR 38 on purpose, or remove the dependency): {string.Join("; ", added)}\n" +
            $"Edges no longer there (remove them from Allowed and ADR 38): {string.Join("; ", gone)}");
    }
}
