using PmoPath.Advice;
using PmoPath.Exchange;
using PmoPath.Framework;

namespace PmoPath.Core.Tests.Advice;

/// <summary>The shipped framework, and profiles written the way the source texts describe people.</summary>
public static class DefaultFramework
{
    public static FrameworkSnapshot Snapshot { get; } = new(FrameworkJson.ReadDefault());
}

/// <summary>Builds a profile in a sentence: <c>Profile.At(3).Aiming(4).Holding("axelos-p3o-foundation", "2023-05-10")</c>.</summary>
public sealed record Profile
{
    public static readonly DateOnly Today = new(2026, 11, 22);

    private Profile(int level) => Document = new AdviceProfileDocument { Level = level, TargetLevel = level, AsOf = "2026-11-22" };

    public AdviceProfileDocument Document { get; }

    public static Profile At(int level) => new(level);

    public Profile Aiming(int target)
    {
        Document.TargetLevel = target;
        return this;
    }

    public Profile On(string asOf)
    {
        Document.AsOf = asOf;
        return this;
    }

    public Profile Holding(string code, string achievedOn)
    {
        (Document.Certifications ??= []).Add(new CertificationEntry { Code = code, AchievedOn = achievedOn });
        return this;
    }

    public Profile Completed(params string[] codes)
    {
        (Document.CompletedCourses ??= []).AddRange(codes);
        return this;
    }

    public Profile Rating(string area, int rating)
    {
        (Document.Competencies ??= [])[area] = rating;
        return this;
    }

    public Profile WithYearsInPmo(int years)
    {
        Document.YearsInPmo = years;
        return this;
    }

    public Profile WithTrainingDays(decimal days)
    {
        Document.TrainingDaysPerYear = days;
        return this;
    }

    public Profile WithBudget(decimal budget)
    {
        Document.BudgetPerYear = budget;
        return this;
    }

    public Profile Booked(string code, string startsOn, Guid? session = null, bool waitlisted = false)
    {
        (Document.BookedCourses ??= []).Add(new BookedEntry { Code = code, StartsOn = startsOn, SessionId = session, Waitlisted = waitlisted });
        return this;
    }

    public Profile Accepted(string code, string? targetDate)
    {
        (Document.AcceptedCourses ??= []).Add(new AcceptedEntry { Code = code, TargetDate = targetDate });
        return this;
    }

    public Profile WithCpd(string suite, string on, decimal points)
    {
        (Document.Cpd ??= []).Add(new CpdEntryDocument { Suite = suite, On = on, Points = points });
        return this;
    }

    public AdviceRequest Request => AdviceProfileReader.Check(Document, DefaultFramework.Snapshot, Today);

    public AdviceAnswer Advise() => Advisor.Advise(DefaultFramework.Snapshot, Request);

    public AdviceAnswer Advise(PmoPath.Sessions.ScheduleSnapshot schedule) => Advisor.Advise(DefaultFramework.Snapshot, Request, schedule);
}
