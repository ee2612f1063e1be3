using System.Text;
using System.Text.Json;
using PmoPath.Catalog;
using PmoPath.Framework;

namespace PmoPath.Exchange.Case;

/// <summary>
/// Reads a CASE 1.1 <c>CFPackage</c> (PmoPath's own export or a customer's competency framework) and applies it to a
/// framework (docs/adr/0031). The package replaces the competency areas, with the proficiency each career level expects
/// from its rubric, and which courses develop them; for the courses it names, also their certificate prerequisites
/// (<c>precedes</c>) and successor (<c>replacedBy</c>). Courses themselves (title, description and the rest) come from
/// the catalogue: CASE has no place for bodies, exams or renewal rules. Every problem is collected, with its JSON path and
/// the identifier of the object concerned; a package with any problem throws <see cref="FrameworkImportException"/>.
/// </summary>
public static class CaseImport
{
    /// <summary>The largest package read, in bytes of UTF-8.</summary>
    public const int MaxBytes = 5 * 1024 * 1024;

    /// <summary>The most problems listed; a package with more is mostly wrong, and the rest are counted.</summary>
    public const int MaxProblems = 200;

    public const int MaxItems = 2 * FrameworkValidator.MaxListItems, MaxAssociations = 20_000, MaxRubrics = FrameworkValidator.MaxListItems, MaxDepth = 32;

    private static readonly string[] PackageFields = ["CFDocument", "CFItems", "CFAssociations", "CFDefinitions", "CFRubrics", "extensions"];
    private static readonly string[] DocumentFields = ["identifier", "uri", "frameworkType", "caseVersion", "creator", "title", "lastChangeDateTime",
        "officialSourceURL", "publisher", "description", "subject", "subjectURI", "language", "version", "adoptionStatus", "statusStartDate",
        "statusEndDate", "licenseURI", "notes", "extensions"];
    private static readonly string[] ItemFields = ["identifier", "fullStatement", "alternativeLabel", "CFItemType", "uri", "humanCodingScheme",
        "listEnumeration", "abbreviatedStatement", "conceptKeywords", "conceptKeywordsURI", "notes", "subject", "subjectURI", "language",
        "educationLevel", "CFItemTypeURI", "licenseURI", "statusStartDate", "statusEndDate", "lastChangeDateTime", "extensions"];
    private static readonly string[] AssociationFields = ["identifier", "associationType", "sequenceNumber", "uri", "originNodeURI",
        "destinationNodeURI", "CFAssociationGroupingURI", "lastChangeDateTime", "notes", "extensions"];
    private static readonly string[] LinkFields = ["title", "identifier", "uri", "targetType"];
    private static readonly string[] RubricFields = ["identifier", "uri", "title", "description", "lastChangeDateTime", "CFRubricCriteria", "extensions"];
    private static readonly string[] CriterionFields = ["identifier", "uri", "category", "description", "CFItemURI", "weight", "position", "rubricId",
        "lastChangeDateTime", "CFRubricCriterionLevels", "extensions"];
    private static readonly string[] LevelFields = ["identifier", "uri", "description", "quality", "score", "feedback", "position",
        "rubricCriterionId", "lastChangeDateTime", "extensions"];

    private sealed record Item(int Index, string Id, string Code, string Name, string Description, bool IsCourse)
    {
        public string At => $"CFItems[{Index}]";
    }

    private sealed record Edge(int Index, string Id, string Type, string Origin, string Destination);

