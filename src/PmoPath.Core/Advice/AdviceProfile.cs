namespace PmoPath.Advice;

/// <summary>A certificate a practitioner holds, with the day it was achieved.</summary>
public sealed record HeldCertificate(string Code, DateOnly AchievedOn);

/// <summary>
/// CPD points logged on a day, counting for a renewal <paramref name="Suite"/>, or for the suite of the
/// certificate <paramref name="Course"/> where a record gives yearly totals per certificate (dated 1 January).
/// </summary>
public sealed record CpdPoints(string? Suite, string? Course, DateOnly On, decimal Points);

/// <summary>
/// A course the person is booked on (or waitlisted for), from the day its session starts: in progress, so it
/// is not recommended again and the next certification is planned after it.
/// </summary>
public sealed record BookedCourse(string Code, DateOnly StartsOn, Guid? SessionId = null, bool Waitlisted = false);

/// <summary>A course the person or their manager accepted into the development plan, with its target date: kept in the roadmap.</summary>
public sealed record AcceptedCourse(string Code, DateOnly? TargetDate);

/// <summary>
/// Everything the advisor needs to know about one practitioner, already checked against the framework
/// (see <see cref="AdviceProfileReader"/>). Nothing here is stored: the public career guide advises
/// people who have no account.
/// </summary>
public sealed record AdviceProfile
{
    /// <summary>The career level the person works at now, 1 to 4.</summary>
    public required int Level { get; init; }

    /// <summary>The level they aim for; never below <see cref="Level"/>.</summary>
    public required int TargetLevel { get; init; }

    /// <summary>The code of the kind of PMO they work in, when given.</summary>
    public string? PmoType { get; init; }

    public IReadOnlyList<HeldCertificate> Certifications { get; init; } = [];

    /// <summary>Codes of courses completed; for a specialist course there is no certificate, so this is the record.</summary>
    public IReadOnlyList<string> CompletedCourses { get; init; } = [];

    /// <summary>Self-rating 0 to 4 per competency area code. An area left out is not rated, not rated 0.</summary>
    public IReadOnlyDictionary<string, int> Competencies { get; init; } = new Dictionary<string, int>();

    /// <summary>Years of PMO work, for prerequisites that ask for experience.</summary>
    public int? YearsInPmo { get; init; }

    /// <summary>Training days a year the person (or their employer) can give; the roadmap keeps within it.</summary>
    public decimal? TrainingDaysPerYear { get; init; }

    /// <summary>CPD points the person's record shows, by suite and day; the public career guide has none.</summary>
    public IReadOnlyList<CpdPoints> Cpd { get; init; } = [];

    /// <summary>
    /// A yearly training budget, taken to be in the currency of the sessions' prices; the roadmap keeps within it
    /// at the prices of the next sessions.
    /// </summary>
    public decimal? BudgetPerYear { get; init; }

    /// <summary>Courses booked or waitlisted: in progress.</summary>
    public IReadOnlyList<BookedCourse> Booked { get; init; } = [];

    /// <summary>Courses accepted into the development plan and not yet booked: kept in the roadmap in their year.</summary>
    public IReadOnlyList<AcceptedCourse> Accepted { get; init; } = [];
}
