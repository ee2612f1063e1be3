using PmoPath.Exchange;
using PmoPath.Framework;
using PmoPath.Providers;
using PmoPath.Sessions;

namespace PmoPath.Core.Tests.Sessions;

/// <summary>The booking-time prerequisite check and the session validation, over the shipped catalogue.</summary>
public sealed class PrerequisiteCheckTests
{
    private static readonly FrameworkSnapshot Framework = new(FrameworkJson.ReadDefault());

    private static IReadOnlyList<string> Unmet(string course, int? level, int? years = null, params string[] held) =>
        PrerequisiteCheck.Unmet(Framework.FindCourse(course)!, Framework, level, years, held);

    [Fact]
    public void IPMO_Expert_is_for_people_currently_at_level_4()
    {
        Assert.Empty(Unmet("aipmo-ipmo-expert", 4));
        var reason = Assert.Single(Unmet("aipmo-ipmo-expert", 3));
        Assert.Contains("currently working at level 4", reason, StringComparison.Ordinal);
        Assert.Contains("level 3", reason, StringComparison.Ordinal);
        Assert.Contains("no level", Assert.Single(Unmet("aipmo-ipmo-expert", null)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_practitioner_course_needs_its_foundation_certificate()
    {
        Assert.Contains("P3O", Assert.Single(Unmet("axelos-p3o-practitioner", 2)), StringComparison.Ordinal);
        Assert.Empty(Unmet("axelos-p3o-practitioner", 2, null, "axelos-p3o-foundation"));
    }

    [Fact]
    public void Every_unmet_prerequisite_is_named()
    {
        var reasons = Unmet("bcs-ppso-advanced-practitioner", 2, 1);
        Assert.Equal(2, reasons.Count);
        Assert.Contains(reasons, r => r.Contains("3 years", StringComparison.Ordinal));
        Assert.Empty(Unmet("bcs-ppso-advanced-practitioner", 2, 3, "bcs-ppso-essentials"));
    }

    [Fact]
    public void A_session_with_every_field_wrong_lists_every_field()
    {
        var provider = new TrainingProvider { Code = "p", Name = "P", Accreditations = ["aipmo-ipmo-expert"] };
        var now = new DateTimeOffset(2027, 1, 10, 12, 0, 0, TimeSpan.Zero);
        var error = Assert.Throws<InvalidInputException>(() => SessionSchedule.Validate(new SessionInput
        {
            CourseCode = "aipmo-ipmo-expert",
            StartsOn = new DateOnly(2027, 1, 9),
            EndsOn = new DateOnly(2027, 1, 8),
            TimeZone = "Nowhere/Else",
            Delivery = SessionDelivery.Classroom,
            Seats = 0,
            Price = 10.001m,
            Currency = "pound",
            DailyStart = new TimeOnly(9, 0),
        }, provider, Framework, null, now));
        Assert.Equal(["currency", "dailyEnd", "delivery", "endsOn", "price", "seats", "startsOn", "timeZone", "venue"],
            error.Errors.Keys.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Bookings_close_at_the_end_of_the_deadline_day_in_the_sessions_time_zone()
    {
        var session = new CourseSession { TimeZone = "Australia/Sydney", BookingDeadline = new DateOnly(2027, 3, 1) };
        // 13:30 UTC on 1 March is already 2 March in Sydney (UTC+11).
        Assert.False(SessionSchedule.IsBookingOpen(session, new DateTimeOffset(2027, 3, 1, 13, 30, 0, TimeSpan.Zero)));
        Assert.True(SessionSchedule.IsBookingOpen(session, new DateTimeOffset(2027, 3, 1, 12, 30, 0, TimeSpan.Zero)));
    }
}

public class AnyCertificatePrerequisiteCheckTests
{
    private static readonly PmoPath.Framework.FrameworkSnapshot Framework = new(PmoPath.Exchange.FrameworkJson.ReadDefault());

    [Fact]
    public void A_listed_certificate_held_elsewhere_meets_it_and_equivalent_experience_is_left_to_the_provider()
    {
        var managers = Framework.FindCourse("hop-essentials-pmo-managers")!;
        Assert.Empty(PmoPath.Sessions.PrerequisiteCheck.Unmet(managers, Framework, 3, null, ["axelos-prince2-practitioner"]));
        // The body accepts equivalent experience, so a booking without a listed certificate is not refused.
        Assert.Empty(PmoPath.Sessions.PrerequisiteCheck.Unmet(managers, Framework, 3, null, []));

        var strict = new PmoPath.Catalog.Course { Code = "x", Title = "Strict", Prerequisites = [new PmoPath.Catalog.Prerequisite { Kind = PmoPath.Catalog.PrerequisiteKind.AnyCertificate, Courses = ["pmi-pmp", "apm-pmq"] }] };
        Assert.Contains("PMP (Project Management Professional)", Assert.Single(PmoPath.Sessions.PrerequisiteCheck.Unmet(strict, Framework, 3, null, ["axelos-p3o-foundation"])), StringComparison.Ordinal);
        Assert.Empty(PmoPath.Sessions.PrerequisiteCheck.Unmet(strict, Framework, 3, null, ["apm-pmq"]));
    }
}
