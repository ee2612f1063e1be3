using PmoPath.Framework;

namespace PmoPath.Catalog;

/// <summary>Sentences about a course as a person reads them, shared by the pages, the API and the CLI.</summary>
public static class CourseFacts
{
    public static string Describe(Prerequisite prerequisite, FrameworkSnapshot framework) => prerequisite.Kind switch
    {
        PrerequisiteKind.Certificate => $"holds {framework.FindCourse(prerequisite.Course!)?.Title ?? prerequisite.Course}",
        PrerequisiteKind.CurrentLevel => $"currently works at level {prerequisite.Level}",
        PrerequisiteKind.MinimumLevel => $"works at level {prerequisite.Level} or above",
        PrerequisiteKind.YearsExperience => $"has at least {prerequisite.Years} years of PMO experience",
        PrerequisiteKind.AnyCertificate => $"has {prerequisite.Description ?? "one of several certificates"}: one of {string.Join(", ", (prerequisite.Courses ?? []).Select(code => framework.FindCourse(code)?.Title ?? code))}{(prerequisite.OrEquivalentExperience == true ? ", or equivalent experience" : "")}",
        _ => prerequisite.Kind.ToString(),
    };

    public static string Duration(Course course) =>
        course.DurationDays == 1 ? "1 day" : $"{course.DurationDays:0.#} days";

    /// <summary>
    /// The length as published: "3 days", or "length not published" where the body or provider has not published
    /// it (the planning value in the file is never shown as a fact).
    /// </summary>
    public static string PublishedLength(Course course) =>
        course.Kind == CourseKind.External ? "not run here"
        : course.IsPublished("durationDays") ? Duration(course) : "length not published";

    /// <summary>"on the final day (day 5)", "on day 2", or null without an exam day.</summary>
    public static string? ExamDay(Course course) => course.Assessment?.OnDay switch
    {
        null => null,
        var day when day == (int)Math.Ceiling(course.DurationDays) => $"on the final day (day {day})",
        var day => $"on day {day}",
    };

    public static string PassMark(Assessment assessment) => assessment switch
    {
        { PassMark: { } pass, MaxMarks: { } max } => $"{pass}/{max} ({100m * pass / max:0}%)",
        { PassMark: { } pass } => pass.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "not published",
    };

    public static string Renewal(Course course) => course.Renewal switch
    {
        null or { Kind: RenewalKind.None } => "does not lapse",
        { Years: var years, CpdPointsPerYear: { } cpd } rule =>
            $"renew within {years} years: retake the exam, pass another exam of the same suite, or log {cpd} CPD points a year{(rule.CpdSubscription is { } sub ? $" with a continuous {sub} subscription" : "")}{Transition(rule)}",
        { Years: var years } rule => $"renew within {years} years{Transition(rule)}",
    };

    private static string Transition(RenewalRule rule) => rule is { TransitionAchievedBefore: { } before, TransitionRenewBy: { } until }
        ? $"; certificates achieved before {before.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)} had until {until.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}"
        : "";

    public static string Delivery(DeliveryFormat format) => format switch
    {
        DeliveryFormat.Classroom => "Classroom",
        DeliveryFormat.Virtual => "Virtual",
        DeliveryFormat.Residential => "Residential",
        DeliveryFormat.InHouse => "In-house",
        DeliveryFormat.PublicSchedule => "Public schedule",
        _ => format.ToString(),
    };

    public static string Kind(CourseKind kind) => kind switch
    {
        CourseKind.Certification => "Certification",
        CourseKind.External => "Certification held elsewhere (recorded, not booked here)",
        _ => "Specialist course",
    };
}
