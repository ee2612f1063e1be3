using Microsoft.EntityFrameworkCore;
using PmoPath.Data;
using PmoPath.Framework;
using PmoPath.Knowledge;
using PmoPath.Search;

namespace PmoPath.Jobs;

/// <summary>
/// What a caller gives to post a job; also the shape of the sample jobs file. An org-admin leaves
/// <see cref="Organisation"/> out: their job is posted under their own organisation's name.
/// </summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed class JobInput
{
    public string Title { get; set; } = "";
    public string Organisation { get; set; } = "";
    public int Level { get; set; }
    public string PmoType { get; set; } = "";
    public string Location { get; set; } = "";
    public WorkMode WorkMode { get; set; }
    public int? SalaryFrom { get; set; }
    public int? SalaryTo { get; set; }
    public string Currency { get; set; } = "GBP";
    public DateOnly? OpensOn { get; set; }
    public DateOnly ClosesOn { get; set; }
    public List<string> Certificates { get; set; } = [];
    public List<JobCompetency> Competencies { get; set; } = [];
    public string Description { get; set; } = "";
    public string? ApplyUrl { get; set; }
}

/// <summary>The public filters on the jobs list, with an error naming a bad parameter.</summary>
public sealed record JobFilter(int? Level, string? PmoType)
{
    public static JobFilter Parse(string? level, string? pmoType, FrameworkSnapshot framework)
    {
        int? levelNumber = null;
        if (!string.IsNullOrWhiteSpace(level))
        {
            if (!int.TryParse(level, out var n) || !CareerLevel.IsValid(n))
                throw new InvalidInputException("level", $"'{level}' is not a career level: use {CareerLevel.Lowest} to {CareerLevel.Highest}.");
            levelNumber = n;
        }
        string? type = null;
        if (!string.IsNullOrWhiteSpace(pmoType))
        {
            type = pmoType.Trim().ToLowerInvariant();
            if (!framework.PmoTypeByCode.ContainsKey(type))
                throw new InvalidInputException("pmoType", $"'{pmoType}' is not a PMO type: use one of {string.Join(", ", framework.PmoTypes.Select(t => t.Code))}.");
        }
        return new JobFilter(levelNumber, type);
    }
}

/// <summary>Posts and lists open positions.</summary>
public sealed class JobStore(IDbContextFactory<AppDbContext> contexts, FrameworkStore frameworks, TimeProvider clock)
{
    public DateOnly Today => clock.Today();

    /// <summary>The jobs listed today, soonest closing first.</summary>
    public async Task<List<Job>> ListOpenAsync(JobFilter filter, CancellationToken ct = default)
    {
        var today = Today;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var jobs = db.Jobs.AsNoTracking().Where(j => !j.Closed && j.OpensOn <= today && j.ClosesOn >= today);
        if (filter.Level is { } level)
            jobs = jobs.Where(j => j.Level == level);
        if (filter.PmoType is { } type)
            jobs = jobs.Where(j => j.PmoType == type);
        return await jobs.OrderBy(j => j.ClosesOn).ThenBy(j => j.Id).ToListAsync(ct);
    }

