using System.Globalization;
using System.Security.Cryptography;
using Bogus;
using Person = PmoPath.People.Person;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Catalog;
using PmoPath.Data;
using PmoPath.Framework;
using PmoPath.Insight;
using PmoPath.People;
using PmoPath.Sessions;

namespace PmoPath.Demo;

/// <summary>What <c>pmopath demo</c> asks for. The same seed and day give the same organisation.</summary>
/// <param name="Password">The demo accounts' password; a random one (printed once) when null.</param>
public sealed record DemoOptions(int People, string Organisation = "Demo", int Seed = 6, string? Password = null);

/// <summary>A demo account: a person's (with their team), or the provider-admin's (with the provider, and no person).</summary>
public sealed record DemoAccount(string Email, PmoRole Role, string Name, Guid? PersonId, string? Team, string? Provider = null);

public sealed record DemoResult(
    Guid OrganisationId, string Organisation, int People, int Teams, int Certificates, int CompletedCourses, int Ratings,
    int PlanItems, int LevelChanges, int ConfirmedBookings, int WaitlistedBookings, decimal Budget, string Currency,
    IReadOnlyList<DemoAccount> Accounts, string Password);

/// <summary>How far the generator has got: the stage, and people written of the total.</summary>
public sealed record DemoProgress(string Stage, int Done, int Total);

/// <summary>
/// Creates a realistic organisation for trying PmoPath and for benchmarks: teams of 6–12 people each led by a
/// pmo-manager, levels skewed to 1 and 2, PMO types by team, certificates with exam dates over seven years (so
/// AXELOS certificates lapse and come due all the time, some kept current by CPD points), self and manager
/// ratings around what each level expects, development plans, a history of promotions, an org training budget,
/// and bookings on the public sample sessions that are open. A handful of people get accounts with one password:
/// <c>hr@&lt;org&gt;.demo</c> (org-admin), <c>manager1–3@…</c> (pmo-managers of the first teams) and
/// <c>practitioner1–3@…</c> (in manager1's team).
/// </summary>
/// <remarks>
/// Data is generated with Bogus from one seed (names, levels, dates relative to today, even the ids), so a run
/// is repeatable. It is written in batches of whole teams with multi-row inserts (<see cref="BulkInsert"/>) on one
/// system context, with change detection off and its tracker cleared after each batch, all in one transaction;
/// bookings follow, one short transaction per session that takes the session's row lock and keeps
/// <see cref="CourseSession.Confirmed"/> equal to the confirmed bookings (docs/adr/0007). Accounts come last,
/// through Identity.
/// </remarks>
public sealed class DemoOrganisation(IDbContextFactory<AppDbContext> contexts, FrameworkStore store, UserManager<AppUser> users, AuditLog audit, TimeProvider clock)
{
    public const int MinPeople = 20;
    public const int MaxPeople = 1_000_000;
    private const int BatchPeople = 2_000;
    private const int AccountsPerKind = 3;

    public async Task<DemoResult> CreateAsync(DemoOptions options, IProgress<DemoProgress>? progress = null, CancellationToken ct = default)
    {
        var name = options.Organisation.Trim();
        var errors = new Errors();
        if (options.People is < MinPeople or > MaxPeople)
            errors.Add("people", $"give {MinPeople:N0} to {MaxPeople:N0} people.");
        if (name.Length is 0 or > 200)
            errors.Add("org", "an organisation name of 1 to 200 characters is required.");
        if (options.Password is { Length: < 12 })
            errors.Add("password", "at least 12 characters.");
        errors.ThrowIfAny();

        var domain = $"{Slug(name)}.demo";
        var password = options.Password ?? NewPassword();
        var framework = await store.GetAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);

        await using var db = (await contexts.CreateDbContextAsync(ct)).BindTo(Caller.System);
        if (await db.Organisations.AnyAsync(o => o.Name == name, ct))
            throw new InvalidInputException("org", $"there is already an organisation '{name}'.");
        var emails = AccountEmails(domain);
        var taken = await db.Users.Where(u => emails.Contains(u.NormalizedEmail!)).Select(u => u.Email).ToListAsync(ct);
        if (taken.Count > 0)
            throw new InvalidInputException("org", $"the demo accounts' addresses are taken ({string.Join(", ", taken)}); choose another --org.");

