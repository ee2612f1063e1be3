using PmoPath.People;

namespace PmoPath.Insight;

public sealed record HeadcountRow(int? Level, string? PmoType, int People);

public sealed record CoverageRow(int? Level, string Body, int People);

public sealed record RenewalRow(string Group, int Bucket, int Count);

public sealed record RatingRow(int Level, string Competency, int Rating, int People);

public sealed record GapRows(IReadOnlyList<(int Level, int People)> PeopleByMeasuredLevel, IReadOnlyList<RatingRow> Ratings);

public sealed record PlannedRow(string Course, int Items);

public sealed record BookedRow(string Course, string Currency, decimal Price, int Bookings);

public sealed record PriceRow(string Course, string Currency, decimal Price);

public sealed record SpendRows(IReadOnlyList<PlannedRow> PlannedItems, IReadOnlyList<BookedRow> Booked, IReadOnlyList<PriceRow> Prices);

public sealed record CourseBucketRow(string Course, int Bucket, int Count);

public sealed record CreatedRow(int? Level, int Bucket, int People);

public sealed record LevelChangeRow(string? OldValue, string? NewValue, int CreatedBucket, int ChangedBucket, int Count);

public sealed record LevelHistory(IReadOnlyList<CreatedRow> Created, IReadOnlyList<LevelChangeRow> Changes);

/// <summary>What the view counts of the people themselves: headcounts, people by the level their gaps are measured against, and people by level and the quarter their record was created in.</summary>
public sealed record PeopleRows(List<HeadcountRow> Headcounts, IReadOnlyList<(int Level, int People)> PeopleByMeasuredLevel, List<CreatedRow> Created);

/// <summary>Certificate coverage and renewals due, for everyone but the CPD holders (see <see cref="OrganisationQueries.CpdHoldersAsync"/>).</summary>
public sealed record CertificateRows(List<CoverageRow> Coverage, List<RenewalRow> Renewals);

/// <summary>A person whose certificate standing depends on CPD points, with every certificate they hold.</summary>
public sealed record CpdHolder(Guid PersonId, int? Level, IReadOnlyCollection<Certificate> Certificates);
