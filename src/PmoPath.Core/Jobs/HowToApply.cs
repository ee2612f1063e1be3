using System.Net.Mail;
using PmoPath.Catalog;
using PmoPath.Framework;

namespace PmoPath.Jobs;

/// <summary>A job's way to apply, as a page links it: a web address, or an email address as a <c>mailto:</c> link.</summary>
public sealed record ApplyLink(string Href, string Text, bool IsEmail);

/// <summary>
/// How to apply for a job: <see cref="Job.ApplyUrl"/> holds an http(s) address or, for an email address, a
/// <c>mailto:</c> address. Posting through the site or the API requires one (<see cref="JobStore.Validate"/>).
/// </summary>
public static class HowToApply
{
    public const int MaxLength = 400;

    /// <summary>
    /// The stored form of what a poster typed: an http(s) address as given, an email address (bare or
    /// <c>mailto:</c>) as <c>mailto:address</c>; null when it is neither.
    /// </summary>
    public static string? Normalise(string text)
    {
        text = text.Trim();
        if (JobStore.IsWebAddress(text))
            return text;
        var email = text.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? text["mailto:".Length..] : text;
        return IsEmail(email) ? "mailto:" + email : null;
    }

    /// <summary>The link for a job, or null when it has none (a job loaded before applying was required).</summary>
    public static ApplyLink? For(Job job)
    {
        if (string.IsNullOrWhiteSpace(job.ApplyUrl))
            return null;
        if (job.ApplyUrl.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
            return new ApplyLink(job.ApplyUrl, job.ApplyUrl["mailto:".Length..], true);
        return Uri.TryCreate(job.ApplyUrl, UriKind.Absolute, out var uri) ? new ApplyLink(job.ApplyUrl, uri.Host, false) : null;
    }

    /// <summary>
    /// The courses a person can take towards a competency a job asks for: offered courses (not retired, not external)
    /// that develop it; specialist courses first (the seeds' advice: short specialist courses for specific skill gaps),
    /// then those serving the job's level, then the catalogue's order.
    /// </summary>
    public static IReadOnlyList<Course> CoursesFor(string competency, int level, FrameworkSnapshot framework) =>
        [.. framework.Courses
            .Where(c => !c.Retired && c.Kind != CourseKind.External && c.Competencies.Contains(competency, StringComparer.Ordinal))
            .OrderBy(c => c.Kind == CourseKind.Specialist ? 0 : 1).ThenBy(c => c.Levels.Contains(level) ? 0 : 1).ThenBy(c => c.Position)];

    private static bool IsEmail(string text) =>
        text.Length is > 2 and <= MaxLength && !text.Any(char.IsWhiteSpace) && text.Count(c => c == '@') == 1
        && MailAddress.TryCreate(text, out var address) && address.Address == text && address.Host.Contains('.', StringComparison.Ordinal);
}
