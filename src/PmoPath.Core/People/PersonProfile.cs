using PmoPath.Advice;
using PmoPath.Framework;

namespace PmoPath.People;

/// <summary>
/// A person's record in the shape of the advisor's input (PRODUCT.md, <c>POST /api/advice</c>): this is
/// the seam between a stored record and the advisor, which takes the same JSON whether the profile is
/// stored or typed into the public career guide.
/// </summary>
public sealed record PersonProfile(
    int Level,
    int? TargetLevel,
    string? PmoType,
    DateOnly AsOf,
    IReadOnlyList<ProfileCertification> Certifications,
    IReadOnlyList<string> CompletedCourses,
    IReadOnlyDictionary<string, int> Competencies,
    int? YearsInPmo)
{
    /// <summary>CPD points from the record: the log's entries and the certificates' yearly totals, by suite.</summary>
    public IReadOnlyList<CpdPoints> Cpd { get; init; } = [];

    /// <summary>Courses booked or waitlisted (active bookings): in progress.</summary>
    public IReadOnlyList<ProfileBooking> BookedCourses { get; init; } = [];

    /// <summary>Open plan items (planned, not yet booked), as accepted by the person or their manager.</summary>
    public IReadOnlyList<ProfilePlanItem> AcceptedCourses { get; init; } = [];

    /// <summary>
    /// The profile of <paramref name="person"/> (with certificates, courses and ratings loaded) on
    /// <paramref name="asOf"/>, or null while their current level is not set. Competencies are the
    /// person's own ratings: the advice is theirs; the manager's rating is shown beside it, not used.
    /// Every certificate is passed with its date, lapsed ones too: the advisor decides renewal.
    /// </summary>
    public static PersonProfile? Of(Person person, DateOnly asOf)
    {
        if (person.Level is not { } level)
            return null;
        return new PersonProfile(
            level,
            person.TargetLevel,
            person.PmoType,
            asOf,
            [.. person.Certificates.OrderBy(c => c.AchievedOn).Select(c => new ProfileCertification(c.CourseCode, c.AchievedOn))],
            [.. person.CompletedCourses.Select(c => c.CourseCode).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            person.Ratings.Where(r => r.SelfRating is not null).OrderBy(r => r.CompetencyCode, StringComparer.Ordinal)
                .ToDictionary(r => r.CompetencyCode, r => r.SelfRating!.Value),
            person.YearsInPmo)
        {
            Cpd = [
                .. person.Certificates.OrderBy(c => c.AchievedOn).ThenBy(c => c.CourseCode, StringComparer.Ordinal)
                    .SelectMany(c => c.Cpd.OrderBy(y => y.Year).Select(y => new CpdPoints(null, c.CourseCode, new DateOnly(y.Year, 1, 1), y.Points))),
                .. person.CpdLog.OrderBy(e => e.On).ThenBy(e => e.Id).Select(e => new CpdPoints(e.Suite, null, e.On, e.Points)),
            ],
        };
    }

    /// <summary>
    /// The advisor's answer for this record: the same advice <c>POST /api/advice</c> gives for the same
    /// profile. A record without a target aims at the level it is at.
    /// </summary>
    public AdviceAnswer Advise(FrameworkSnapshot framework, Sessions.ScheduleSnapshot? schedule = null) =>
        Advisor.Advise(framework, ToAdviceProfile(), AsOf, schedule);

    public AdviceProfile ToAdviceProfile() => new()
    {
        Level = Level,
        TargetLevel = Math.Max(Level, TargetLevel ?? Level),
        PmoType = PmoType,
        Certifications = [.. Certifications.Select(c => new HeldCertificate(c.Code, c.AchievedOn))],
        CompletedCourses = CompletedCourses,
        Competencies = Competencies,
        YearsInPmo = YearsInPmo,
        Cpd = Cpd,
        Booked = [.. BookedCourses.Select(b => new BookedCourse(b.Code, b.StartsOn, b.SessionId, b.Waitlisted))],
        Accepted = [.. AcceptedCourses.Select(a => new AcceptedCourse(a.Code, a.TargetDate))],
    };
}

public sealed record ProfileBooking(string Code, DateOnly StartsOn, Guid? SessionId, bool Waitlisted);

public sealed record ProfilePlanItem(string Code, DateOnly? TargetDate);

public sealed record ProfileCertification(string Code, DateOnly AchievedOn);
