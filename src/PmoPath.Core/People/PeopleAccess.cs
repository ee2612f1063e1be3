using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Data;

namespace PmoPath.People;

/// <summary>What a caller may do to a person they can see.</summary>
public enum PersonAction
{
    View,

    /// <summary>The record: level, job title, certificates, courses, self-ratings, evidence.</summary>
    EditRecord,

    /// <summary>The manager's rating beside the person's own.</summary>
    RateAsManager,

    /// <summary>Accept items into the plan and change them.</summary>
    EditPlan,

    CommentOnPlan,
    Export,
    Erase,

    /// <summary>Book a session for the person, or cancel their booking: the person, their manager or HR.</summary>
    Book,

    /// <summary>Put a course into someone else's plan from the team plan: their manager or HR.</summary>
    ProposeToPlan,
}

/// <summary>
/// The one place that decides who sees and does what to whom. The context's tenant filter already keeps
/// a caller inside their organisation; on top of that a practitioner sees themselves, a pmo-manager also
/// the members of the teams they manage, an org-admin everyone in the organisation. Pages and endpoints
/// ask this class and never filter people themselves.
/// </summary>
public sealed class PeopleAccess(AppDbContext db, Caller caller)
{
    public Caller Caller => caller;

    /// <summary>The people the caller may see.</summary>
    public IQueryable<Person> Visible() => Visible(db);

    /// <summary>The people the caller may see, read through <paramref name="from"/> (a context bound to the same caller, such as the read-only one).</summary>
    public IQueryable<Person> Visible(AppDbContext from)
    {
        var people = from.People;
        if (caller.IsSystem)
            return people;
        if (caller.OrganisationId is null || caller.Role is null)
            return people.Where(p => false);
        var me = caller.PersonId;
        return caller.Role switch
        {
            // The tenant filter limits this to the caller's organisation.
            PmoRole.OrgAdmin => people,
            PmoRole.PmoManager => people.Where(p => p.Id == me || from.Teams.Any(t => t.Id == p.TeamId && t.ManagerId == me)),
            PmoRole.Practitioner => people.Where(p => p.Id == me),
            _ => people.Where(p => false),
        };
    }

    /// <summary>Whether the caller may act on the organisation as a whole (import its staff): its org-admin, or the system.</summary>
    public bool CanAdminister(Guid organisationId) =>
        caller.IsSystem || (caller.Role == PmoRole.OrgAdmin && caller.OrganisationId == organisationId);

    /// <summary>The people this scope (one request) has found, by id: a page that shows the plan, the record and the advice checks access once.</summary>
    private readonly Dictionary<Guid, Person> _found = [];

    /// <summary>The person, if the caller may see them; otherwise <see cref="NotFoundException"/>, the same answer as for an id that does not exist.</summary>
    /// <remarks>
    /// Read once per scope: a later call returns the same tracked entity, which is what the context's identity
    /// resolution would hand back anyway (docs/adr/0040), without another round trip.
    /// </remarks>
    public async Task<Person> FindAsync(Guid id, CancellationToken ct = default)
    {
        if (_found.TryGetValue(id, out var known) && db.Entry(known).State is not EntityState.Detached and not EntityState.Deleted)
            return known;
        var person = await Visible().Include(p => p.Team).FirstOrDefaultAsync(p => p.Id == id, ct)
            ?? throw new NotFoundException("person", id.ToString());
        _found[id] = person;
        return person;
    }

    /// <summary>Finds the person and checks the caller may do <paramref name="action"/>; 404 when unseen, 403 when seen but not allowed.</summary>
    public async Task<Person> DemandAsync(Guid id, PersonAction action, CancellationToken ct = default)
    {
        var person = await FindAsync(id, ct);
        if (!Can(action, person))
            throw new ForbiddenException($"You may not {Describe(action)} for this person.");
        return person;
    }

    /// <summary>Whether the caller may do <paramref name="action"/> to <paramref name="person"/>, whom they can see (the team must be loaded).</summary>
    public bool Can(PersonAction action, Person person)
    {
        if (caller.IsSystem)
            return true;
        var self = caller.PersonId == person.Id;
        var orgAdmin = caller.Role == PmoRole.OrgAdmin && caller.OrganisationId == person.OrganisationId;
        var manager = caller.Role == PmoRole.PmoManager && !self && person.Team?.ManagerId is { } m && m == caller.PersonId;
        var erased = person.ErasedAtUtc is not null;
        return action switch
        {
            PersonAction.View => self || orgAdmin || manager,
            PersonAction.EditRecord => !erased && (self || orgAdmin),
            PersonAction.RateAsManager => !erased && (manager || (orgAdmin && !self)),
            PersonAction.EditPlan => !erased && self,
            PersonAction.CommentOnPlan => !erased && (manager || (orgAdmin && !self)),
            PersonAction.Export => self || orgAdmin,
            PersonAction.Erase => orgAdmin && !self && !erased,
            PersonAction.Book => !erased && (self || manager || orgAdmin),
            PersonAction.ProposeToPlan => !erased && (manager || (orgAdmin && !self)),
            _ => false,
        };
    }

    private static string Describe(PersonAction action) => action switch
    {
        PersonAction.EditRecord => "change the record",
        PersonAction.RateAsManager => "give the manager's rating",
        PersonAction.EditPlan => "change the development plan",
        PersonAction.CommentOnPlan => "comment on the plan",
        PersonAction.Export => "export the personal data",
        PersonAction.Erase => "erase the person",
        PersonAction.Book => "book or cancel courses",
        PersonAction.ProposeToPlan => "add the team plan's courses to the plan",
        _ => "see the record",
    };
}
