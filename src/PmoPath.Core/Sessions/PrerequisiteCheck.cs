using PmoPath.Catalog;
using PmoPath.Framework;

namespace PmoPath.Sessions;

/// <summary>
/// Checks a course's prerequisites from the catalogue against a person's record before a booking, and
/// says in words which are not met. A certificate of a retired course counts for its successor, as in the
/// advisor.
/// </summary>
public static class PrerequisiteCheck
{
    /// <summary>The unmet prerequisites as sentences; empty when the person may take the course.</summary>
    public static IReadOnlyList<string> Unmet(Course course, FrameworkSnapshot framework, int? level, int? yearsInPmo, IEnumerable<string> certificatesHeld)
    {
        var held = new HashSet<string>(StringComparer.Ordinal);
        foreach (var code in certificatesHeld)
            for (var c = framework.FindCourse(code); c is not null && held.Add(c.Code); c = c.Successor is { } next ? framework.FindCourse(next) : null)
            {
            }

        var unmet = new List<string>();
        foreach (var p in course.Prerequisites)
        {
            var text = p.Kind switch
            {
                PrerequisiteKind.Certificate when !held.Contains(p.Course!) =>
                    $"{course.Title} needs the {framework.FindCourse(p.Course!)?.Title ?? p.Course} certificate, which the record does not show.",
                PrerequisiteKind.CurrentLevel when level != p.Level =>
                    $"{course.Title} is for people currently working at level {p.Level}; the record says {LevelText(level)}.",
                PrerequisiteKind.MinimumLevel when level is null || level < p.Level =>
                    $"{course.Title} is for people working at level {p.Level} or above; the record says {LevelText(level)}.",
                PrerequisiteKind.YearsExperience when yearsInPmo is null || yearsInPmo < p.Years =>
                    $"{course.Title} needs {p.Years} years of PMO work; the record says {(yearsInPmo is { } y ? $"{y}" : "nothing about years")}.",
                // Where the body also accepts equivalent experience, the provider judges it at booking: not refused here.
                PrerequisiteKind.AnyCertificate when p.OrEquivalentExperience != true && !(p.Courses ?? []).Any(held.Contains) =>
                    $"{course.Title} needs one of {string.Join(", ", (p.Courses ?? []).Select(code => framework.FindCourse(code)?.Title ?? code))}, which the record does not show.",
                _ => null,
            };
            if (text is not null)
                unmet.Add(text);
        }
        return unmet;
    }

    private static string LevelText(int? level) => level is { } l ? $"level {l}" : "no level";
}
