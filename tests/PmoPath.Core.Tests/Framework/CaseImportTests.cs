using System.Text.Json.Nodes;
using PmoPath.Exchange;
using PmoPath.Exchange.Case;
using PmoPath.Framework;

namespace PmoPath.Core.Tests.Framework;

/// <summary>Reading a CASE 1.1 package: faithful for PmoPath's own export, and every fault named with its path.</summary>
public sealed class CaseImportTests
{
    private const string Base = "https://pmopath.example";
    private static readonly FrameworkDocument Default = FrameworkJson.ReadDefault();

    private static JsonNode Export() => JsonNode.Parse(CaseExport.Write(Default, Base))!;

    private static FrameworkImportException Refused(JsonNode package) =>
        Assert.Throws<FrameworkImportException>(() => CaseImport.Apply(package.ToJsonString(), Default, TestDay.Today));

    private static int IndexOfItem(JsonNode package, string code) =>
        package["CFItems"]!.AsArray().Select((n, i) => (n, i)).First(p => (string?)p.n!["humanCodingScheme"] == code).i;

    private static string ItemId(JsonNode package, string code) => (string)package["CFItems"]![IndexOfItem(package, code)]!["identifier"]!;

    private static JsonObject Association(string type, JsonNode package, string origin, string destination) => new()
    {
        ["identifier"] = Guid.NewGuid().ToString(),
        ["associationType"] = type,
        ["uri"] = Base + "/x",
        ["originNodeURI"] = new JsonObject { ["title"] = origin, ["identifier"] = ItemId(package, origin), ["uri"] = Base + "/o" },
        ["destinationNodeURI"] = new JsonObject { ["title"] = destination, ["identifier"] = ItemId(package, destination), ["uri"] = Base + "/d" },
        ["lastChangeDateTime"] = "2026-01-01T00:00:00+00:00",
    };

    [Fact]
    public void The_export_applied_to_the_framework_it_came_from_changes_nothing()
    {
        var applied = CaseImport.Apply(CaseExport.Write(Default, Base), Default, TestDay.Today);
        Assert.Equal(FrameworkJson.Write(Default), FrameworkJson.Write(applied));
        Assert.Equal(CaseExport.Write(Default, Base), CaseExport.Write(applied, Base));
    }

