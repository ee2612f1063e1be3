using System.Globalization;
using PmoPath.Framework;

namespace PmoPath.Staff;

/// <summary>A certificate a staff file says a person holds: a certification course of the catalogue and the day it was achieved.</summary>
public sealed record StaffCertificate(string Code, DateOnly AchievedOn);

/// <summary>
/// One checked row of a staff file. Optional values are null when the cell is empty (or the column is left
/// out): an import changes only what the file says.
/// </summary>
public sealed record StaffEntry(
    int Line, string EmployeeId, string Email, string Name, string? Team, string? ManagerEmail, string? JobTitle,
    int? Level, string? PmoType, IReadOnlyList<StaffCertificate> Certificates);

/// <summary>
/// Checks every row of a staff file against the framework and against the other rows: required cells,
/// lengths, levels, PMO types, certificates (course codes and dates), duplicate employee ids and emails, a
/// team with two managers, a person managing themselves. Checks that need the organisation's people (does a
/// manager's email name anyone?) are <see cref="StaffImport"/>'s.
/// </summary>
public static class StaffValidator
{
    public const int MaxEmployeeId = 64;
    public const int MaxEmail = 256;
    public const int MaxName = 200;

    public static List<StaffEntry> Validate(IReadOnlyList<StaffFileRow> rows, FrameworkSnapshot framework, DateOnly today, List<StaffProblem> problems)
    {
        var entries = new List<StaffEntry>(rows.Count);
        var employeeLines = new Dictionary<string, int>(rows.Count, StringComparer.Ordinal);
        var emailLines = new Dictionary<string, int>(rows.Count, StringComparer.OrdinalIgnoreCase);
        var teamManagers = new Dictionary<string, (string Email, int Line)>(StringComparer.OrdinalIgnoreCase);
        var pmoTypes = PmoTypeLookup(framework);
        // A manager's email is on every row of their team: checked once.
        var managerEmails = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        foreach (var row in rows)
        {
            var before = problems.Count;
            // Called, never passed as a delegate, so it costs no allocation per row.
            void Problem(string column, string message) => problems.Add(new StaffProblem(row.Line, column, message));

            var employeeId = Text(row, StaffColumns.EmployeeId, MaxEmployeeId, required: true, problems);
            var email = Text(row, StaffColumns.Email, MaxEmail, required: true, problems);
            var name = Text(row, StaffColumns.Name, MaxName, required: true, problems);
            var team = Text(row, StaffColumns.Team, MaxName, required: false, problems);
            var managerEmail = Text(row, StaffColumns.ManagerEmail, MaxEmail, required: false, problems);
            var jobTitle = Text(row, StaffColumns.JobTitle, MaxName, required: false, problems);

            if (employeeId is not null && !employeeLines.TryAdd(employeeId, row.Line))
                Problem(StaffColumns.EmployeeId, $"'{employeeId}' is also the employee id on line {employeeLines[employeeId]}; each person has one row.");
            if (email is not null)
            {
                if (!IsEmail(email))
                    Problem(StaffColumns.Email, $"'{email}' is not an email address.");
                else if (!emailLines.TryAdd(email, row.Line))
                    Problem(StaffColumns.Email, $"'{email}' is also the email on line {emailLines[email]}; two people cannot share one.");
            }
            if (managerEmail is not null)
            {
                if (!managerEmails.Contains(managerEmail) && !(IsEmail(managerEmail) && managerEmails.Add(managerEmail)))
                    Problem(StaffColumns.ManagerEmail, $"'{managerEmail}' is not an email address.");
                else if (email is not null && string.Equals(managerEmail, email, StringComparison.OrdinalIgnoreCase))
                    Problem(StaffColumns.ManagerEmail, "a person cannot manage themselves: give the manager of the team this person works in.");
                else if (team is null)
                    Problem(StaffColumns.ManagerEmail, "a manager manages a team: give the row's team too.");
                else if (!teamManagers.TryAdd(team, (managerEmail, row.Line)) && !string.Equals(teamManagers[team].Email, managerEmail, StringComparison.OrdinalIgnoreCase))
                    Problem(StaffColumns.ManagerEmail, $"team '{team}' is managed by {teamManagers[team].Email} on line {teamManagers[team].Line}; a team has one manager.");
            }

            int? level = null;
            if (row[StaffColumns.Level] is { Length: > 0 } levelText)
            {
                if (int.TryParse(levelText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && CareerLevel.IsValid(n))
                    level = n;
                else
                    Problem(StaffColumns.Level, $"'{levelText}' is not a level ({CareerLevel.Lowest}-{CareerLevel.Highest}).");
            }

            string? pmoType = null;
            if (row[StaffColumns.PmoType] is { Length: > 0 } typeText)
            {
                if (pmoTypes.TryGetValue(typeText, out var code))
                    pmoType = code;
                else
                    Problem(StaffColumns.PmoType, $"'{typeText}' is not a PMO type: use one of {string.Join(", ", framework.PmoTypes.Select(t => t.Code))}.");
            }

            var certificates = Certificates(row[StaffColumns.Certificates], framework, today, row.Line, problems);

            if (problems.Count == before)
                entries.Add(new StaffEntry(row.Line, employeeId!, email!, name!, team, managerEmail, jobTitle, level, pmoType, certificates));
        }
        return entries;
    }

    /// <summary>
    /// <c>code:yyyy-mm-dd</c> items separated by semicolons (or vertical bars), each a certification of the
    /// catalogue achieved on a day not in the future. The same certificate twice is kept once.
    /// </summary>
    public static IReadOnlyList<StaffCertificate> Certificates(string text, FrameworkSnapshot framework, DateOnly today, int line, List<StaffProblem> problems)
    {
        if (text.Length == 0)
            return [];
        void Problem(string message) => problems.Add(new StaffProblem(line, StaffColumns.Certificates, message));
        var list = new List<StaffCertificate>();
        foreach (var item in text.Split([';', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = item.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                Problem($"'{item}' is not code:date, e.g. axelos-p3o-foundation:2024-03-01.");
                continue;
            }
            var code = item[..colon].Trim();
            var dateText = item[(colon + 1)..].Trim();
            var ok = true;
            if (framework.FindCourse(code) is not { } course)
            {
                Problem($"'{code}' is not a course code of the catalogue.");
                ok = false;
            }
            else if (!course.IsRecordable)
            {
                Problem($"'{code}' is a specialist course, not a certification.");
                ok = false;
            }
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var achieved))
            {
                Problem($"'{dateText}' is not a date (yyyy-mm-dd) for {code}.");
                ok = false;
            }
            else if (achieved > today)
            {
                Problem($"{dateText} is in the future for {code}.");
                ok = false;
            }
            var certificate = new StaffCertificate(code, achieved);
            if (ok && !list.Contains(certificate))
                list.Add(certificate);
        }
        return list;
    }

