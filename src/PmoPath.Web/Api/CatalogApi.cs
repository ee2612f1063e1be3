using Microsoft.AspNetCore.Http.HttpResults;
using PmoPath.Advice;
using PmoPath.Catalog;
using PmoPath.Framework;
using PmoPath.Web.Hosting;

namespace PmoPath.Web.Api;

/// <summary>The career levels and the course catalogue, read-only and public.</summary>
public static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Catalogue");
        api.MapGet("/levels", GetLevels).WithSummary("The four PMO career levels with their roles, focus and knowledge.");
        api.MapGet("/courses", GetCourses).WithSummary("The catalogue, optionally filtered by level, kind and certification body.");
        api.MapGet("/courses/compare", CompareCourses)
            .WithSummary("Two to four courses side by side: level, length, exam, prices and next sessions, renewal, prerequisites, what each leads to, whom it suits, sources.")
            .WithDescription("Facts that are not published say so. With level and pmoType, each course also says how it fits a person at that level in that kind of PMO. Unknown, repeated, too few or too many codes get 400 with errors[\"codes\"] naming the code.");
        api.MapGet("/courses/{code}", GetCourse).WithSummary("One course with all its facts.");
        return app;
    }

    public static async Task<Ok<List<LevelView>>> GetLevels(FrameworkStore store, CancellationToken ct)
    {
        var framework = await store.GetAsync(ct);
        return TypedResults.Ok(framework.Levels.Select(l => LevelView.From(l, framework)).ToList());
    }

    /// <param name="level">1 to 4: courses that serve this career level.</param>
    /// <param name="kind"><c>certification</c> or <c>specialist</c>.</param>
    /// <param name="body">A certification body's code, such as <c>axelos</c>.</param>
    /// <param name="includeRetired">Also list retired courses (kept so that records of them stay valid).</param>
    public static async Task<Results<Ok<List<CourseView>>, ValidationProblem>> GetCourses(
        FrameworkStore store, string? level, string? kind, string? body, bool? includeRetired, CancellationToken ct)
    {
        var framework = await store.GetAsync(ct);
        var filter = CatalogFilter.Parse(level, kind, body, framework);
        if (filter.Error is { } error)
            return ValidationProblemExtensions.Field(error.Field, error.Message);
        var courses = filter.Apply(framework.Courses, includeRetired ?? false);
        return TypedResults.Ok(courses.Select(c => CourseView.From(c, framework)).ToList());
    }

    /// <param name="codes">2 to 4 course codes separated by commas, such as <c>axelos-p3o-practitioner,aipmo-ipmo-practitioner</c>.</param>
    /// <param name="level">Optional, 1 to 4: the level the reader works at, for each course's level fit.</param>
    /// <param name="pmoType">Optional: the kind of PMO the reader works in (a PMO type code), for each course's PMO-type fit.</param>
    public static async Task<Results<Ok<CourseComparisonResult>, ValidationProblem>> CompareCourses(
        FrameworkStore store, Sessions.ScheduleStore schedules, TimeProvider clock, string? codes, string? level, string? pmoType, CancellationToken ct)
    {
        var framework = await store.GetAsync(ct);
        var schedule = await schedules.GetAsync(ct);
        try
        {
            return TypedResults.Ok(CourseComparison.Compare(framework, schedule, clock.Today(), CourseComparison.ParseCodes([codes]), level, pmoType));
        }
        catch (InvalidInputException invalid)
        {
            return TypedResults.ValidationProblem(invalid.Errors.ToDictionary(e => e.Key, e => e.Value), title: "The comparison's query has invalid fields.");
        }
    }

    public static async Task<Results<Ok<CourseView>, ProblemHttpResult>> GetCourse(FrameworkStore store, string code, CancellationToken ct)
    {
        var framework = await store.GetAsync(ct);
        return framework.FindCourse(code) is { } course
            ? TypedResults.Ok(CourseView.From(course, framework))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no course '{code}'.");
    }
}

public sealed record LevelView(
    int Number, string Name, string Summary, string Focus, IReadOnlyList<string> Knowledge,
    IReadOnlyList<string> Roles, IReadOnlyList<string> PmoTypes, IReadOnlyList<string> Courses)
{
    public static LevelView From(CareerLevel level, FrameworkSnapshot framework) => new(
        level.Number, level.Name, level.Summary, level.Focus, level.Knowledge, level.Roles, level.PmoTypes,
        [.. framework.Courses.Where(c => !c.Retired && c.Levels.Contains(level.Number)).Select(c => c.Code)]);
}

/// <summary>A course as the API shows it: the stored facts plus the sentences a person reads.</summary>
public sealed record CourseView(
    string Code, string Title, CourseKind Kind, string? Body, string? BodyName, string? Suite,
    IReadOnlyList<int> Levels, IReadOnlyList<int> CoreAtLevels, decimal DurationDays, IReadOnlyList<DeliveryFormat> Delivery,
    Assessment? Assessment, string? ExamDay, IReadOnlyList<Prerequisite> Prerequisites, IReadOnlyList<string> PrerequisitesText,
    RenewalRule? Renewal, string RenewalText, bool Retired, string? Successor, IReadOnlyList<string> Competencies, string Description,
    IReadOnlyList<string> NotPublished, IReadOnlyList<Source> Sources, IReadOnlyList<Source> BodySources)
{
    public static CourseView From(Course c, FrameworkSnapshot framework) => new(
        c.Code, c.Title, c.Kind, c.Body, c.Body is null ? null : framework.BodyByCode[c.Body].Name, c.Suite,
        c.Levels, c.CoreAtLevels, c.DurationDays, c.Delivery,
        c.Assessment, CourseFacts.ExamDay(c), c.Prerequisites, [.. c.Prerequisites.Select(p => CourseFacts.Describe(p, framework))],
        c.Renewal, CourseFacts.Renewal(c), c.Retired, c.Successor, c.Competencies, c.Description,
        c.NotPublished, c.Sources, c.Body is null ? [] : framework.BodyByCode[c.Body].Sources);
}
