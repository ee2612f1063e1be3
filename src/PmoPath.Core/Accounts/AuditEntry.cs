namespace PmoPath.Accounts;

/// <summary>The kinds of event the audit log records.</summary>
public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string LockedOut = "locked-out";
    public const string SignOut = "sign-out";
    public const string PasswordReset = "password-reset";
    public const string UserAdded = "user-added";
    public const string Invited = "invited";
    public const string RoleChanged = "role-changed";
    public const string RecordChanged = "record-changed";
    public const string PlanChanged = "plan-changed";
    public const string Exported = "export";
    public const string Erased = "erasure";
    public const string StaffImported = "staff-imported";
    public const string TokenCreated = "token-created";
    public const string TokenRevoked = "token-revoked";
    public const string CalendarFeedCreated = "calendar-feed-created";
    public const string CalendarFeedRevoked = "calendar-feed-revoked";
    public const string SessionPublished = "session-published";
    public const string Booked = "booked";
    public const string BookingCancelled = "booking-cancelled";
    public const string AttendanceMarked = "attendance-marked";
    public const string InHouseRequested = "in-house-requested";
    public const string ArticleWritten = "article-written";
    public const string ArticlePublished = "article-published";
    public const string ArticleWithdrawn = "article-withdrawn";
    public const string FeedbackResolved = "feedback-resolved";
    public const string JobPosted = "job-posted";
    public const string JobClosed = "job-closed";
    public const string CredentialIssued = "credential-issued";
    public const string CredentialRevoked = "credential-revoked";
    public const string CredentialUploaded = "credential-uploaded";
}

/// <summary>
/// One audited event. It holds ids and a short detail written by PmoPath itself, never what a user typed
/// (an email field may hold a mistyped password), never a password or a token.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }
    public string Action { get; set; } = "";
    public Guid? OrganisationId { get; set; }
    public string? ActorUserId { get; set; }

    /// <summary>The person who acted, when they are one.</summary>
    public Guid? ActorPersonId { get; set; }
    public People.Person? ActorPerson { get; set; }

    /// <summary>The person the event is about.</summary>
    public Guid? SubjectPersonId { get; set; }
    public People.Person? SubjectPerson { get; set; }
    public string Detail { get; set; } = "";
}
