namespace PmoPath.Staff;

/// <summary>How to import: remove people missing from the file (erase them, see <see cref="StaffImport"/>), or only check.</summary>
public sealed record StaffImportOptions(bool RemoveMissing = false, bool DryRun = false);

/// <summary>Where an import is: a stage (<c>reading</c>, <c>checking</c>, <c>writing</c>) and how far through it.</summary>
public sealed record StaffImportProgress(string Stage, long Done, long Total);

/// <summary>A person of the organisation with an employee id that the file does not have.</summary>
public sealed record MissingPerson(Guid Id, string EmployeeId, string Name);

/// <summary>
/// What an import did (or, for a dry run, would do). <see cref="Missing"/> people are reported and left as
/// they are unless removal was asked for; <see cref="Removed"/> of them were then erased.
/// </summary>
public sealed record StaffImportSummary(
    int Rows, int Created, int Updated, int Unchanged, int Missing, int Removed,
    int TeamsCreated, int TeamsUpdated, int CertificatesAdded, bool DryRun,
    IReadOnlyList<MissingPerson> MissingPeople, IReadOnlyList<string> IgnoredColumns);

/// <summary>
/// The answer of an import: a summary, or the file's problems (every bad row, up to
/// <see cref="StaffImport.MaxProblemsListed"/>, of <see cref="ProblemCount"/> in all) and nothing imported.
/// </summary>
public sealed record StaffImportResult(StaffImportSummary? Summary, IReadOnlyList<StaffProblem> Problems, int ProblemCount)
{
    public bool Succeeded => Summary is not null;
}