    /// <summary>
    /// The framework <paramref name="current"/> with the package applied, as a new document (<paramref name="current"/>
    /// is left as it was). Throws <see cref="FrameworkImportException"/> naming every problem; <paramref name="today"/>
    /// bounds the dates the framework's sources were checked on.
    /// </summary>
    public static FrameworkDocument Apply(string text, FrameworkDocument current, DateOnly today)
    {
        var problems = new List<FrameworkProblem>();
        void Problem(string path, string message) => problems.Add(new FrameworkProblem(path, message));

        var size = Encoding.UTF8.GetByteCount(text);
        if (size > MaxBytes)
            throw new FrameworkImportException([new FrameworkProblem("$", $"the package is {size:N0} bytes; at most {MaxBytes:N0} are read")]);

        using var json = Parse(text);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new FrameworkImportException([new FrameworkProblem("$", $"must be a CFPackage object, not {Kind(root)}")]);
        Fields(root, "$", PackageFields, Problem);

        var identifiers = new Dictionary<string, string>(StringComparer.Ordinal);
        string? Identifier(JsonElement element, string at)
        {
            var value = Uuid(element, at, Problem);
            if (value is null)
                return null;
            if (identifiers.TryAdd(value, at))
                return value;
            Problem($"{at}.identifier", $"'{value}' is already the identifier of {identifiers[value]}");
            return null;
        }

        string? documentId = null;
        if (!root.TryGetProperty("CFDocument", out var document))
            Problem("CFDocument", "missing: a package needs its CFDocument");
        else if (Object(document, "CFDocument", Problem))
        {
            Fields(document, "CFDocument", DocumentFields, Problem);
            documentId = Identifier(document, "CFDocument");
            foreach (var field in new[] { "uri", "creator", "title", "lastChangeDateTime" })
                Text(document, "CFDocument", field, true, Problem, documentId);
            if (Text(document, "CFDocument", "caseVersion", false, Problem, documentId) is { } version && version != "1.1")
                Problem("CFDocument.caseVersion", $"must be \"1.1\", not \"{version}\"");
        }

        // Items: competency areas and courses.
        var items = new List<Item>();
        foreach (var (element, i) in Array(root, "CFItems", MaxItems, Problem))
        {
            var at = $"CFItems[{i}]";
            if (!Object(element, at, Problem))
                continue;
            Fields(element, at, ItemFields, Problem);
            var id = Identifier(element, at);
            var full = Text(element, at, "fullStatement", true, Problem, id);
            var abbreviated = Text(element, at, "abbreviatedStatement", false, Problem, id);
            var coding = Text(element, at, "humanCodingScheme", false, Problem, id);
            var type = Text(element, at, "CFItemType", false, Problem, id);
            Text(element, at, "uri", true, Problem, id);
            Text(element, at, "lastChangeDateTime", true, Problem, id);
            if (id is null || full is null)
                continue;
            var code = Slug(coding ?? abbreviated ?? "");
            if (code.Length == 0)
            {
                Problem($"{at}.humanCodingScheme", $"item {id}: missing; PmoPath keys a competency area or course by a code " +
                    "(the humanCodingScheme, or else the abbreviatedStatement, in lower case with dashes)");
                continue;
            }
            items.Add(abbreviated is null
                ? new Item(i, id, code, full, "", IsCourse(type))
                : new Item(i, id, code, abbreviated, full, IsCourse(type)));
        }
        var itemById = items.ToDictionary(x => x.Id, StringComparer.Ordinal);
        foreach (var group in items.GroupBy(x => (x.IsCourse, x.Code)).Where(g => g.Count() > 1))
            foreach (var duplicate in group.Skip(1))
                Problem($"{duplicate.At}.humanCodingScheme", $"item {duplicate.Id}: the code '{duplicate.Code}' is already that of {group.First().At} ({group.First().Id})");

        // Associations: structure, prerequisites, successors. Other types (exactMatchOf, isRelatedTo, …) are not PmoPath's and are left aside.
        var edges = new List<Edge>();
        foreach (var (element, i) in Array(root, "CFAssociations", MaxAssociations, Problem))
        {
            var at = $"CFAssociations[{i}]";
            if (!Object(element, at, Problem))
                continue;
            Fields(element, at, AssociationFields, Problem);
            var id = Identifier(element, at);
            var type = Text(element, at, "associationType", true, Problem, id);
            Text(element, at, "uri", true, Problem, id);
            Text(element, at, "lastChangeDateTime", true, Problem, id);
            if (element.TryGetProperty("sequenceNumber", out var sequence) && !(sequence.ValueKind == JsonValueKind.Number && sequence.TryGetInt32(out _)))
                Problem($"{at}.sequenceNumber", $"association {id}: must be an integer, not {Kind(sequence)}");
            var origin = Link(element, at, "originNodeURI", Problem, id);
            var destination = Link(element, at, "destinationNodeURI", Problem, id);
            if (id is null || type is null || origin is null || destination is null)
                continue;
            if (type is not (CaseAssociationTypes.IsChildOf or CaseAssociationTypes.Precedes or CaseAssociationTypes.ReplacedBy))
                continue;
            var known = true;
            if (!itemById.ContainsKey(origin))
            {
                Problem($"{at}.originNodeURI.identifier", $"association {id} ({type}): '{origin}' is not an item of this package");
                known = false;
            }
            var toDocument = type == CaseAssociationTypes.IsChildOf && destination == documentId;
            if (!toDocument && !itemById.ContainsKey(destination))
            {
                Problem($"{at}.destinationNodeURI.identifier", $"association {id} ({type}): '{destination}' is not an item of this package" +
                    (type == CaseAssociationTypes.IsChildOf ? " nor its CFDocument" : ""));
                known = false;
            }
            if (!known)
                continue;
            var from = itemById[origin];
            var to = toDocument ? null : itemById[destination];
            switch (type)
            {
                case CaseAssociationTypes.IsChildOf when !from.IsCourse && to is { IsCourse: true }:
                    Problem(at, $"association {id}: competency area '{from.Code}' cannot be a child of course '{to.Code}'");
                    continue;
                case CaseAssociationTypes.IsChildOf when from.IsCourse && to is { IsCourse: true }:
                    Problem(at, $"association {id}: course '{from.Code}' cannot be a child of course '{to.Code}'; a course belongs to competency areas");
                    continue;
                case CaseAssociationTypes.Precedes or CaseAssociationTypes.ReplacedBy when from.IsCourse != to!.IsCourse:
                    Problem(at, $"association {id} ({type}): joins {Describe(from)} and {Describe(to)}; it must join two courses or two competency areas");
                    continue;
                case CaseAssociationTypes.ReplacedBy when !from.IsCourse:
                    Problem(at, $"association {id} (replacedBy): PmoPath keeps no successors of competency areas ('{from.Code}')");
                    continue;
                case not CaseAssociationTypes.IsChildOf when from.Id == to!.Id:
                    Problem(at, $"association {id} ({type}): '{from.Code}' cannot {(type == CaseAssociationTypes.Precedes ? "precede" : "be replaced by")} itself");
                    continue;
            }
            edges.Add(new Edge(i, id, type, origin, destination));
        }
        foreach (var duplicate in edges.GroupBy(e => (e.Type, e.Origin, e.Destination)).Where(g => g.Count() > 1).SelectMany(g => g.Skip(1)))
            Problem($"CFAssociations[{duplicate.Index}]", $"association {duplicate.Id}: the same {duplicate.Type} from '{itemById[duplicate.Origin].Code}' to " +
                $"'{(itemById.TryGetValue(duplicate.Destination, out var d) ? d.Code : "the document")}' is given twice");
        foreach (var group in edges.Where(e => e.Type == CaseAssociationTypes.ReplacedBy).GroupBy(e => e.Origin).Where(g => g.Count() > 1))
            foreach (var extra in group.Skip(1))
                Problem($"CFAssociations[{extra.Index}]", $"association {extra.Id}: course '{itemById[extra.Origin].Code}' is already replacedBy another course (CFAssociations[{group.First().Index}])");
        Cycles(edges.Where(e => e.Type == CaseAssociationTypes.IsChildOf && itemById.ContainsKey(e.Destination)).ToList(), itemById, Problem);
        Cycles(edges.Where(e => e.Type == CaseAssociationTypes.Precedes).ToList(), itemById, Problem);
        Cycles(edges.Where(e => e.Type == CaseAssociationTypes.ReplacedBy).ToList(), itemById, Problem);

        // Rubrics: the proficiency each career level expects in a competency area.
        var expected = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var criterionOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (rubric, r) in Array(root, "CFRubrics", MaxRubrics, Problem))
        {
            var at = $"CFRubrics[{r}]";
            if (!Object(rubric, at, Problem))
                continue;
            Fields(rubric, at, RubricFields, Problem);
            var rubricId = Identifier(rubric, at);
            Text(rubric, at, "uri", true, Problem, rubricId);
            Text(rubric, at, "lastChangeDateTime", true, Problem, rubricId);
            foreach (var (criterion, c) in Array(rubric, "CFRubricCriteria", CareerLevel.Highest * 100, Problem, at))
            {
                var cat = $"{at}.CFRubricCriteria[{c}]";
                if (!Object(criterion, cat, Problem))
                    continue;
                Fields(criterion, cat, CriterionFields, Problem);
                var criterionId = Identifier(criterion, cat);
                Text(criterion, cat, "uri", true, Problem, criterionId);
                Text(criterion, cat, "lastChangeDateTime", true, Problem, criterionId);
                var target = criterion.TryGetProperty("CFItemURI", out _) ? Link(criterion, cat, "CFItemURI", Problem, criterionId) : null;
                var levels = new SortedDictionary<int, int>();
                foreach (var (level, l) in Array(criterion, "CFRubricCriterionLevels", 100, Problem, cat))
                {
                    var lat = $"{cat}.CFRubricCriterionLevels[{l}]";
                    if (!Object(level, lat, Problem))
                        continue;
                    Fields(level, lat, LevelFields, Problem);
                    var levelId = Identifier(level, lat);
                    Text(level, lat, "uri", true, Problem, levelId);
                    Text(level, lat, "lastChangeDateTime", true, Problem, levelId);
                    var position = Integer(level, lat, "position", Problem, levelId);
                    var score = Integer(level, lat, "score", Problem, levelId);
                    if (target is null || position is null || score is null)
                        continue;
                    if (!CareerLevel.IsValid(position.Value))
                        Problem($"{lat}.position", $"level {levelId}: the career level, {CareerLevel.Lowest} to {CareerLevel.Highest}, not {position}");
                    else if (!levels.TryAdd(position.Value, score.Value))
                        Problem($"{lat}.position", $"level {levelId}: career level {position} is given twice in this criterion");
                    if (score is < CompetencyArea.MinProficiency or > CompetencyArea.MaxProficiency)
                        Problem($"{lat}.score", $"level {levelId}: the proficiency expected, {CompetencyArea.MinProficiency} to {CompetencyArea.MaxProficiency}, not {score}");
                }
                if (target is null)
                    continue;
                if (!itemById.TryGetValue(target, out var area))
                    Problem($"{cat}.CFItemURI.identifier", $"criterion {criterionId}: '{target}' is not an item of this package");
                else if (area.IsCourse)
                    Problem($"{cat}.CFItemURI.identifier", $"criterion {criterionId}: '{area.Code}' is a course; rubrics give the proficiency expected in competency areas");
                else if (!criterionOf.TryAdd(area.Id, cat))
                    Problem($"{cat}.CFItemURI.identifier", $"criterion {criterionId}: competency area '{area.Code}' already has its expected proficiency from {criterionOf[area.Id]}");
                else if (levels.Count != CareerLevel.Highest)
                    Problem($"{cat}.CFRubricCriterionLevels", $"criterion {criterionId}: must give the proficiency expected at each of the {CareerLevel.Highest} career levels " +
                        $"(positions {CareerLevel.Lowest} to {CareerLevel.Highest}), not {levels.Count}");
                else
                    expected[area.Id] = [.. levels.Values];
            }
        }
        foreach (var area in items.Where(x => !x.IsCourse && !criterionOf.ContainsKey(x.Id)))
            Problem(area.At, $"competency area '{area.Code}' ({area.Id}) has no CFRubricCriterion giving the proficiency expected at the {CareerLevel.Highest} career levels");

