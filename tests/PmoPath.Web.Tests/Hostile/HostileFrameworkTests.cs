using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PmoPath.Exchange;
using PmoPath.Framework;
using PmoPath.Testing.Hostile;

namespace PmoPath.Web.Tests.Hostile;

/// <summary>
/// Framework files, read and imported through Core as the CLI's <c>framework import</c> does, with each value of the
/// first level, PMO type, competency, body and course (and of the file's top) replaced by each value of the corpus:
/// the import takes it or refuses it with problems that name a path; any other exception is a defect, and a refused
/// file changes nothing.
/// </summary>
public abstract partial class HostileInputTests
{
    [Fact]
    public async Task Every_value_of_a_framework_file_survives_the_corpus()
    {
        var store = world.App.Services.GetRequiredService<FrameworkStore>();
        var original = FrameworkJson.Write(await store.ExportAsync());
        var root = JsonNode.Parse(original)!.AsObject();
        var leaves = new List<string>();
        foreach (var (key, node) in root)
            if (node is JsonArray { Count: > 0 } array && array[0] is JsonObject first)
                leaves.AddRange(first.Select(p => $"{key}[0].{p.Key}"));
            else if (node is JsonValue)
                leaves.Add(key);
        Assert.NotEmpty(leaves);

        var failures = new List<string>();
        foreach (var leaf in leaves)
            foreach (var value in HostileCorpus.Json)
            {
                var document = JsonNode.Parse(original)!.AsObject();
                var parts = leaf.Split('.');
                JsonObject owner = parts.Length == 1 ? document : document[parts[0].Split('[')[0]]!.AsArray()[0]!.AsObject();
                owner[parts[^1]] = "__HOSTILE__";
                var text = document.ToJsonString().Replace("\"__HOSTILE__\"", value, StringComparison.Ordinal);
                var what = $"{leaf}={HostileCorpus.Describe(value)}";
                try
                {
                    await store.ImportAsync(FrameworkJson.Read(text), "hostile", "tests");
                    await store.ImportAsync(FrameworkJson.Read(original), "hostile (restored)", "tests");
                }
                catch (FrameworkImportException refused)
                {
                    if (refused.Problems.Count == 0 || refused.Problems.Any(p => string.IsNullOrWhiteSpace(p.Path)))
                        failures.Add($"{what}: refused without naming a path");
                    if (FrameworkJson.Write(await store.ExportAsync()) != original)
                        failures.Add($"{what}: refused, but the framework changed");
                }
                catch (Exception e)
                {
                    failures.Add($"{what}: {e.GetType().Name}: {Shorten(e.Message)}");
                }
            }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(60)));
    }
}
