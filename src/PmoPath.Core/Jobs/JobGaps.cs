using PmoPath.Framework;
using PmoPath.People;

namespace PmoPath.Jobs;

/// <summary>A competency area where the person's own rating is below what a job asks.</summary>
public sealed record CompetencyGap(string Code, int Has, int Asks);

/// <summary>What a person still lacks for a job: certificates not held current, and ratings below what it asks.</summary>
public sealed record JobGap(IReadOnlyList<string> MissingCertificates, IReadOnlyList<CompetencyGap> CompetencyGaps)
{
    public bool Meets => MissingCertificates.Count == 0 && CompetencyGaps.Count == 0;
}

/// <summary>The jobs at a person's target level and what they lack for each: pure functions over the record.</summary>
public static class JobGaps
{
    /// <summary>The level whose jobs a person is shown: their target, or their current level without one; null with neither.</summary>
    public static int? LevelFor(int? level, int? targetLevel) => targetLevel ?? level;

    /// <summary>
    /// What the holder of <paramref name="currentCertificates"/> (course codes of certificates current today,
    /// due for renewal included) and <paramref name="ratings"/> (competency code to 0–4; a missing area is 0)
    /// lacks for <paramref name="job"/>.
    /// </summary>
    public static JobGap For(Job job, IReadOnlySet<string> currentCertificates, IReadOnlyDictionary<string, int> ratings) => new(
        [.. job.Certificates.Where(c => !currentCertificates.Contains(c)).Distinct(StringComparer.Ordinal)],
        [.. job.Competencies
            .Select(c => new CompetencyGap(c.Code, ratings.GetValueOrDefault(c.Code), c.Rating))
            .Where(g => g.Has < g.Asks)]);

    /// <summary>The course codes of the person's certificates that are current (or due for renewal) on <paramref name="asOf"/>.</summary>
    public static IReadOnlySet<string> CurrentCertificates(Person person, FrameworkSnapshot framework, DateOnly asOf) =>
        person.Certificates
            .Where(c => CertificateStanding.Of(c, person.Certificates, framework, asOf).Status != CertificateStatus.NotCurrent)
            .Select(c => c.CourseCode)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The person's own ratings by competency code.</summary>
    public static IReadOnlyDictionary<string, int> Ratings(Person person) =>
        person.Ratings.Where(r => r.SelfRating is not null).ToDictionary(r => r.CompetencyCode, r => r.SelfRating!.Value, StringComparer.Ordinal);
}

/// <summary>An open job with what the person still lacks for it.</summary>
public sealed record JobMatch(Job Job, JobGap Gap);

/// <summary>The signed-in person's view of the jobs: open jobs at their target level (or current level), each with its gap.</summary>
public sealed class MyJobs(PersonRecords records, JobStore jobs, FrameworkStore frameworks, Accounts.Caller caller)
{
    /// <summary>The level looked at and the matches; the level is null (and the list empty) while the record has no level.</summary>
    public async Task<(int? Level, List<JobMatch> Matches)> ListAsync(CancellationToken ct = default)
    {
        if (caller.PersonId is not { } me)
            throw new ForbiddenException("Only a person of an organisation has jobs at their level.");
        var person = await records.LoadAsync(me, PersonAction.View, ct);
        if (JobGaps.LevelFor(person.Level, person.TargetLevel) is not { } level)
            return (null, []);
        var framework = await frameworks.GetAsync(ct);
        var held = JobGaps.CurrentCertificates(person, framework, records.Today);
        var ratings = JobGaps.Ratings(person);
        var open = await jobs.ListOpenAsync(new JobFilter(level, null), ct);
        return (level, [.. open.Select(j => new JobMatch(j, JobGaps.For(j, held, ratings)))]);
    }
}
