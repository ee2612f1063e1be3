using System.Globalization;
using PmoPath.Accounts;
using PmoPath.People;

namespace PmoPath.Web.Components.People;

/// <summary>
/// The query string of the people list and the invitations page (<c>q</c>, <c>team</c>, <c>teamId</c>, <c>level</c>,
/// <c>pmoType</c>, <c>account</c>, <c>certificates</c>, <c>page</c>) read into a <see cref="PeopleQuery"/>, and links
/// to other pages of the same search. A value that means nothing (level 9, account "maybe") is ignored, not an error:
/// the list shows everyone rather than a page of problems.
/// </summary>
public sealed record PeopleSearch(string? Q, string? Team, Guid? TeamId, string? Level, string? PmoType, string? Account, string? Certificates, int Page)
{
    public static readonly IReadOnlyList<(string Code, string Label)> AccountStates =
        [("none", "No account"), ("invited", "Invited"), ("expired", "Invitation expired"), ("accepted", "Accepted")];

    public static readonly IReadOnlyList<(string Code, string Label)> CertificateStates =
        [("due", "Due for renewal"), ("not-current", "Not current")];

    public int? LevelNumber => int.TryParse(Level, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 4 ? n : null;

    public AccountState? AccountState => Account switch
    {
        "none" => Accounts.AccountState.None,
        "invited" => Accounts.AccountState.Invited,
        "expired" => Accounts.AccountState.Expired,
        "accepted" => Accounts.AccountState.Accepted,
        _ => null,
    };

    public CertificateFilter? CertificateState => Certificates switch
    {
        "due" => CertificateFilter.Due,
        "not-current" => CertificateFilter.NotCurrent,
        _ => null,
    };

    public PeopleQuery ToQuery() => new(Q, TeamId, Team, LevelNumber, PmoType, AccountState, CertificateState, Math.Max(1, Page));

    public bool IsFiltered => !string.IsNullOrWhiteSpace(Q) || !string.IsNullOrWhiteSpace(Team) || TeamId is not null || LevelNumber is not null
        || !string.IsNullOrWhiteSpace(PmoType) || AccountState is not null || CertificateState is not null;

    /// <summary>The address of page <paramref name="page"/> of this search on <paramref name="path"/>.</summary>
    public string Url(string path, int page)
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
                parts.Add($"{key}={Uri.EscapeDataString(value.Trim())}");
        }
        Add("q", Q);
        Add("team", Team);
        Add("teamId", TeamId?.ToString());
        Add("level", LevelNumber?.ToString(CultureInfo.InvariantCulture));
        Add("pmoType", PmoType);
        Add("account", AccountState is null ? null : Account);
        Add("certificates", CertificateState is null ? null : Certificates);
        if (page > 1)
            Add("page", page.ToString(CultureInfo.InvariantCulture));
        return parts.Count == 0 ? path : $"{path}?{string.Join('&', parts)}";
    }
}