    private static string? Text(StaffFileRow row, string column, int max, bool required, List<StaffProblem> problems)
    {
        void Problem(string message) => problems.Add(new StaffProblem(row.Line, column, message));
        var value = row[column];
        if (value.Length == 0)
        {
            if (required)
                Problem($"{column} is required.");
            return null;
        }
        if (value.Length > max)
            Problem($"at most {max} characters ({value.Length} given).");
        else if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            Problem("a line break inside a cell; is a quote left open on this line?");
        else if (HasControlCharacter(value))
            Problem("holds a control character.");
        else
            return value;
        return null;
    }

    private static bool HasControlCharacter(string value)
    {
        foreach (var c in value)
            if (char.IsControl(c))
                return true;
        return false;
    }

    private static bool IsEmail(string text) =>
        System.Net.Mail.MailAddress.TryCreate(text, out var address) && address.Address == text && !text.Contains(' ', StringComparison.Ordinal);

    /// <summary>A PMO type by its code or its name, any case ("project-office", "Project office").</summary>
    private static Dictionary<string, string> PmoTypeLookup(FrameworkSnapshot framework)
    {
        var lookup = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in framework.PmoTypes)
        {
            lookup.TryAdd(type.Code, type.Code);
            lookup.TryAdd(type.Name, type.Code);
        }
        return lookup;
    }
}
