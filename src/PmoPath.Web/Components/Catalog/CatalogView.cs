using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using PmoPath.Catalog;
using PmoPath.Framework;

namespace PmoPath.Web.Components.Catalog;

/// <summary>
/// What the catalogue page shows for one query string: the parsed filter (or the problem with it), the
/// matching courses grouped by kind, and the choices offered in the form.
/// </summary>
public sealed class CatalogView
{
    private CatalogView(CatalogFilter filter, bool includeRetired, CatalogFilter.Problem? problem, IReadOnlyList<Course> courses,
        IReadOnlyList<int> lengthOptions, int retiredMatches, string withRetiredUrl)
    {
        Filter = filter;
        IncludeRetired = includeRetired;
        Problem = problem;
        Courses = courses;
        LengthOptions = lengthOptions;
        RetiredMatches = retiredMatches;
        WithRetiredUrl = withRetiredUrl;
    }

    public CatalogFilter Filter { get; }
    public bool IncludeRetired { get; }

    /// <summary>The first bad value, naming its field; when set, no courses are listed.</summary>
    public CatalogFilter.Problem? Problem { get; }

    public IReadOnlyList<Course> Courses { get; }

    /// <summary>The "up to N days" choices: every whole length in the catalogue, plus a length asked for in the URL.</summary>
    public IReadOnlyList<int> LengthOptions { get; }

    /// <summary>How many retired courses would match if they were included; lets an empty result point somewhere.</summary>
    public int RetiredMatches { get; }

    public string WithRetiredUrl { get; }

    public sealed record Group(string Key, string Heading, IReadOnlyList<Course> Courses);

    private static readonly (CourseKind Kind, string Key, string Heading)[] GroupOrder =
    [
        (CourseKind.Certification, "certifications", "Certifications"),
        (CourseKind.Specialist, "specialist", "Specialist courses"),
        (CourseKind.External, "external", "Certifications held elsewhere (recorded on your record, not booked here)"),
    ];

    /// <summary>Certifications, then specialist courses; within each, lowest level first, then framework order.</summary>
    public IReadOnlyList<Group> Groups =>
    [
        .. GroupOrder
            .Select(g => new Group(g.Key, g.Heading, [.. Courses.Where(c => c.Kind == g.Kind).OrderBy(c => c.Levels.DefaultIfEmpty().Min())]))
            .Where(g => g.Courses.Count > 0),
    ];

    public string CountText => (Courses.Count, IsFiltered) switch
    {
        (1, true) => "1 course matches your filters",
        (var n, true) => $"{n} courses match your filters",
        (1, false) => "1 course in the catalogue",
        (var n, false) => $"{n} courses in the catalogue",
    };

    private bool IsFiltered => Filter is not { Level: null, Kind: null, Body: null, Delivery: null, MaxDays: null };

    public static CatalogView Build(FrameworkSnapshot framework, string? level, string? body, string? kind, string? delivery, string? length, string? retired)
    {
        var filter = CatalogFilter.Parse(level, kind, body, delivery, length, framework);
        var problem = filter.Error;
        var includeRetired = false;
        switch (retired?.Trim().ToLowerInvariant())
        {
            case null or "" or "false" or "0":
                break;
            case "true" or "on" or "1":
                includeRetired = true;
                break;
            default:
                problem ??= new CatalogFilter.Problem("retired", $"'{retired}' is not a yes or no: use true or leave it out.");
                break;
        }

        var lengths = framework.Courses.Select(c => (int)Math.Ceiling(c.DurationDays)).ToHashSet();
        if (filter.MaxDays is { } asked)
            lengths.Add(asked);

        IReadOnlyList<Course> courses = problem is null ? [.. filter.Apply(framework.Courses, includeRetired)] : [];
        var retiredMatches = problem is null && !includeRetired
            ? filter.Apply(framework.Courses, includeRetired: true).Count(c => c.Retired)
            : 0;
        var withRetired = QueryHelpers.AddQueryString("/courses", new Dictionary<string, string?>
        {
            ["level"] = filter.Level?.ToString(CultureInfo.InvariantCulture),
            ["body"] = filter.Body,
            ["kind"] = filter.Kind?.ToString().ToLowerInvariant(),
            ["delivery"] = filter.Delivery is { } d ? CatalogFilter.DeliveryCode(d) : null,
            ["length"] = filter.MaxDays?.ToString(CultureInfo.InvariantCulture),
            ["retired"] = "true",
        }.Where(p => p.Value is not null));

        return new CatalogView(filter, includeRetired, problem, courses, [.. lengths.Order()], retiredMatches, withRetired);
    }

    /// <summary>The form label of a filter field, as the error message names it.</summary>
    public static string Label(string field) => field switch
    {
        "level" => "Level",
        "body" => "Certification body",
        "kind" => "Kind",
        "delivery" => "Delivery",
        "length" => "Length",
        "retired" => "Include retired courses",
        _ => field,
    };

    public static string LengthOption(int days) => days == 1 ? "1 day" : $"Up to {days} days";
}
