namespace PmoPath.Accounts;

/// <summary>
/// A bearer token for the API. Only the SHA-256 hash of the token is stored: the token itself is shown
/// once, when it is created, and cannot be recovered from the database.
/// </summary>
public sealed class ApiToken
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string UserId { get; set; } = "";
    public AppUser? User { get; set; }
    public string Name { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the token.</summary>
    public string Hash { get; set; } = "";

    /// <summary>The first characters of the token, so a person can tell their tokens apart.</summary>
    public string Prefix { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? ExpiresAtUtc { get; set; }
    public DateTime? RevokedAtUtc { get; set; }
    public DateTime? LastUsedAtUtc { get; set; }
}
