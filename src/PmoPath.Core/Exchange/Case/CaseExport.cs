using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using PmoPath.Catalog;
using PmoPath.Framework;

namespace PmoPath.Exchange.Case;

/// <summary>
/// Writes the framework as a CASE 1.1 <c>CFPackage</c> (docs/adr/0031): competency areas and courses as items, the
/// expected proficiency by career level as one rubric per competency area, the structure as <c>isChildOf</c>,
/// prerequisites as <c>precedes</c> and successors as <c>replacedBy</c>. The output depends only on the framework
/// and the base address, so two exports of one framework are byte-identical.
/// </summary>
public static class CaseExport
{
    public const string CompetencyAreaType = "Competency Area";
    public const string CourseType = "Course";

    /// <summary>Where the package is served, under the app's base address; every <c>uri</c> points into it.</summary>
    public const string Path = "/api/framework/case";

    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            IndentSize = 2,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static string Write(CasePackage package) => JsonSerializer.Serialize(package, Options) + "\n";

    /// <summary>The package's text for <paramref name="document"/>, with addresses under <paramref name="baseUrl"/>.</summary>
    public static string Write(FrameworkDocument document, string baseUrl) => Write(Build(document, baseUrl));

    /// <summary>
    /// The time every record of the package was last changed: the newest day a body's or course's facts were checked
    /// against its sources, at midnight UTC. A fact of the framework, not of the export, so a re-export does not
    /// differ by its date; a framework without sources says 2000-01-01.
    /// </summary>
    public static string LastChange(FrameworkDocument document)
    {
        var days = document.Bodies.SelectMany(b => b.Sources).Concat(document.Courses.SelectMany(c => c.Sources)).Select(s => s.CheckedOn);
        var newest = days.DefaultIfEmpty(new DateOnly(2000, 1, 1)).Max();
        return newest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00+00:00";
    }