        var generator = new Generator(framework, options.Seed, name, today, now);
        var organisation = new Organisation
        {
            Id = generator.NextId(),
            Name = name,
            CreatedAtUtc = now,
            // Provisional: set from the plans and bookings once they are written (BudgetAsync).
            TrainingBudget = Math.Ceiling(options.People * 450m / 1000) * 1000,
            BudgetCurrency = "GBP",
            TrainingDaysBudget = options.People * 2,
        };

        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var strategy = db.Database.CreateExecutionStrategy();
        var counts = new Counts();
        var candidates = new List<Candidate>();
        var accounts = new List<DemoAccount>();
        await strategy.ExecuteAsync(async () =>
        {
            counts = new Counts();
            candidates.Clear();
            accounts.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Organisations.Add(organisation);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            var written = 0;
            foreach (var batch in generator.Batches(organisation.Id, options.People, BatchPeople, candidates, accounts, domain))
            {
                ct.ThrowIfCancellationRequested();
                // Teams first without their managers (a team and its manager refer to each other), then the people
                // and everything of theirs, then each team's manager.
                await BulkInsert.InsertAsync(db, batch.Teams, ct);
                await BulkInsert.InsertAsync(db, batch.People, ct);
                await BulkInsert.InsertAsync(db, batch.Certificates, ct);
                await BulkInsert.InsertAsync(db, batch.Courses, ct);
                await BulkInsert.InsertAsync(db, batch.Ratings, ct);
                await BulkInsert.InsertAsync(db, batch.PlanItems, ct);
                await BulkInsert.InsertAsync(db, batch.LevelChanges, ct);
                foreach (var (team, manager) in batch.Managers)
                {
                    db.Teams.Attach(team);
                    team.ManagerId = manager;
                    db.Entry(team).Property(t => t.ManagerId).IsModified = true;
                }
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                counts.Add(batch);
                written += batch.People.Count;
                progress?.Report(new DemoProgress("people", written, options.People));
            }
            await transaction.CommitAsync(ct);
        });
        db.ChangeTracker.Clear();

        progress?.Report(new DemoProgress("bookings", options.People, options.People));
        var unbooked = accounts.First(a => a.Role == PmoRole.Practitioner).PersonId!.Value;
        var (confirmed, waitlisted) = await BookAsync(db, framework, generator, candidates, accounts[0].PersonId!.Value, unbooked, today, now, ct);

        // The budget is set for the year the plans and bookings describe: they use about 85% of it, as a training
        // budget agreed from the plans would be, so the organisation view shows the organisation within it.
        var (money, days) = await BudgetAsync(db, framework, organisation, today, ct);
        await db.Organisations.Where(o => o.Id == organisation.Id)
            .ExecuteUpdateAsync(o => o.SetProperty(x => x.TrainingBudget, money).SetProperty(x => x.TrainingDaysBudget, days), ct);
        organisation.TrainingBudget = money;
        organisation.TrainingDaysBudget = days;