    /// <summary>One job by id, listed or not, or null.</summary>
    public async Task<Job?> FindAsync(int id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, ct);
    }

    /// <summary>Validates and posts a job; throws <see cref="InvalidInputException"/> naming every bad field, saving nothing.</summary>
    public async Task<Job> AddAsync(JobInput input, CancellationToken ct = default) =>
        await InsertAsync(Validate(input, await frameworks.GetAsync(ct), Today), ct);

    /// <summary>Saves a validated job and its search entry together.</summary>
    internal async Task<Job> InsertAsync(Job job, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            job.Id = 0;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Jobs.Add(job);
            await db.SaveChangesAsync(ct);
            // The entry is keyed by the job's id, known only once the job is saved.
            await SearchIndex.PutJobAsync(db, job, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        return job;
    }

    /// <summary>Loads the sample jobs when there are none yet; their dates count from today so they are open after a first start.</summary>
    public async Task<bool> SeedSamplesAsync(CancellationToken ct = default)
    {
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            if (await db.Jobs.AnyAsync(ct))
                return false;
        }
        foreach (var sample in SampleData.Read<List<SampleJob>>("jobs.json"))
        {
            sample.Job.OpensOn = Today.AddDays(-sample.OpenedDaysAgo);
            sample.Job.ClosesOn = Today.AddDays(sample.ClosesInDays);
            await AddAsync(sample.Job, ct);
        }
        return true;
    }

    /// <summary>
    /// Turns the input into a job, or throws naming every bad field. With <paramref name="mustBeOpen"/> (a job
    /// posted through the site) a closing date already past is refused too: such a job would never be listed.
    /// </summary>
    public static Job Validate(JobInput input, FrameworkSnapshot framework, DateOnly today, bool mustBeOpen = false)
    {
        // A JSON body may send null for a text or a list: read it as empty, so the checks below name the field.
        input.Title ??= "";
        input.Organisation ??= "";
        input.PmoType ??= "";
        input.Location ??= "";
        input.Currency ??= "";
        input.Description ??= "";
        input.Certificates ??= [];
        input.Competencies ??= [];
        var errors = new Errors();
        errors.Required("title", input.Title, 200);
        errors.Required("organisation", input.Organisation, 200);
        errors.Required("location", input.Location, 200);
        if (!CareerLevel.IsValid(input.Level))
            errors.Add("level", $"{input.Level} is not a career level: use {CareerLevel.Lowest} to {CareerLevel.Highest}.");
        if (!framework.PmoTypeByCode.ContainsKey(input.PmoType))
            errors.Add("pmoType", $"'{input.PmoType}' is not a PMO type: use one of {string.Join(", ", framework.PmoTypes.Select(t => t.Code))}.");
        if (input.SalaryFrom < 0)
            errors.Add("salaryFrom", "A salary cannot be negative.");
        if (input.SalaryFrom is { } from && input.SalaryTo is { } to && to < from)
            errors.Add("salaryTo", $"The top of the band ({to}) is below its bottom ({from}).");
        if (input.Currency is not { Length: 3 } || !input.Currency.All(char.IsAsciiLetterUpper))
            errors.Add("currency", $"'{input.Currency}' is not a three-letter currency code such as GBP.");
        var opensOn = input.OpensOn ?? today;
        errors.InBounds("opensOn", input.OpensOn);
        if (input.ClosesOn == default)
            errors.Add("closesOn", "Give the closing date.");
        else if (!DateBounds.Contains(input.ClosesOn))
            errors.Add("closesOn", DateBounds.Problem(input.ClosesOn));
        else if (input.ClosesOn < opensOn)
            errors.Add("closesOn", $"The job closes on {input.ClosesOn:yyyy-MM-dd}, before it opens on {opensOn:yyyy-MM-dd}.");
        else if (mustBeOpen && input.ClosesOn < today)
            errors.Add("closesOn", $"The closing date {input.ClosesOn:yyyy-MM-dd} has passed.");
        for (var i = 0; i < input.Certificates.Count; i++)
        {
            var course = framework.FindCourse(input.Certificates[i]);
            if (course is null || !course.IsCertification)
                errors.Add($"certificates[{i}]", $"'{input.Certificates[i]}' is not a certification course.");
        }
        for (var i = 0; i < input.Competencies.Count; i++)
        {
            var c = input.Competencies[i];
            if (!framework.CompetencyByCode.ContainsKey(c.Code))
                errors.Add($"competencies[{i}].code", $"'{c.Code}' is not a competency area.");
            if (c.Rating is < CompetencyArea.MinProficiency or > CompetencyArea.MaxProficiency)
                errors.Add($"competencies[{i}].rating", $"{c.Rating} is not a rating: use {CompetencyArea.MinProficiency} to {CompetencyArea.MaxProficiency}.");
        }
        // How to apply: required of a job posted through the site or the API, so every listed job leads somewhere.
        string? apply = null;
        if (string.IsNullOrWhiteSpace(input.ApplyUrl))
        {
            if (mustBeOpen)
                errors.Add("applyUrl", "Say how to apply: a web address (https://…) or an email address.");
        }
        else if (input.ApplyUrl.Trim().Length > HowToApply.MaxLength)
            errors.Add("applyUrl", $"At most {HowToApply.MaxLength} characters.");
        else if ((apply = HowToApply.Normalise(input.ApplyUrl)) is null)
            errors.Add("applyUrl", $"'{input.ApplyUrl.Trim()}' is neither an http or https address nor an email address.");
        errors.ThrowIfAny();

        return new Job
        {
            Title = input.Title.Trim(),
            Organisation = input.Organisation.Trim(),
            Level = input.Level,
            PmoType = input.PmoType,
            Location = input.Location.Trim(),
            WorkMode = input.WorkMode,
            SalaryFrom = input.SalaryFrom,
            SalaryTo = input.SalaryTo,
            Currency = input.Currency,
            OpensOn = opensOn,
            ClosesOn = input.ClosesOn,
            Certificates = [.. input.Certificates],
            Competencies = [.. input.Competencies.Select(c => new JobCompetency { Code = c.Code, Rating = c.Rating })],
            Description = input.Description.Trim(),
            ApplyUrl = apply,
        };
    }

    internal static bool IsWebAddress(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private sealed class SampleJob
    {
        public int OpenedDaysAgo { get; set; }
        public int ClosesInDays { get; set; }
        public JobInput Job { get; set; } = new();
    }
}