    public static CasePackage Build(FrameworkDocument document, string baseUrl)
    {
        var packageUrl = baseUrl.TrimEnd('/') + Path;
        string Uri(Guid id) => $"{packageUrl}#{Id(id)}";
        var changed = LastChange(document);

        var documentId = FrameworkIdentifiers.Of("document", "framework");
        var root = new CaseLink(Title, Id(documentId), packageUrl);
        var competencyType = ItemType(FrameworkIdentifiers.Of("item-type", "competency-area"), CompetencyAreaType, "1", "competency-area",
            "An area of PMO work in which a practitioner's proficiency is rated, from 0 (none) to 4 (expert).");
        var courseType = ItemType(FrameworkIdentifiers.Of("item-type", "course"), CourseType, "2", "course",
            "A course of the catalogue: a certification course of a body, a specialist course, or a certification held from elsewhere.");
        CaseItemType ItemType(Guid id, string title, string hierarchy, string code, string description) =>
            new(Id(id), Uri(id), title, description, hierarchy, code, changed);
        CaseLink TypeLink(CaseItemType type) => new(type.Title, type.Identifier, type.Uri);

        var competencyLinks = document.Competencies.ToDictionary(c => c.Code,
            c => new CaseLink(c.Name, Id(FrameworkIdentifiers.Competency(c.Code)), Uri(FrameworkIdentifiers.Competency(c.Code))), StringComparer.Ordinal);
        var courseLinks = document.Courses.ToDictionary(c => c.Code,
            c => new CaseLink(c.Title, Id(FrameworkIdentifiers.Course(c.Code)), Uri(FrameworkIdentifiers.Course(c.Code))), StringComparer.Ordinal);

        var items = new List<CaseItem>();
        foreach (var area in document.Competencies)
            items.Add(Item(competencyLinks[area.Code], area.Name, area.Description, area.Code, TypeLink(competencyType)));
        foreach (var course in document.Courses)
            items.Add(Item(courseLinks[course.Code], course.Title, course.Description, course.Code, TypeLink(courseType)));
        CaseItem Item(CaseLink link, string name, string description, string code, CaseLink type) => new(
            link.Identifier,
            description.Length > 0 ? description : name,
            type.Title,
            link.Uri,
            code,
            description.Length > 0 ? name : null,
            "en",
            changed,
            type);

        var associations = new List<CaseAssociation>();
        void Associate(string type, CaseLink origin, CaseLink destination, int? sequence)
        {
            var id = FrameworkIdentifiers.Of("association", type, origin.Identifier, destination.Identifier);
            associations.Add(new CaseAssociation(Id(id), type, sequence, Uri(id), origin, destination, changed));
        }
        var children = new Dictionary<string, int>(StringComparer.Ordinal);
        int Next(CaseLink parent) => children[parent.Identifier] = children.GetValueOrDefault(parent.Identifier) + 1;

        foreach (var area in document.Competencies)
            Associate(CaseAssociationTypes.IsChildOf, competencyLinks[area.Code], root, Next(root));
        foreach (var course in document.Courses)
        {
            var parents = course.Competencies.Where(competencyLinks.ContainsKey).Select(c => competencyLinks[c]).ToList();
            foreach (var parent in parents.Count > 0 ? parents : [root])
                Associate(CaseAssociationTypes.IsChildOf, courseLinks[course.Code], parent, Next(parent));
        }
        foreach (var course in document.Courses)
            foreach (var prerequisite in course.Prerequisites.Where(p => p.Kind == PrerequisiteKind.Certificate && p.Course is not null && courseLinks.ContainsKey(p.Course)))
                Associate(CaseAssociationTypes.Precedes, courseLinks[prerequisite.Course!], courseLinks[course.Code], null);
        foreach (var course in document.Courses.Where(c => c.Successor is not null && courseLinks.ContainsKey(c.Successor)))
            Associate(CaseAssociationTypes.ReplacedBy, courseLinks[course.Code], courseLinks[course.Successor!], null);

        var levels = document.Levels.ToDictionary(l => l.Number);
        var rubrics = document.Competencies.Select(area =>
        {
            var rubricId = FrameworkIdentifiers.Of("rubric", area.Code);
            var criterionId = FrameworkIdentifiers.Of("rubric-criterion", area.Code);
            var criterionLevels = area.Expected.Select((proficiency, i) =>
            {
                var number = i + 1;
                var levelId = FrameworkIdentifiers.Of("rubric-criterion-level", area.Code, number.ToString(CultureInfo.InvariantCulture));
                var quality = proficiency is >= CompetencyArea.MinProficiency and <= CompetencyArea.MaxProficiency
                    ? CompetencyArea.ProficiencyNames[proficiency]
                    : proficiency.ToString(CultureInfo.InvariantCulture);
                var levelName = levels.TryGetValue(number, out var level) ? $"Level {number}, {level.Name}" : $"Level {number}";
                return new CaseRubricCriterionLevel(Id(levelId), Uri(levelId), $"{levelName}: {quality} ({proficiency} of {CompetencyArea.MaxProficiency})",
                    quality, proficiency, number, Id(criterionId), changed);
            }).ToList();
            var criterion = new CaseRubricCriterion(Id(criterionId), Uri(criterionId), "Expected proficiency by career level",
                $"The proficiency in {area.Name} expected of someone working at each PMO career level.", competencyLinks[area.Code], 1, Id(rubricId), changed, criterionLevels);
            return new CaseRubric(Id(rubricId), Uri(rubricId), $"{area.Name}: expected proficiency",
                $"Position is the PMO career level (1 to {CareerLevel.Highest}); score the proficiency expected there, from 0 (none) to {CompetencyArea.MaxProficiency} (expert).",
                changed, [criterion]);
        }).ToList();

        return new CasePackage(
            new CaseDocument(root.Identifier, packageUrl, "PmoPath", Title, changed, "PmoPath", Description, "en", "1.1"),
            items, associations, new CaseDefinitions([competencyType, courseType]), rubrics);
    }

    public const string Title = "PmoPath career framework";

    private const string Description =
        "The competency areas of PMO work with the proficiency each of the four PMO career levels expects in them, " +
        "and the courses that develop them, with their prerequisites and successors.";

    /// <summary>A UUID as CASE writes it: lower-case hex, 8-4-4-4-12.</summary>
    public static string Id(Guid id) => id.ToString("D");
}

/// <summary>The association types PmoPath reads and writes.</summary>
public static class CaseAssociationTypes
{
    public const string IsChildOf = "isChildOf";
    public const string Precedes = "precedes";
    public const string ReplacedBy = "replacedBy";
}