        // The provider most of the organisation's bookings are with gets an admin account, so a newcomer can walk the
        // provider's side too: the sessions, their attendees, attendance.
        var provider = await db.Bookings.AsNoTracking().Where(b => b.OrganisationId == organisation.Id)
            .GroupBy(b => b.Session!.ProviderCode).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => g.Key).FirstOrDefaultAsync(ct);
        if (provider is not null)
        {
            var providerName = await db.Providers.AsNoTracking().Where(p => p.Code == provider).Select(p => p.Name).FirstOrDefaultAsync(ct) ?? provider;
            accounts.Add(new DemoAccount($"provider@{domain}", PmoRole.ProviderAdmin, $"{providerName} admin", null, null, provider));
        }

        progress?.Report(new DemoProgress("accounts", options.People, options.People));
        foreach (var account in accounts)
        {
            var user = new AppUser
            {
                UserName = account.Email, Email = account.Email, EmailConfirmed = true,
                OrganisationId = account.Role == PmoRole.ProviderAdmin ? null : organisation.Id,
                Role = account.Role, PersonId = account.PersonId, ProviderCode = account.Provider, CreatedAtUtc = now,
            };
            var result = await users.CreateAsync(user, password);
            if (!result.Succeeded)
                throw new InvalidInputException("password", string.Join(" ", result.Errors.Select(e => e.Description)));
            await audit.WriteForUserAsync(AuditActions.UserAdded, user, $"role {PmoRoles.Name(user.Role)}, demo organisation", Caller.System, ct);
        }

        // A bulk load leaves the planner's statistics behind until the server's own analysis catches up (on PostgreSQL,
        // autovacuum within a minute or so; on SQLite, never): refresh them now, so the first pages are planned on the
        // tables as they are. ANALYZE is the same statement on both databases.
        await db.Database.ExecuteSqlRawAsync("ANALYZE", ct);

        return new DemoResult(organisation.Id, name, counts.People, counts.Teams, counts.Certificates, counts.Courses, counts.Ratings,
            counts.PlanItems, counts.LevelChanges, confirmed, waitlisted, organisation.TrainingBudget ?? 0, organisation.BudgetCurrency, accounts, password);
    }

    /// <summary>
    /// Books sampled people (whose prerequisites hold) onto the public sessions still taking bookings: two in three
    /// keep seats left, every third fills up and leaves a short waitlist; nobody is booked on more than one
    /// certification course, as the advisor plans one at a time; and <paramref name="unbooked"/> (the first practitioner
    /// account) is booked on nothing, so the demo shows advice with something to take next. Per session, in one transaction: lock the
    /// row, read the seats, insert the bookings, move the plan items to "booked", and raise the seat counter by
    /// exactly the confirmed bookings, guarded like a booking (<c>WHERE Confirmed + n &lt;= Seats</c>).
    /// </summary>
    private static async Task<(int Confirmed, int Waitlisted)> BookAsync(AppDbContext db, FrameworkSnapshot framework, Generator generator,
        List<Candidate> candidates, Guid bookedBy, Guid unbooked, DateOnly today, DateTime now, CancellationToken ct)
    {
        var sessions = await db.Sessions.AsNoTracking()
            .Where(s => s.OrganisationId == null && s.BookingDeadline >= today && s.StartsOn > today)
            .OrderBy(s => s.StartsOn).ThenBy(s => s.Id).ToListAsync(ct);
        int confirmedTotal = 0, waitlistedTotal = 0;
        var busy = new HashSet<(Guid Person, string Course)>();
        // Nobody is booked on two certification courses: the people booked on one already.
        var certified = new HashSet<Guid>();
        var index = 0;
        foreach (var session in sessions)
        {
            if (framework.FindCourse(session.CourseCode) is not { } course)
                continue;
            var eligible = candidates.Where(c => c.Id != unbooked && !busy.Contains((c.Id, course.Code)) && course.Levels.Contains(c.Level)
                && PrerequisiteCheck.Unmet(course, framework, c.Level, c.Years, c.Held).Count == 0 && !c.Held.Contains(course.Code)
                && !(course.IsCertification && certified.Contains(c.Id))).ToList();
            // Every third session fills up (with a short waitlist where there are people enough); the others keep seats left.
            var fillUp = index++ % 3 == 0;
            var strategy = db.Database.CreateExecutionStrategy();
            var (confirmed, waitlisted, booked) = await strategy.ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await db.Sessions.Where(s => s.Id == session.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Version, x => x.Version + 1), ct);
                var seats = await db.Sessions.Where(s => s.Id == session.Id).Select(s => new { s.Seats, s.Confirmed }).FirstAsync(ct);
                var someoneWaiting = await db.Bookings.AnyAsync(b => b.SessionId == session.Id && b.Status == BookingStatus.Waitlisted, ct);
                var lastPlace = await db.Bookings.Where(b => b.SessionId == session.Id).MaxAsync(b => (long?)b.Sequence, ct) ?? 0;
                var free = someoneWaiting ? 0 : seats.Seats - seats.Confirmed;
                var wanted = Math.Min(eligible.Count, fillUp ? free + generator.Between(1, 3) : Math.Min(free - 1, (int)Math.Ceiling(free * generator.Between(40, 80) / 100.0)));
                var chosen = generator.Pick(eligible, wanted);
                var seated = Math.Min(free, chosen.Count);
                for (var i = 0; i < chosen.Count; i++)
                {
                    var person = chosen[i];
                    var at = now.AddMinutes(-(chosen.Count - i));
                    db.Bookings.Add(new Booking
                    {
                        Id = generator.NextId(), OrganisationId = person.OrganisationId, SessionId = session.Id, PersonId = person.Id,
                        Status = i < seated ? BookingStatus.Confirmed : BookingStatus.Waitlisted, BookedAtUtc = at, Sequence = lastPlace + i + 1,
                        ConfirmedAtUtc = i < seated ? at : null, BookedById = bookedBy,
                    });
                    if (person.Planned.TryGetValue(course.Code, out var itemId))
                    {
                        var item = new PlanItem { Id = itemId, OrganisationId = person.OrganisationId, PersonId = person.Id, CourseCode = course.Code };
                        db.PlanItems.Attach(item);
                        item.Status = PlanStatus.Booked;
                        item.TargetDate = session.StartsOn;
                        item.UpdatedAtUtc = now;
                        db.Entry(item).Property(x => x.Status).IsModified = true;
                        db.Entry(item).Property(x => x.TargetDate).IsModified = true;
                        db.Entry(item).Property(x => x.UpdatedAtUtc).IsModified = true;
                    }
                    else
                        db.PlanItems.Add(new PlanItem
                        {
                            Id = generator.NextId(), OrganisationId = person.OrganisationId, PersonId = person.Id, CourseCode = course.Code,
                            TargetDate = session.StartsOn, Status = PlanStatus.Booked, Notes = "Added when the course was booked.", CreatedAtUtc = at, UpdatedAtUtc = at,
                        });
                }
                await db.SaveChangesAsync(ct);
                if (seated > 0 && await db.Sessions.Where(s => s.Id == session.Id && s.Confirmed + seated <= s.Seats)
                        .ExecuteUpdateAsync(s => s.SetProperty(x => x.Confirmed, x => x.Confirmed + seated), ct) != 1)
                    throw new InvalidOperationException($"Session {session.Id} has fewer seats than the demo counted; nothing was booked on it.");
                await transaction.CommitAsync(ct);
                db.ChangeTracker.Clear();
                return (seated, chosen.Count - seated, chosen);
            });
            foreach (var person in booked)
            {
                busy.Add((person.Id, course.Code));
                if (course.IsCertification)
                    certified.Add(person.Id);
            }
            confirmedTotal += confirmed;
            waitlistedTotal += waitlisted;
        }
        return (confirmedTotal, waitlistedTotal);
    }

    /// <summary>The share of the training budget the demo's plans and bookings use.</summary>
    public const decimal BudgetUse = 0.85m;

    /// <summary>
    /// A money and a days budget the organisation's open plan items and this year's confirmed bookings use about
    /// <see cref="BudgetUse"/> of, priced as the organisation view prices them (<see cref="OrganisationQueries.SpendAsync"/>:
    /// a planned course at its cheapest upcoming public seat in the budget's currency), rounded up to £1,000 and 10 days.
    /// </summary>
    private static async Task<(decimal Money, int Days)> BudgetAsync(AppDbContext db, FrameworkSnapshot framework, Organisation organisation, DateOnly today, CancellationToken ct)
    {
        var rows = await new OrganisationQueries(db, organisation.Id, framework, today).SpendAsync(ct);
        var currency = organisation.BudgetCurrency;
        var cheapest = rows.Prices.Where(p => p.Currency == currency).GroupBy(p => p.Course).ToDictionary(g => g.Key, g => g.Min(p => p.Price));
        var planned = rows.PlannedItems.Sum(p => cheapest.TryGetValue(p.Course, out var price) ? p.Items * price : 0);
        var booked = rows.Booked.Where(b => b.Currency == currency).Sum(b => b.Bookings * b.Price);
        var trainingDays = rows.PlannedItems.Sum(p => p.Items * (framework.FindCourse(p.Course)?.DurationDays ?? 0))
            + rows.Booked.Sum(b => b.Bookings * (framework.FindCourse(b.Course)?.DurationDays ?? 0));
        var money = Math.Max(1000m, Math.Ceiling((planned + booked) / BudgetUse / 1000m) * 1000m);
        var daysBudget = Math.Max(10, (int)Math.Ceiling(trainingDays / BudgetUse / 10m) * 10);
        return (money, daysBudget);
    }

    private static List<string> AccountEmails(string domain) =>
    [
        $"HR@{domain}".ToUpperInvariant(),
        .. Enumerable.Range(1, AccountsPerKind).Select(i => $"MANAGER{i}@{domain}".ToUpperInvariant()),
        .. Enumerable.Range(1, AccountsPerKind).Select(i => $"PRACTITIONER{i}@{domain}".ToUpperInvariant()),
        $"PROVIDER@{domain}".ToUpperInvariant(),
    ];

    /// <summary>The organisation's name as a mail domain label: lower-case letters and digits joined by hyphens.</summary>
    public static string Slug(string name) => PmoPath.Slug.From(name) is { Length: > 0 } slug ? slug[..Math.Min(slug.Length, 50)].Trim('-') : "demo";

    /// <summary>Four groups of four letters and digits (about 80 bits), easy to read out and type.</summary>
    private static string NewPassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        return string.Join('-', Enumerable.Range(0, 4).Select(_ => new string([.. Enumerable.Range(0, 4).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)])])));
    }

    private sealed class Counts
    {
        public int People, Teams, Certificates, Courses, Ratings, PlanItems, LevelChanges;

        public void Add(Batch batch)
        {
            People += batch.People.Count;
            Teams += batch.Teams.Count;
            Certificates += batch.Certificates.Count;
            Courses += batch.Courses.Count;
            Ratings += batch.Ratings.Count;
            PlanItems += batch.PlanItems.Count;
            LevelChanges += batch.LevelChanges.Count;
        }
    }

    /// <summary>A person kept in memory as someone the demo may book: what a booking checks and the plan item it moves.</summary>
    private sealed record Candidate(Guid Id, Guid OrganisationId, int Level, int Years, HashSet<string> Held, Dictionary<string, Guid> Planned);

    private sealed class Batch
    {
        public List<Team> Teams { get; } = [];
        public List<(Team Team, Guid Manager)> Managers { get; } = [];
        public List<Person> People { get; } = [];
        public List<Certificate> Certificates { get; } = [];
        public List<CompletedCourse> Courses { get; } = [];
        public List<CompetencyRating> Ratings { get; } = [];
        public List<PlanItem> PlanItems { get; } = [];
        public List<RecordChange> LevelChanges { get; } = [];
    }

    /// <summary>The seeded generator: every random choice goes through one <see cref="Faker"/>.</summary>
    private sealed class Generator
    {
        private static readonly float[] MemberLevelWeights = [0.45f, 0.35f, 0.15f, 0.05f];
        private static readonly float[] TeamTypeWeights = [0.35f, 0.25f, 0.15f, 0.10f, 0.15f];
        private static readonly int[] CpdYearsBack = [1, 2, 3];
        private static readonly int[] LevelNumbers = [1, 2, 3, 4];

        /// <summary>The parts of an organisation a PMO serves, for team names.</summary>
        private static readonly string[] Units =
        [
            "Finance", "Digital", "Operations", "Customer", "Infrastructure", "Regulatory Change", "People", "Estates",
            "Supply Chain", "Data & Analytics", "Cyber Security", "Network", "Retail", "Claims", "Product", "Group Technology",
            "Procurement", "Marketing", "Risk & Compliance", "Property", "Manufacturing", "Research", "Sales", "Logistics",
        ];

        private static readonly string[] Regions = ["North", "South", "Midlands", "Scotland", "Wales", "London", "Ireland", "EMEA", "Americas", "Asia Pacific"];

        private readonly HashSet<string> _teamNames = new(StringComparer.OrdinalIgnoreCase);

        private readonly FrameworkSnapshot _framework;
        private readonly Faker _faker;
        private readonly DateOnly _today;
        private readonly DateTime _now;
        private readonly int _idPrefix;
        private readonly List<Course> _certifications;
        private readonly List<Course> _specialists;
        private readonly PmoType[] _types;
        private readonly HashSet<string> _renewing;
        private long _nextId;
        private int _employee;

        public Generator(FrameworkSnapshot framework, int seed, string organisation, DateOnly today, DateTime now)
        {
            _framework = framework;
            // One stream per organisation name and seed, so two demo organisations differ but each repeats.
            var mixed = seed;
            foreach (var c in organisation)
                mixed = unchecked(mixed * 31 + c);
            _faker = new Faker("en") { Random = new Randomizer(mixed) };
            _today = today;
            _now = now;
            _idPrefix = _faker.Random.Int();
            _certifications = [.. framework.Courses.Where(c => c.IsCertification)];
            _specialists = [.. framework.Courses.Where(c => c.Kind == CourseKind.Specialist && !c.Retired)];
            _renewing = RenewalGroup.RenewingCodes(framework);
            _types = [.. framework.PmoTypes];
        }

        /// <summary>
        /// Ids from the seed that still sort in insertion order (the first 12 hex digits hold a counter, like a
        /// version 7 Guid's time), so the primary-key indexes grow at the end as they do in production.
        /// </summary>
        public Guid NextId()
        {
            var n = ++_nextId;
            var tail = new byte[8];
            _faker.Random.Bytes(8).CopyTo(tail, 0);
            tail[0] = (byte)(0x80 | (tail[0] & 0x3F));
            return new Guid(_idPrefix, (short)(ushort)(n >> 12), (short)(ushort)(0x7000 | (n & 0xFFF)), tail[0], tail[1], tail[2], tail[3], tail[4], tail[5], tail[6], tail[7]);
        }

        public bool Chance(double p) => _faker.Random.Double() < p;

        public int Between(int min, int max) => _faker.Random.Int(min, max);

        public List<T> Pick<T>(List<T> items, int count) => count <= 0 ? [] : [.. _faker.Random.ListItems(items, Math.Min(count, items.Count))];

        /// <summary>The people in batches of whole teams; the first person is HR, with no team.</summary>
        public IEnumerable<Batch> Batches(Guid organisationId, int people, int batchSize, List<Candidate> candidates, List<DemoAccount> accounts, string domain)
        {
            var sampleEvery = Math.Max(1, people / 4_000);
            var batch = new Batch();
            var (hr, _, _) = NewPerson(batch, organisationId, null, null, null, null, "Learning & Development Partner");
            accounts.Add(new DemoAccount($"hr@{domain}", PmoRole.OrgAdmin, hr.DisplayName, hr.Id, null));
            var left = people - 1;
            var teamNumber = 0;
            while (left > 0)
            {
                var size = Math.Min(left, _faker.Random.Int(6, 12));
                // Never leave fewer than six for the last team.
                if (left - size is > 0 and < 6)
                    size = left <= 12 ? left : left - 6;
                left -= size;
                teamNumber++;
                var type = _types.Length == TeamTypeWeights.Length
                    ? _faker.Random.WeightedRandom(_types, TeamTypeWeights).Code
                    : _faker.PickRandom(_types).Code;
                var team = new Team { Id = NextId(), OrganisationId = organisationId, Name = TeamName(type) };
                batch.Teams.Add(team);
                var (manager, _, _) = NewPerson(batch, organisationId, team, null, Chance(0.75) ? 3 : 4, type, null);
                batch.Managers.Add((team, manager.Id));
                if (teamNumber <= AccountsPerKind)
                    accounts.Add(new DemoAccount($"manager{teamNumber}@{domain}", PmoRole.PmoManager, manager.DisplayName, manager.Id, team.Name));
                for (var m = 1; m < size; m++)
                {
                    var level = _faker.Random.WeightedRandom(LevelNumbers, MemberLevelWeights);
                    var (member, held, plan) = NewPerson(batch, organisationId, team, manager.Id, level, Chance(0.85) ? type : _faker.PickRandom(_types).Code, null);
                    if (teamNumber == 1 && m <= AccountsPerKind)
                        accounts.Add(new DemoAccount($"practitioner{m}@{domain}", PmoRole.Practitioner, member.DisplayName, member.Id, team.Name));
                    if (batch.People.Count % sampleEvery == 0 && member.Level is { } l)
                        candidates.Add(new Candidate(member.Id, organisationId, l, member.YearsInPmo ?? 0,
                            [.. held.Select(c => c.CourseCode)],
                            plan.Where(i => i.Status == PlanStatus.Planned).GroupBy(i => i.CourseCode).ToDictionary(g => g.Key, g => g.First().Id)));
                }
                if (batch.People.Count >= batchSize)
                {
                    yield return batch;
                    batch = new Batch();
                }
            }
            if (batch.People.Count > 0)
                yield return batch;
        }

        /// <summary>
        /// A team name as organisations name their PMOs, by the team's PMO type ("Finance PMO", "Portfolio Office —
        /// Digital"); unique in the organisation: a taken name gets a region, then a number.
        /// </summary>
        private string TeamName(string pmoType)
        {
            var unit = _faker.PickRandom(Units);
            var name = pmoType switch
            {
                "project-office" => Chance(0.5) ? $"{unit} PMO" : $"{unit} Project Office",
                "programme-office" => $"Programme Office — {unit}",
                "portfolio-office" => $"Portfolio Office — {unit}",
                "enterprise-pmo" => _teamNames.Contains("Enterprise PMO") ? $"{unit} Enterprise PMO" : "Enterprise PMO",
                "centre-of-excellence" => _teamNames.Contains("PMO Centre of Excellence") ? $"{unit} Centre of Excellence" : "PMO Centre of Excellence",
                "agile-delivery-office" => $"Agile Delivery Office — {unit}",
                _ => $"{unit} PMO",
            };
            if (_teamNames.Contains(name))
                name = Regions.Select(r => $"{name}, {r}").FirstOrDefault(n => !_teamNames.Contains(n))
                    ?? Enumerable.Range(2, int.MaxValue - 2).Select(i => $"{name} {i}").First(n => !_teamNames.Contains(n));
            _teamNames.Add(name);
            return name;
        }

        /// <summary>A person with their record; with no level (HR), just the person.</summary>
        private (Person Person, List<Certificate> Certificates, List<PlanItem> Plan) NewPerson(
            Batch batch, Guid organisationId, Team? team, Guid? managerId, int? level, string? pmoType, string? jobTitle)
        {
            var first = _faker.Name.FirstName();
            var last = _faker.Name.LastName();
            var years = level switch
            {
                null => 0,
                1 => _faker.Random.Int(0, 3),
                2 => _faker.Random.Int(2, 8),
                3 => _faker.Random.Int(5, 16),
                _ => _faker.Random.Int(10, 25),
            };
            var joinedDaysAgo = _faker.Random.Int(0, Math.Min(years * 365 + 180, 8 * 365));
            var person = new Person
            {
                Id = NextId(),
                OrganisationId = organisationId,
                TeamId = team?.Id,
                DisplayName = $"{first} {last}",
                JobTitle = jobTitle ?? _faker.PickRandom(_framework.Level(level ?? 1).Roles.DefaultIfEmpty("PMO practitioner").ToList()),
                EmployeeId = $"E{++_employee:D7}",
                WorkEmail = $"{first}.{last}.{_employee}@example.org".ToLowerInvariant().Replace(' ', '-').Replace('\'', '-'),
                Level = level,
                TargetLevel = level < 4 && Chance(0.55) ? level + 1 : null,
                PmoType = pmoType,
                YearsInPmo = level is null ? null : years,
                Avenue = level is null ? null : _faker.PickRandom<CareerAvenue>(),
                CreatedAtUtc = _now.AddDays(-joinedDaysAgo).AddMinutes(-_faker.Random.Int(0, 1440)),
            };
            batch.People.Add(person);
            if (level is not { } l)
                return (person, [], []);
            Promotions(batch, person, l, joinedDaysAgo, managerId);
            var certificates = Certificates(person, l);
            var courses = Courses(person, l);
            Ratings(batch, person, l, managerId);
            var plan = Plan(person, l, certificates, courses);
            batch.Certificates.AddRange(certificates);
            batch.Courses.AddRange(courses);
            batch.PlanItems.AddRange(plan);
            return (person, certificates, plan);
        }

        /// <summary>Most people above level 1 who joined over a year ago were promoted since: a recorded level change.</summary>
        private void Promotions(Batch batch, Person person, int level, int joinedDaysAgo, Guid? managerId)
        {
            if (level < 2 || joinedDaysAgo < 365 || !Chance(0.6))
                return;
            var promotedDaysAgo = _faker.Random.Int(30, joinedDaysAgo - 180);
            if (level >= 3 && joinedDaysAgo - promotedDaysAgo > 900 && Chance(0.3))
                batch.LevelChanges.Add(LevelChange(person, level - 2, level - 1, _faker.Random.Int(promotedDaysAgo + 400, joinedDaysAgo - 60), managerId));
            batch.LevelChanges.Add(LevelChange(person, level - 1, level, promotedDaysAgo, managerId));
        }

        private RecordChange LevelChange(Person person, int from, int to, int daysAgo, Guid? by) => new()
        {
            OrganisationId = person.OrganisationId,
            PersonId = person.Id,
            AtUtc = _now.AddDays(-daysAgo),
            ChangedById = by,
            Field = "level",
            OldValue = from.ToString(CultureInfo.InvariantCulture),
            NewValue = to.ToString(CultureInfo.InvariantCulture),
        };

        /// <summary>
        /// The certificates a person at this level plausibly holds: the core ones of their level most often, others
        /// of their level and of the levels below less often, prerequisites first; exams up to seven years back.
        /// </summary>
        private List<Certificate> Certificates(Person person, int level)
        {
            var certificates = new List<Certificate>();
            var held = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
            foreach (var course in _certifications)
            {
                var p = course.CoreAtLevels.Contains(level) ? 0.45
                    : course.Levels.Contains(level) ? 0.2
                    : course.Levels.Count > 0 && course.Levels.Max() < level ? 0.25
                    : 0;
                if (course.Retired)
                    p *= 0.4;
                if (p == 0 || !Chance(p))
                    continue;
                var after = _today.AddYears(-7);
                var unmet = false;
                foreach (var prerequisite in course.Prerequisites)
                {
                    if (prerequisite.Kind == PrerequisiteKind.Certificate)
                    {
                        if (prerequisite.Course is { } code && held.TryGetValue(code, out var on))
                            after = on.AddDays(30) > after ? on.AddDays(30) : after;
                        else
                            unmet = true;
                    }
                    else if (prerequisite.Kind == PrerequisiteKind.CurrentLevel && prerequisite.Level != level)
                        unmet = true;
                }
                // Retired courses were last examined years ago.
                var before = course.Retired ? _today.AddYears(-5) : _today.AddDays(-7);
                if (unmet || after >= before)
                    continue;
                var achieved = after.AddDays(_faker.Random.Int(0, before.DayNumber - after.DayNumber));
                held[course.Code] = achieved;
                var certificate = new Certificate
                {
                    Id = NextId(),
                    OrganisationId = person.OrganisationId,
                    PersonId = person.Id,
                    CourseCode = course.Code,
                    AchievedOn = achieved,
                    CertificateNumber = _faker.Random.AlphaNumeric(10).ToUpperInvariant(),
                };
                certificates.Add(certificate);
            }
            // A few AXELOS holders keep their certificates current with CPD points instead of exams.
            var renewing = certificates.Where(c => _renewing.Contains(c.CourseCode)).ToList();
            if (renewing.Count > 0 && Chance(0.12))
            {
                var points = _framework.FindCourse(renewing[0].CourseCode)?.Renewal?.CpdPointsPerYear ?? 20;
                renewing[0].Cpd = [.. CpdYearsBack.Select(back => new CpdYear { Year = _today.Year - back, Points = points + _faker.Random.Int(-4, 12) })];
            }
            return certificates;
        }

        private List<CompletedCourse> Courses(Person person, int level)
        {
            var courses = new List<CompletedCourse>();
            foreach (var course in _specialists)
                if (course.Levels.Any(l => l <= level) && Chance(0.15))
                    courses.Add(new CompletedCourse
                    {
                        Id = NextId(),
                        OrganisationId = person.OrganisationId,
                        PersonId = person.Id,
                        CourseCode = course.Code,
                        CompletedOn = _today.AddDays(-_faker.Random.Int(14, 4 * 365)),
                    });
            return courses;
        }

        /// <summary>Most people rate themselves in most areas, around what their level expects; managers rate about half of their people.</summary>
        private void Ratings(Batch batch, Person person, int level, Guid? managerId)
        {
            if (!Chance(0.8))
                return;
            var byManager = managerId is not null && Chance(0.45);
            foreach (var area in _framework.Competencies)
            {
                if (!Chance(0.6))
                    continue;
                var self = Math.Clamp(area.ExpectedAt(level) + _faker.Random.Int(-2, 1) + _faker.Random.Int(0, 1), CompetencyArea.MinProficiency, CompetencyArea.MaxProficiency);
                batch.Ratings.Add(new CompetencyRating
                {
                    Id = NextId(),
                    OrganisationId = person.OrganisationId,
                    PersonId = person.Id,
                    CompetencyCode = area.Code,
                    SelfRating = self,
                    ManagerRating = byManager ? Math.Clamp(self + _faker.Random.Int(-1, 1), CompetencyArea.MinProficiency, CompetencyArea.MaxProficiency) : null,
                });
            }
        }

        /// <summary>Up to three plan items for courses of the person's level and target not yet held; a done item for a completed course.</summary>
        private List<PlanItem> Plan(Person person, int level, List<Certificate> certificates, List<CompletedCourse> courses)
        {
            var plan = new List<PlanItem>();
            var target = person.TargetLevel ?? level;
            var held = certificates.Select(c => c.CourseCode).Concat(courses.Select(c => c.CourseCode)).ToHashSet(StringComparer.Ordinal);
            if (Chance(0.7))
            {
                var options = _framework.Courses.Where(c => !c.Retired && !held.Contains(c.Code) && c.Levels.Any(l => l >= level && l <= target)).ToList();
                foreach (var course in Pick(options, _faker.Random.Int(1, 3)))
                {
                    var dropped = Chance(0.12);
                    var created = _now.AddDays(-_faker.Random.Int(1, 400));
                    plan.Add(new PlanItem
                    {
                        Id = NextId(),
                        OrganisationId = person.OrganisationId,
                        PersonId = person.Id,
                        CourseCode = course.Code,
                        TargetDate = _today.AddDays(_faker.Random.Int(dropped ? -200 : 20, 720)),
                        Status = dropped ? PlanStatus.Dropped : PlanStatus.Planned,
                        CreatedAtUtc = created,
                        UpdatedAtUtc = created,
                    });
                }
            }
            if (courses.Count > 0 && Chance(0.5))
            {
                var done = courses[0];
                var at = done.CompletedOn!.Value.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                plan.Add(new PlanItem
                {
                    Id = NextId(), OrganisationId = person.OrganisationId, PersonId = person.Id, CourseCode = done.CourseCode,
                    TargetDate = done.CompletedOn, Status = PlanStatus.Done, CreatedAtUtc = at.AddDays(-60), UpdatedAtUtc = at,
                });
            }
            return plan;
        }
    }
}
