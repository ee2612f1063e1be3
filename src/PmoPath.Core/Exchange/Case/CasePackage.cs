using System.Text.Json.Serialization;

namespace PmoPath.Exchange.Case;

// The parts of a CASE 1.1 CFPackage that PmoPath writes, named as the specification names them
// (1EdTech Competencies and Academic Standards Exchange 1.1; JSON Schema case_v1p1_cfpackage-jsonschema1.json).
// Properties are written in this order and left out when null.

/// <summary>A whole competency framework in one file: the document, its items, associations, definitions and rubrics.</summary>
public sealed record CasePackage(
    [property: JsonPropertyName("CFDocument")] CaseDocument Document,
    [property: JsonPropertyName("CFItems")] IReadOnlyList<CaseItem> Items,
    [property: JsonPropertyName("CFAssociations")] IReadOnlyList<CaseAssociation> Associations,
    [property: JsonPropertyName("CFDefinitions")] CaseDefinitions Definitions,
    [property: JsonPropertyName("CFRubrics")] IReadOnlyList<CaseRubric> Rubrics);

/// <summary>The root of the framework (<c>CFDocument</c>).</summary>
public sealed record CaseDocument(
    string Identifier,
    string Uri,
    string Creator,
    string Title,
    string LastChangeDateTime,
    string? Publisher,
    string? Description,
    string? Language,
    string? CaseVersion);

/// <summary>A competency area or a course (<c>CFItem</c>).</summary>
public sealed record CaseItem(
    string Identifier,
    string FullStatement,
    [property: JsonPropertyName("CFItemType")] string ItemType,
    string Uri,
    string HumanCodingScheme,
    string? AbbreviatedStatement,
    string? Language,
    string LastChangeDateTime,
    [property: JsonPropertyName("CFItemTypeURI")] CaseLink ItemTypeUri);

/// <summary>A reference to another object of the package, by title, identifier and address.</summary>
public sealed record CaseLink(string Title, string Identifier, string Uri);

/// <summary>
/// A relation between two items, or an item and the document (<c>CFAssociation</c>): the origin is the child, the one
/// that precedes, or the one replaced.
/// </summary>
public sealed record CaseAssociation(
    string Identifier,
    string AssociationType,
    int? SequenceNumber,
    string Uri,
    [property: JsonPropertyName("originNodeURI")] CaseLink Origin,
    [property: JsonPropertyName("destinationNodeURI")] CaseLink Destination,
    string LastChangeDateTime);

/// <summary>The vocabulary of the package (<c>CFDefinitions</c>): here, its two item types.</summary>
public sealed record CaseDefinitions([property: JsonPropertyName("CFItemTypes")] IReadOnlyList<CaseItemType> ItemTypes);

/// <summary>A kind of item (<c>CFItemType</c>).</summary>
public sealed record CaseItemType(
    string Identifier,
    string Uri,
    string Title,
    string Description,
    string HierarchyCode,
    string TypeCode,
    string LastChangeDateTime);

/// <summary>The proficiency each career level expects in one competency area (<c>CFRubric</c>).</summary>
public sealed record CaseRubric(
    string Identifier,
    string Uri,
    string Title,
    string Description,
    string LastChangeDateTime,
    [property: JsonPropertyName("CFRubricCriteria")] IReadOnlyList<CaseRubricCriterion> Criteria);

/// <summary>The rubric's one criterion, tied to the competency area's item (<c>CFRubricCriterion</c>).</summary>
public sealed record CaseRubricCriterion(
    string Identifier,
    string Uri,
    string Category,
    string Description,
    [property: JsonPropertyName("CFItemURI")] CaseLink Item,
    int Position,
    string RubricId,
    string LastChangeDateTime,
    [property: JsonPropertyName("CFRubricCriterionLevels")] IReadOnlyList<CaseRubricCriterionLevel> Levels);

/// <summary>
/// One career level of a criterion (<c>CFRubricCriterionLevel</c>): <c>position</c> is the career level (1 to 4),
/// <c>score</c> the proficiency expected there (0 none to 4 expert), <c>quality</c> that proficiency's name.
/// </summary>
public sealed record CaseRubricCriterionLevel(
    string Identifier,
    string Uri,
    string Description,
    string Quality,
    int Score,
    int Position,
    string RubricCriterionId,
    string LastChangeDateTime);