        // Courses named by the package must be in the catalogue.
        var catalogue = current.Courses.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var course in items.Where(x => x.IsCourse && !catalogue.Contains(x.Code)))
            Problem($"{course.At}.humanCodingScheme", $"course {course.Id}: there is no course '{course.Code}' in the catalogue; " +
                "CASE carries no body, exam or renewal rule, so add the course with the framework file (pmopath framework import) first");

        if (problems.Count > MaxProblems)
            problems = [.. problems.Take(MaxProblems), new FrameworkProblem("$", $"and {problems.Count - MaxProblems:N0} more problems, not listed")];
        if (problems.Count > 0)
            throw new FrameworkImportException(problems);
        return Merge(current, items, edges, expected, itemById, today);
    }

    private static FrameworkDocument Merge(
        FrameworkDocument current, List<Item> items, List<Edge> edges, Dictionary<string, List<int>> expected, Dictionary<string, Item> itemById, DateOnly today)
    {
        var result = FrameworkJson.Read(FrameworkJson.Write(current));
        result.Competencies = [.. items.Where(x => !x.IsCourse).Select(x => new CompetencyArea
        {
            Code = x.Code,
            Name = x.Name,
            Description = x.Description,
            Expected = expected[x.Id],
        })];
        var areas = result.Competencies.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        var named = items.Where(x => x.IsCourse).ToDictionary(x => x.Code, StringComparer.Ordinal);
        List<Edge> From(Item item, string type) => [.. edges.Where(e => e.Type == type && e.Origin == item.Id)];
        List<Edge> To(Item item, string type) => [.. edges.Where(e => e.Type == type && e.Destination == item.Id)];

        var mapped = new List<FrameworkProblem>();
        foreach (var course in result.Courses)
        {
            if (!named.TryGetValue(course.Code, out var item))
            {
                // A course the package does not name keeps what it has, less the areas the package no longer has.
                course.Competencies = [.. course.Competencies.Where(areas.Contains)];
                continue;
            }
            course.Competencies = [.. From(item, CaseAssociationTypes.IsChildOf).Where(e => itemById.ContainsKey(e.Destination))
                .Select(e => itemById[e.Destination]).Where(p => !p.IsCourse).Select(p => p.Code).Distinct()];
            var before = course.Prerequisites.Where(p => p.Kind == PrerequisiteKind.Certificate).Select(p => p.Course).ToList();
            var after = To(item, CaseAssociationTypes.Precedes).Select(e => itemById[e.Origin].Code).ToList();
            if (!before.SequenceEqual(after))
                course.Prerequisites = [.. after.Select(code => new Prerequisite { Kind = PrerequisiteKind.Certificate, Course = code }),
                    .. course.Prerequisites.Where(p => p.Kind != PrerequisiteKind.Certificate)];
            course.Successor = From(item, CaseAssociationTypes.ReplacedBy).Select(e => itemById[e.Destination].Code).FirstOrDefault();
        }

        // What the framework's own rules find (a name too long, a successor cycle through the catalogue) is named by the package's path.
        var problems = FrameworkValidator.Validate(result, today);
        if (problems.Count > 0)
        {
            var areaAt = items.Where(x => !x.IsCourse).Select((x, i) => (x, i)).ToDictionary(p => $"competencies[{p.i}]", p => $"{p.x.At} ({p.x.Id})");
            var courseAt = result.Courses.Select((c, i) => (c, i)).Where(p => named.ContainsKey(p.c.Code))
                .ToDictionary(p => $"courses[{p.i}]", p => $"{named[p.c.Code].At} ({named[p.c.Code].Id})");
            foreach (var problem in problems)
            {
                var head = problem.Path.Split('.')[0];
                var place = areaAt.GetValueOrDefault(head) ?? courseAt.GetValueOrDefault(head);
                mapped.Add(place is null ? problem : new FrameworkProblem(place + problem.Path[head.Length..], problem.Message));
            }
            throw new FrameworkImportException(mapped);
        }
        return result;
    }

    private static JsonDocument Parse(string text)
    {
        try
        {
            return JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = MaxDepth, AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is { } n ? $" (line {n + 1})" : "";
            var message = ex.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            throw new FrameworkImportException([new FrameworkProblem("$", $"not valid JSON{line}: {(cut > 0 ? message[..cut] : message)}")]);
        }
    }

    private static bool IsCourse(string? type) => string.Equals(type?.Trim(), CaseExport.CourseType, StringComparison.OrdinalIgnoreCase);

    private static string Describe(Item item) => item.IsCourse ? $"course '{item.Code}'" : $"competency area '{item.Code}'";

    /// <summary>A code from a CASE human coding scheme: lower case, every run of other characters a dash ("PMO.1.2" is "pmo-1-2").</summary>
    public static string Slug(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var ch in value.Trim().ToLowerInvariant())
        {
            if (ch is >= 'a' and <= 'z' or >= '0' and <= '9')
                builder.Append(ch);
            else if (builder.Length > 0 && builder[^1] != '-')
                builder.Append('-');
        }
        return builder.ToString().TrimEnd('-');
    }

    private static void Cycles(List<Edge> edges, Dictionary<string, Item> items, Action<string, string> problem)
    {
        var next = edges.GroupBy(e => e.Origin).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 on the path, 2 done
        var path = new List<Edge>();
        void Visit(string node)
        {
            state[node] = 1;
            foreach (var edge in next.GetValueOrDefault(node) ?? [])
            {
                path.Add(edge);
                if (state.GetValueOrDefault(edge.Destination) == 1)
                {
                    var start = path.FindIndex(e => e.Origin == edge.Destination);
                    var loop = path.Skip(start).ToList();
                    problem($"CFAssociations[{edge.Index}]", $"association {edge.Id}: {edge.Type} makes a cycle: " +
                        string.Join(" → ", loop.Select(e => items[e.Origin].Code).Append(items[edge.Destination].Code)));
                }
                else if (state.GetValueOrDefault(edge.Destination) == 0)
                    Visit(edge.Destination);
                path.RemoveAt(path.Count - 1);
            }
            state[node] = 2;
        }
        foreach (var origin in next.Keys)
            if (state.GetValueOrDefault(origin) == 0)
                Visit(origin);
    }

    private static List<(JsonElement Element, int Index)> Array(JsonElement parent, string name, int max, Action<string, string> problem, string? at = null)
    {
        var path = at is null ? name : $"{at}.{name}";
        if (!parent.TryGetProperty(name, out var array))
            return [];
        if (array.ValueKind != JsonValueKind.Array)
        {
            problem(path, $"must be an array, not {Kind(array)}");
            return [];
        }
        var count = array.GetArrayLength();
        if (count > max)
        {
            problem(path, $"at most {max:N0} entries are read, not {count:N0}");
            return [];
        }
        return [.. array.EnumerateArray().Select((e, i) => (e, i))];
    }

    private static bool Object(JsonElement element, string at, Action<string, string> problem)
    {
        if (element.ValueKind == JsonValueKind.Object)
            return true;
        problem(at, $"must be an object, not {Kind(element)}");
        return false;
    }

    private static void Fields(JsonElement element, string at, string[] known, Action<string, string> problem)
    {
        foreach (var property in element.EnumerateObject())
            if (!known.Contains(property.Name, StringComparer.Ordinal))
                problem($"{at}.{property.Name}", "not a field of CASE 1.1 here");
    }

    private static string? Text(JsonElement element, string at, string name, bool required, Action<string, string> problem, string? id)
    {
        var who = id is null ? "" : $"{id}: ";
        if (!element.TryGetProperty(name, out var value))
        {
            if (required)
                problem($"{at}.{name}", $"{who}missing; CASE 1.1 requires it");
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            problem($"{at}.{name}", $"{who}must be a string, not {Kind(value)}");
            return null;
        }
        return value.GetString();
    }

    private static int? Integer(JsonElement element, string at, string name, Action<string, string> problem, string? id)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            problem($"{at}.{name}", $"{id}: missing");
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number) && number == decimal.Truncate(number) && number is >= int.MinValue and <= int.MaxValue)
            return (int)number;
        problem($"{at}.{name}", $"{id}: must be a whole number, not {(value.ValueKind == JsonValueKind.Number ? value.GetRawText() : Kind(value))}");
        return null;
    }

    private static string? Uuid(JsonElement element, string at, Action<string, string> problem)
    {
        if (Text(element, at, "identifier", true, problem, null) is not { } text)
            return null;
        if (text.Length != 36 || !Guid.TryParseExact(text, "D", out var id))
        {
            problem($"{at}.identifier", $"must be a UUID (8-4-4-4-12 hexadecimal digits), not '{Clip(text)}'");
            return null;
        }
        return CaseExport.Id(id);
    }

    /// <summary>The identifier a link points at (a <c>LinkURI</c> or <c>LinkGenURI</c>), checking its required parts.</summary>
    private static string? Link(JsonElement element, string at, string name, Action<string, string> problem, string? id)
    {
        var path = $"{at}.{name}";
        if (!element.TryGetProperty(name, out var link))
        {
            problem(path, $"{id}: missing; CASE 1.1 requires it");
            return null;
        }
        if (!Object(link, path, problem))
            return null;
        Fields(link, path, LinkFields, problem);
        Text(link, path, "title", true, problem, id);
        Text(link, path, "uri", true, problem, id);
        var target = Text(link, path, "identifier", true, problem, id);
        // A link may name something outside CASE by any identifier; the ones PmoPath follows are the package's own UUIDs.
        return target is not null && Guid.TryParseExact(target, "D", out var guid) ? CaseExport.Id(guid) : target;
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        _ => "null",
    };

    private static string Clip(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
