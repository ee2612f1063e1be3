using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Framework;
using PmoPath.People;

namespace PmoPath.Staff;

/// <summary>
/// Brings an organisation's staff list in from its HR system's CSV file (columns in the README's "Staff
/// import" section): people matched by employee id, their teams and each team's manager, job titles,
/// levels, PMO types, and certificates held.
/// </summary>
/// <remarks>
/// <para>The whole file is checked first, every bad row reported with its line and column; a file with any
/// problem changes nothing. A good file is applied in one transaction, idempotently: the same file twice
/// changes nothing. A row whose employee id is new creates a person (or takes over a person of the
/// organisation who has no employee id yet and whose work or account email is the row's); a row that
/// differs from the person's record updates it, each field changed leaving a <see cref="RecordChange"/>
/// by the system. An empty cell changes nothing. Certificates are added when missing, never removed.</para>
/// <para>People of the organisation whose employee id is not in the file are reported. Only when asked,
/// they are removed by erasure (<see cref="PersonalData"/>'s rules): their row stays with level, PMO type,
/// team, certificates and plan statuses, so the organisation's counts and history of spend hold, while name,
/// emails, employee id and account go. The caller is never removed by their own import.</para>
/// <para>Speed: the organisation's people, teams and certificates are read in one query each into
/// dictionaries, the changes are worked out in memory, and rows are written through <see cref="BulkTable{T}"/>
/// rather than EF Core's change tracker, new rows by the provider's <see cref="BulkWriter"/> (binary <c>COPY</c> on
/// PostgreSQL), all in one transaction (see the benchmark, <c>bench -- import</c>).</para>
/// <para>Who: an org-admin imports into their own organisation; the CLI, as the system, names one.</para>
/// </remarks>
public sealed class StaffImport(AppDbContext db, PeopleAccess access, FrameworkStore store, TimeProvider clock, AuditLog audit, PmoPathMetrics metrics,
    ErasureScrub scrub, BulkWriter bulk)
{
    public const int MaxProblemsListed = 1_000;
    public const int MaxMissingListed = 1_000;

    /// <summary>The id of the organisation of this name, for the CLI's <c>--org</c>; an invalid <c>org</c> if there is none.</summary>
    public async Task<Guid> FindOrganisationAsync(string name, CancellationToken ct = default)
    {
        var trimmed = name.Trim();
        return await db.Organisations.AsNoTracking().Where(o => o.Name == trimmed).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct)
            ?? throw new InvalidInputException("org", $"There is no organisation '{name}'.");
    }

    public async Task<StaffImportResult> ImportAsync(Guid organisationId, Stream file, StaffImportOptions options,
        IProgress<StaffImportProgress>? progress = null, CancellationToken ct = default)
    {
        if (!access.CanAdminister(organisationId))
            throw new ForbiddenException("Only an org-admin of the organisation may import its staff.");
        if (!await db.Organisations.AnyAsync(o => o.Id == organisationId, ct))
            throw new NotFoundException("organisation", organisationId.ToString());

        progress?.Report(new StaffImportProgress("reading", 0, 1));
        var staffFile = await StaffFile.ReadAsync(file, ct);
        if (staffFile.Problems.Count > 0)
            return Refused(staffFile.Problems, metrics);

        var rows = staffFile.Rows.Count;
        progress?.Report(new StaffImportProgress("checking", 0, rows));
        var framework = await store.GetAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var problems = new List<StaffProblem>();
        var entries = StaffValidator.Validate(staffFile.Rows, framework, DateOnly.FromDateTime(now), problems);
        var known = await LoadAsync(organisationId, entries.Any(e => e.Certificates.Count > 0), ct);
        var fileEmails = staffFile.Rows.Select(r => r[StaffColumns.Email]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var plan = Plan(organisationId, entries, fileEmails, known, options, now, problems);
        progress?.Report(new StaffImportProgress("checking", rows, rows));
        if (problems.Count > 0)
            return Refused(problems, metrics);

        List<Guid> removing = options.RemoveMissing ? [.. plan.Missing.Select(m => m.Id).Where(id => id != access.Caller.PersonId)] : [];
        if (!options.DryRun)
        {
            var addresses = removing.Count > 0 ? await ErasureScrub.AddressesAsync(db, removing, ct) : [];
            await ApplyAsync(organisationId, plan, removing, now, progress, ct);
            await audit.WriteAsync(AuditActions.StaffImported, access.Caller, null,
                $"{rows} rows: {plan.NewPeople.Count} created, {plan.Updated} updated, {plan.Unchanged} unchanged, {plan.Missing.Count} missing, {removing.Count} removed",
                organisationId, ct);
            foreach (var id in removing)
                await audit.WriteAsync(AuditActions.Erased, access.Caller, id, "personal data erased: missing from a staff import", organisationId, ct);
            if (removing.Count > 0)
                await scrub.AfterErasureAsync(db, addresses, ct);
        }
        metrics.Imported(options.DryRun, plan.NewPeople.Count, plan.Updated, plan.Unchanged, removing.Count);
        return new StaffImportResult(new StaffImportSummary(
            rows, plan.NewPeople.Count, plan.Updated, plan.Unchanged, plan.Missing.Count, removing.Count,
            plan.NewTeams.Count, plan.TeamsUpdated, plan.NewCertificates.Count, options.DryRun,
            [.. plan.Missing.OrderBy(m => m.EmployeeId, StringComparer.Ordinal).Take(MaxMissingListed)], staffFile.IgnoredColumns), [], 0);
    }

    private static StaffImportResult Refused(IReadOnlyList<StaffProblem> problems, PmoPathMetrics metrics)
    {
        metrics.ImportRefused(problems.Count);
        return new(null, [.. problems.OrderBy(p => p.Line ?? 0).Take(MaxProblemsListed)], problems.Count);
    }

    /// <summary>A person of the organisation as the import sees them.</summary>
    private sealed class Known
    {
        public Guid Id { get; init; }
        public string? EmployeeId { get; init; }
        public string? WorkEmail { get; init; }
        public string DisplayName { get; init; } = "";
        public string JobTitle { get; init; } = "";
        public Guid? TeamId { get; init; }
        public int? Level { get; init; }
        public string? PmoType { get; init; }
    }

    private sealed record KnownTeam(Guid Id, string Name, Guid? ManagerId);

    private sealed record Organisation(
        List<Known> People, Dictionary<Guid, string> AccountEmails, List<KnownTeam> Teams, Dictionary<Guid, List<StaffCertificate>> Certificates);

    /// <summary>The organisation's people (not erased), account emails, teams and, when the file has any, certificates: one query each.</summary>
    private async Task<Organisation> LoadAsync(Guid organisationId, bool certificates, CancellationToken ct)
    {
        var people = await db.People.AsNoTracking().Where(p => p.OrganisationId == organisationId && p.ErasedAtUtc == null)
            .Select(p => new Known
            {
                Id = p.Id, EmployeeId = p.EmployeeId, WorkEmail = p.WorkEmail, DisplayName = p.DisplayName, JobTitle = p.JobTitle,
                TeamId = p.TeamId, Level = p.Level, PmoType = p.PmoType,
            })
            .ToListAsync(ct);
        var accounts = await db.Users.AsNoTracking().Where(u => u.OrganisationId == organisationId && u.PersonId != null && u.Email != null)
            .Select(u => new { PersonId = u.PersonId!.Value, Email = u.Email! })
            .ToListAsync(ct);
        var teams = await db.Teams.AsNoTracking().Where(t => t.OrganisationId == organisationId)
            .Select(t => new KnownTeam(t.Id, t.Name, t.ManagerId))
            .ToListAsync(ct);
        var held = new Dictionary<Guid, List<StaffCertificate>>();
        if (certificates)
            foreach (var c in await db.Certificates.AsNoTracking().Where(c => c.OrganisationId == organisationId)
                .Select(c => new { c.PersonId, c.CourseCode, c.AchievedOn }).ToListAsync(ct))
            {
                if (!held.TryGetValue(c.PersonId, out var list))
                    held[c.PersonId] = list = [];
                list.Add(new StaffCertificate(c.CourseCode, c.AchievedOn));
            }
        var accountEmails = new Dictionary<Guid, string>();
        foreach (var a in accounts)
            accountEmails.TryAdd(a.PersonId, a.Email);
        return new Organisation(people, accountEmails, teams, held);
    }

    /// <summary>What the import will write, worked out in memory.</summary>
    private sealed class Changes
    {
        public List<Team> NewTeams { get; } = [];
        public List<Team> ManagerChanges { get; } = [];
        public List<PersonRow> NewPeople { get; } = [];
        public List<PersonRow> ChangedPeople { get; } = [];
        public List<CertificateRow> NewCertificates { get; } = [];
        public List<RecordChange> RecordChanges { get; } = [];
        public List<MissingPerson> Missing { get; } = [];
        public int Updated { get; set; }
        public int Unchanged { get; set; }
        public int TeamsUpdated { get; set; }
    }

    /// <summary>The columns of a person an import writes (the entity class carries four lists, one row of this does not).</summary>
    private sealed record PersonRow(Guid Id, Guid OrganisationId, string EmployeeId, string WorkEmail, string DisplayName, string JobTitle,
        Guid? TeamId, int? Level, string? PmoType, DateTime CreatedAtUtc);

    private sealed record CertificateRow(Guid Id, Guid OrganisationId, Guid PersonId, string CourseCode, DateOnly AchievedOn);

    private static Changes Plan(Guid organisationId, List<StaffEntry> entries, HashSet<string> fileEmails, Organisation org, StaffImportOptions options, DateTime now, List<StaffProblem> problems)
    {
        var plan = new Changes();
        var byEmployeeId = new Dictionary<string, Known>(org.People.Count, StringComparer.Ordinal);
        var byEmail = new Dictionary<string, Known>(org.People.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var p in org.People)
        {
            if (p.EmployeeId is { } employeeId)
                byEmployeeId.TryAdd(employeeId, p);
            if (p.WorkEmail is { } email)
                byEmail.TryAdd(email, p);
        }
        var byId = org.People.ToDictionary(p => p.Id);
        foreach (var (personId, email) in org.AccountEmails)
            if (byId.TryGetValue(personId, out var p))
                byEmail.TryAdd(email, p);

        // Who each row is: the person with its employee id; else a person without an employee id whose work or
        // account email is the row's (their first import); else someone new.
        var matched = new Known?[entries.Count];
        var taken = new HashSet<Guid>();
        for (var i = 0; i < entries.Count; i++)
            if (byEmployeeId.TryGetValue(entries[i].EmployeeId, out var p))
            {
                matched[i] = p;
                taken.Add(p.Id);
            }
        for (var i = 0; i < entries.Count; i++)
            if (matched[i] is null && byEmail.TryGetValue(entries[i].Email, out var p) && p.EmployeeId is null && taken.Add(p.Id))
                matched[i] = p;
        var ids = new Guid[entries.Count];
        var byFileEmail = new Dictionary<string, Guid>(entries.Count, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < entries.Count; i++)
        {
            ids[i] = matched[i]?.Id ?? Guid.CreateVersion7(now);
            byFileEmail[entries[i].Email] = ids[i];
        }

        var inFile = entries.Select(e => e.EmployeeId).ToHashSet(StringComparer.Ordinal);
        plan.Missing.AddRange(org.People.Where(p => p.EmployeeId is { } id && !inFile.Contains(id)).Select(p => new MissingPerson(p.Id, p.EmployeeId!, p.DisplayName)));
        var missing = plan.Missing.Select(m => m.Id).ToHashSet();

        // Teams by name, any case; a name new to the organisation makes a team.
        var teams = new Dictionary<string, KnownTeam>(StringComparer.OrdinalIgnoreCase);
        foreach (var t in org.Teams)
            teams.TryAdd(t.Name, t);
        var teamById = org.Teams.ToDictionary(t => t.Id);
        foreach (var name in entries.Select(e => e.Team).OfType<string>())
            if (!teams.ContainsKey(name))
            {
                var team = new Team { OrganisationId = organisationId, Name = name };
                plan.NewTeams.Add(team);
                teams[name] = teamById[team.Id] = new KnownTeam(team.Id, name, null);
            }
        var newTeams = plan.NewTeams.Select(t => t.Id).ToHashSet();

        // Each team's manager: a row of the file, or a person of the organisation, by email.
        var managers = new Dictionary<Guid, Guid>();
        foreach (var e in entries.Where(e => e.ManagerEmail is not null))
        {
            var team = teams[e.Team!];
            Guid managerId;
            if (byFileEmail.TryGetValue(e.ManagerEmail!, out var inThisFile))
                managerId = inThisFile;
            else if (byEmail.TryGetValue(e.ManagerEmail!, out var person))
            {
                managerId = person.Id;
                if (options.RemoveMissing && missing.Contains(person.Id))
                {
                    problems.Add(new StaffProblem(e.Line, StaffColumns.ManagerEmail,
                        $"{e.ManagerEmail} is not in this file, so removing the people missing from it would remove the manager of team '{e.Team}'."));
                    continue;
                }
            }
            else if (fileEmails.Contains(e.ManagerEmail!))
                // The manager's own row has a problem, reported on its line; one report is enough.
                continue;
            else
            {
                problems.Add(new StaffProblem(e.Line, StaffColumns.ManagerEmail,
                    $"'{e.ManagerEmail}' is the email of no row in this file and of no person in the organisation."));
                continue;
            }
            managers.TryAdd(team.Id, managerId);
        }
        foreach (var (teamId, managerId) in managers)
        {
            var isNew = newTeams.Contains(teamId);
            if (isNew || teamById[teamId].ManagerId != managerId)
            {
                plan.ManagerChanges.Add(new Team { Id = teamId, OrganisationId = organisationId, ManagerId = managerId });
                if (!isNew)
                    plan.TeamsUpdated++;
            }
        }
        if (problems.Count > 0)
            return plan;

        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            Guid? teamId = e.Team is { } teamName ? teams[teamName].Id : null;
            if (matched[i] is not { } current)
            {
                plan.NewPeople.Add(new PersonRow(ids[i], organisationId, e.EmployeeId, e.Email, e.Name, e.JobTitle ?? "", teamId, e.Level, e.PmoType, now));
                AddCertificates(plan, organisationId, ids[i], e.Certificates, []);
                continue;
            }

            var person = new PersonRow(current.Id, organisationId, e.EmployeeId, e.Email, e.Name, e.JobTitle ?? current.JobTitle,
                teamId ?? current.TeamId, e.Level ?? current.Level, e.PmoType ?? current.PmoType, default);
            var before = plan.RecordChanges.Count;
            void Change(string field, string? from, string? to)
            {
                if (!string.Equals(from, to, StringComparison.Ordinal))
                    plan.RecordChanges.Add(new RecordChange { OrganisationId = organisationId, PersonId = current.Id, AtUtc = now, Field = field, OldValue = Truncate(from), NewValue = Truncate(to) });
            }
            Change("employeeId", current.EmployeeId, person.EmployeeId);
            Change("workEmail", current.WorkEmail, person.WorkEmail);
            Change("displayName", current.DisplayName, person.DisplayName);
            Change("jobTitle", current.JobTitle, person.JobTitle);
            Change("team", current.TeamId is { } was ? teamById.GetValueOrDefault(was)?.Name : null, person.TeamId is { } team ? teamById[team].Name : null);
            Change("level", Text(current.Level), Text(person.Level));
            Change("pmoType", current.PmoType, person.PmoType);
            var fieldsChanged = plan.RecordChanges.Count > before;
            var held = org.Certificates.GetValueOrDefault(current.Id) ?? [];
            var added = AddCertificates(plan, organisationId, current.Id, e.Certificates, held);
            if (added.Count > 0)
                Change("certificates", Summary(held), Summary([.. held, .. added]));

            // A person whose only change is a certificate added is updated without a write to their row.
            if (fieldsChanged)
                plan.ChangedPeople.Add(person);
            if (plan.RecordChanges.Count > before)
                plan.Updated++;
            else
                plan.Unchanged++;
        }
        return plan;
    }

    private static List<StaffCertificate> AddCertificates(Changes plan, Guid organisationId, Guid personId, IReadOnlyList<StaffCertificate> wanted, List<StaffCertificate> held)
    {
        var added = new List<StaffCertificate>();
        foreach (var c in wanted)
        {
            if (held.Contains(c))
                continue;
            added.Add(c);
            plan.NewCertificates.Add(new CertificateRow(Guid.CreateVersion7(), organisationId, personId, c.Code, c.AchievedOn));
        }
        return added;
    }

    private async Task ApplyAsync(Guid organisationId, Changes plan, List<Guid> removing, DateTime now, IProgress<StaffImportProgress>? progress, CancellationToken ct)
    {
        long total = plan.NewTeams.Count + plan.NewPeople.Count + plan.ChangedPeople.Count + plan.ManagerChanges.Count
            + plan.NewCertificates.Count + plan.RecordChanges.Count + removing.Count;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            long done = 0;
            void Written(int count)
            {
                done += count;
                progress?.Report(new StaffImportProgress("writing", done, total));
            }
            progress?.Report(new StaffImportProgress("writing", 0, total));
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // Teams first (people refer to them), their managers last (they may be people new in this file).
            await new BulkTable<Team>(db, bulk, typeof(Team)).Key(nameof(Team.Id), t => t.Id)
                .Set(nameof(Team.OrganisationId), t => t.OrganisationId).Set(nameof(Team.Name), t => t.Name)
                .InsertAsync(plan.NewTeams, Written, ct);
            await new BulkTable<PersonRow>(db, bulk, typeof(Person)).Key(nameof(Person.Id), p => p.Id)
                .Set(nameof(Person.OrganisationId), p => p.OrganisationId).Set(nameof(Person.CreatedAtUtc), p => p.CreatedAtUtc)
                .Set(nameof(Person.EmployeeId), p => p.EmployeeId).Set(nameof(Person.WorkEmail), p => p.WorkEmail)
                .Set(nameof(Person.DisplayName), p => p.DisplayName).Set(nameof(Person.JobTitle), p => p.JobTitle)
                .Set(nameof(Person.TeamId), p => p.TeamId).Set(nameof(Person.Level), p => p.Level).Set(nameof(Person.PmoType), p => p.PmoType)
                .InsertAsync(plan.NewPeople, Written, ct);
            await new BulkTable<PersonRow>(db, bulk, typeof(Person)).Key(nameof(Person.Id), p => p.Id).Key(nameof(Person.OrganisationId), p => p.OrganisationId)
                .Set(nameof(Person.EmployeeId), p => p.EmployeeId).Set(nameof(Person.WorkEmail), p => p.WorkEmail)
                .Set(nameof(Person.DisplayName), p => p.DisplayName).Set(nameof(Person.JobTitle), p => p.JobTitle)
                .Set(nameof(Person.TeamId), p => p.TeamId).Set(nameof(Person.Level), p => p.Level).Set(nameof(Person.PmoType), p => p.PmoType)
                .UpdateAsync(plan.ChangedPeople, Written, ct);
            await new BulkTable<Team>(db, bulk, typeof(Team)).Key(nameof(Team.Id), t => t.Id).Key(nameof(Team.OrganisationId), t => t.OrganisationId)
                .Set(nameof(Team.ManagerId), t => t.ManagerId)
                .UpdateAsync(plan.ManagerChanges, Written, ct);
            await new BulkTable<CertificateRow>(db, bulk, typeof(Certificate)).Key(nameof(Certificate.Id), c => c.Id)
                .Set(nameof(Certificate.OrganisationId), c => c.OrganisationId).Set(nameof(Certificate.PersonId), c => c.PersonId)
                .Set(nameof(Certificate.CourseCode), c => c.CourseCode).Set(nameof(Certificate.AchievedOn), c => c.AchievedOn)
                .Set(nameof(Certificate.CertificateNumber), _ => "").Json(nameof(Certificate.Cpd), _ => "[]")
                .InsertAsync(plan.NewCertificates, Written, ct);
            await new BulkTable<RecordChange>(db, bulk, typeof(RecordChange))
                .Set(nameof(RecordChange.OrganisationId), c => c.OrganisationId).Set(nameof(RecordChange.PersonId), c => c.PersonId)
                .Set(nameof(RecordChange.AtUtc), c => c.AtUtc).Set(nameof(RecordChange.ChangedById), c => c.ChangedById)
                .Set(nameof(RecordChange.Field), c => c.Field).Set(nameof(RecordChange.OldValue), c => c.OldValue).Set(nameof(RecordChange.NewValue), c => c.NewValue)
                .InsertAsync(plan.RecordChanges, Written, ct);
            if (removing.Count > 0)
            {
                await PersonalData.EraseWithinTransactionAsync(db, removing, now, ct);
                Written(removing.Count);
            }
            await OrganisationViewMarks.MarkBehindAsync(db, [organisationId], ct: ct);
            await tx.CommitAsync(ct);
        });
    }

    private static string Summary(IEnumerable<StaffCertificate> certificates) =>
        string.Join("; ", certificates.Select(c => $"{c.Code} {c.AchievedOn:yyyy-MM-dd}").Order(StringComparer.Ordinal));

    private static string? Text(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Truncate(string? value) => value is { Length: > 2000 } ? value[..2000] : value;
}