    [Fact]
    public void The_export_is_structured_as_the_ADR_says()
    {
        var package = CaseExport.Build(Default, Base);
        Assert.Equal(Default.Competencies.Count + Default.Courses.Count, package.Items.Count);
        Assert.Equal(Default.Competencies.Count, package.Rubrics.Count);
        Assert.All(package.Rubrics, r => Assert.Equal(4, Assert.Single(r.Criteria).Levels.Count));
        var p3o = FrameworkIdentifiers.Course("axelos-p3o-practitioner").ToString();
        Assert.Contains(package.Associations, a => a.AssociationType == "precedes"
            && a.Origin.Identifier == FrameworkIdentifiers.Course("axelos-p3o-foundation").ToString() && a.Destination.Identifier == p3o);
        Assert.Contains(package.Associations, a => a.AssociationType == "replacedBy"
            && a.Origin.Identifier == FrameworkIdentifiers.Course("bcs-ppso-essentials").ToString()
            && a.Destination.Identifier == FrameworkIdentifiers.Course("hop-essentials-pmo-administrators").ToString());
        Assert.Contains(package.Associations, a => a.AssociationType == "isChildOf" && a.Origin.Identifier == p3o
            && a.Destination.Identifier == FrameworkIdentifiers.Competency("pmo-setup-design").ToString());
        Assert.All(package.Items, i => Assert.StartsWith(Base + "/api/framework/case#", i.Uri, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_is_named_with_its_path_and_the_identifier_concerned()
    {
        var package = Export();
        var items = package["CFItems"]!.AsArray();
        var first = (string)items[0]!["identifier"]!;
        items[1]!["identifier"] = first;                                              // duplicate identifier
        items[2]!.AsObject().Remove("fullStatement");                                 // missing required field
        items[3]!["humanCodingScheme"] = 5;                                           // wrong type
        items[4]!["colour"] = "blue";                                                 // not a CASE field
        package["CFAssociations"]![0]!["destinationNodeURI"]!["identifier"] = "0e5d3a35-5c5e-4b4f-9b0a-000000000000"; // unknown target
        package["CFRubrics"]![5]!["CFRubricCriteria"]![0]!["CFRubricCriterionLevels"]!.AsArray().RemoveAt(3); // three levels
        package["CFRubrics"]![6]!["CFRubricCriteria"]![0]!["CFRubricCriterionLevels"]![1]!["score"] = 7;      // proficiency out of range

        var problems = Refused(package).Problems;

        Assert.Contains(problems, p => p.Path == "CFItems[1].identifier" && p.Message.Contains($"'{first}' is already the identifier of CFItems[0]", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "CFItems[2].fullStatement" && p.Message.Contains("missing", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "CFItems[3].humanCodingScheme" && p.Message.Contains("must be a string, not a number", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "CFItems[4].colour" && p.Message == "not a field of CASE 1.1 here");
        Assert.Contains(problems, p => p.Path == "CFAssociations[0].destinationNodeURI.identifier" && p.Message.Contains("is not an item of this package", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "CFRubrics[5].CFRubricCriteria[0].CFRubricCriterionLevels" && p.Message.Contains("not 3", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "CFRubrics[6].CFRubricCriteria[0].CFRubricCriterionLevels[1].score" && p.Message.Contains("not 7", StringComparison.Ordinal));
    }

    [Fact]
    public void A_cycle_of_isChildOf_is_refused_naming_the_codes()
    {
        var package = Export();
        var associations = package["CFAssociations"]!.AsArray();
        associations.Add(Association("isChildOf", package, "strategy", "coaching"));
        associations.Add(Association("isChildOf", package, "coaching", "strategy"));
        var problem = Assert.Single(Refused(package).Problems);
        Assert.Matches(@"^CFAssociations\[\d+\]$", problem.Path);
        Assert.Contains("isChildOf makes a cycle: ", problem.Message, StringComparison.Ordinal);
        Assert.Matches("(strategy → coaching → strategy|coaching → strategy → coaching)$", problem.Message);
    }

    [Fact]
    public void A_cycle_of_prerequisites_is_refused()
    {
        var package = Export();
        package["CFAssociations"]!.AsArray().Add(Association("precedes", package, "axelos-p3o-practitioner", "axelos-p3o-foundation"));
        Assert.Contains(Refused(package).Problems, p => p.Message.Contains("precedes makes a cycle", StringComparison.Ordinal)
            && p.Message.Contains("axelos-p3o-foundation", StringComparison.Ordinal));
    }

    [Fact]
    public void A_course_the_catalogue_does_not_have_is_refused()
    {
        var package = Export();
        package["CFItems"]![IndexOfItem(package, "agile-pmo")]!["humanCodingScheme"] = "underwater-pmo";
        Assert.Contains(Refused(package).Problems, p => p.Message.Contains("there is no course 'underwater-pmo' in the catalogue", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[]", "$", "must be a CFPackage object, not an array")]
    [InlineData("{\"CFDocument\": {", "$", "not valid JSON")]
    [InlineData("{\"CFItems\": []}", "CFDocument", "missing")]
    [InlineData("{\"CFDocument\": 1}", "CFDocument", "must be an object, not a number")]
    [InlineData("{\"a\": 1, \"a\": 2}", "$", "not valid JSON")]
    public void Malformed_packages_are_refused(string text, string path, string message)
    {
        var refused = Assert.Throws<FrameworkImportException>(() => CaseImport.Apply(text, Default, TestDay.Today));
        Assert.Contains(refused.Problems, p => p.Path == path && p.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_package_too_large_is_refused_before_it_is_parsed()
    {
        var huge = "{\"CFDocument\": {\"title\": \"" + new string('x', CaseImport.MaxBytes) + "\"}}";
        var problem = Assert.Single(Assert.Throws<FrameworkImportException>(() => CaseImport.Apply(huge, Default, TestDay.Today)).Problems);
        Assert.Contains("at most 5,242,880 are read", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_package_wrong_everywhere_lists_the_first_problems_and_counts_the_rest()
    {
        var package = Export();
        foreach (var item in package["CFItems"]!.AsArray())
            foreach (var field in new[] { "fullStatement", "uri", "lastChangeDateTime" })
                item!.AsObject().Remove(field);
        foreach (var association in package["CFAssociations"]!.AsArray())
            association!["identifier"] = "not-a-uuid";

        var problems = Refused(package).Problems;

        Assert.Equal(CaseImport.MaxProblems + 1, problems.Count);
        Assert.Matches(@"^and [\d,]+ more problems, not listed$", problems[^1].Message);
    }

    [Fact]
    public void Deep_nesting_is_refused()
    {
        var deep = "{\"CFDocument\": " + new string('[', 200) + new string(']', 200) + "}";
        Assert.Contains(Assert.Throws<FrameworkImportException>(() => CaseImport.Apply(deep, Default, TestDay.Today)).Problems,
            p => p.Message.Contains("not valid JSON", StringComparison.Ordinal));
    }
}
