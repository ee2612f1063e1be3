using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Framework;

namespace PmoPath.Sessions;

/// <summary>
/// An org-admin asks a provider for an in-house run of a course for a number of people; the provider
/// answers with a session for that organisation (<see cref="SessionInput.InHouseRequestId"/>) or declines
/// with a reason. Each side sees only its own requests.
/// </summary>
public sealed class InHouseRequests(IDbContextFactory<AppDbContext> contexts, Caller caller, FrameworkStore store, TimeProvider clock, AuditLog audit)
{
    public const int MaxPeople = 500;

    public async Task<InHouseRequestView> CreateAsync(InHouseRequestInput input, CancellationToken ct = default)
    {
        if (caller.Role != PmoRole.OrgAdmin || caller.OrganisationId is not { } org)
            throw new ForbiddenException("Only an organisation's HR / L&D admin asks providers for in-house runs.");
        await using var db = await SystemAsync(ct);
        var framework = await store.GetAsync(ct);
        var errors = new Errors();
        var provider = await db.Providers.AsNoTracking().FirstOrDefaultAsync(p => p.Code == input.ProviderCode, ct);
        if (provider is null)
            errors.Add("providerCode", $"'{input.ProviderCode}' is not a provider in the directory.");
        var course = framework.FindCourse(input.CourseCode?.Trim() ?? "");
        if (course is null || course.Retired)
            errors.Add("courseCode", $"'{input.CourseCode}' is not a current course in the catalogue.");
        else if (provider is not null && !provider.Accreditations.Contains(course.Code) && !provider.SpecialistCourses.Contains(course.Code))
            errors.Add("courseCode", $"{provider.Name} does not run {course.Title}.");
        if (input.People is not { } people || people < 1 || people > MaxPeople)
            errors.Add("people", $"Give the number of people, 1 to {MaxPeople}.");
        var today = clock.Today();
        if (!errors.InBounds("preferredFrom", input.PreferredFrom) | !errors.InBounds("preferredTo", input.PreferredTo))
            errors.ThrowIfAny();
        if (input.PreferredFrom is { } from && from <= today)
            errors.Add("preferredFrom", $"{from:yyyy-MM-dd} is not in the future.");
        if (input.PreferredFrom is { } f && input.PreferredTo is { } t && t < f)
            errors.Add("preferredTo", "The window cannot end before it starts.");
        if (input.Notes?.Length > 4000)
            errors.Add("notes", "At most 4000 characters.");
        errors.ThrowIfAny();

        var request = new InHouseRequest
        {
            OrganisationId = org,
            ProviderCode = provider!.Code,
            CourseCode = course!.Code,
            People = input.People!.Value,
            PreferredFrom = input.PreferredFrom,
            PreferredTo = input.PreferredTo,
            Delivery = input.Delivery,
            Notes = input.Notes?.Trim() ?? "",
            RequestedById = caller.PersonId,
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.InHouseRequests.Add(request);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditActions.InHouseRequested, caller, null, $"{request.CourseCode} for {request.People} from {request.ProviderCode}", org, ct);
        return (await ViewsAsync(db, db.InHouseRequests.Where(r => r.Id == request.Id), ct))[0];
    }

    /// <summary>An org-admin's requests, or the requests made to a provider-admin's provider; newest first.</summary>
    public async Task<List<InHouseRequestView>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await SystemAsync(ct);
        return await ViewsAsync(db, Mine(db).OrderByDescending(r => r.CreatedAtUtc), ct);
    }

    /// <summary>The provider declines an open request, with its reason.</summary>
    public async Task<InHouseRequestView> DeclineAsync(Guid id, DeclineInput input, CancellationToken ct = default)
    {
        await using var db = await SystemAsync(ct);
        var request = await Mine(db).FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("in-house request", id.ToString());
        if (!caller.AdministersProvider(request.ProviderCode))
            throw new ForbiddenException("Only the provider asked declines a request.");
        var reason = input.Reason?.Trim() ?? "";
        if (reason.Length is 0 or > 4000)
            throw new InvalidInputException("reason", "Say why, in 1 to 4000 characters.");
        if (await db.InHouseRequests.Where(r => r.Id == id && r.Status == InHouseRequestStatus.Open).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, InHouseRequestStatus.Declined).SetProperty(r => r.Answer, reason)
                .SetProperty(r => r.AnsweredAtUtc, clock.GetUtcNow().UtcDateTime), ct) == 0)
            throw new ConflictException($"The request is already {request.Status.ToString().ToLowerInvariant()}.");
        return (await ViewsAsync(db, db.InHouseRequests.Where(r => r.Id == id), ct))[0];
    }

    private IQueryable<InHouseRequest> Mine(AppDbContext db) => caller switch
    {
        { IsSystem: true } => db.InHouseRequests,
        { Role: PmoRole.OrgAdmin, OrganisationId: { } org } => db.InHouseRequests.Where(r => r.OrganisationId == org),
        { Role: PmoRole.ProviderAdmin, ProviderCode: { } provider } => db.InHouseRequests.Where(r => r.ProviderCode == provider),
        _ => db.InHouseRequests.Where(r => false),
    };

    private async Task<List<InHouseRequestView>> ViewsAsync(AppDbContext db, IQueryable<InHouseRequest> requests, CancellationToken ct)
    {
        var framework = await store.GetAsync(ct);
        var rows = await requests.AsNoTracking().Select(r => new
        {
            Request = r,
            Organisation = db.Organisations.Where(o => o.Id == r.OrganisationId).Select(o => o.Name).FirstOrDefault(),
            Provider = db.Providers.Where(p => p.Code == r.ProviderCode).Select(p => p.Name).FirstOrDefault(),
        }).ToListAsync(ct);
        return [.. rows.Select(x => new InHouseRequestView(
            x.Request.Id, x.Organisation ?? "", x.Request.ProviderCode, x.Provider ?? x.Request.ProviderCode, x.Request.CourseCode,
            framework.FindCourse(x.Request.CourseCode)?.Title ?? x.Request.CourseCode, x.Request.People, x.Request.PreferredFrom, x.Request.PreferredTo,
            x.Request.Delivery, x.Request.Notes, x.Request.Status, x.Request.SessionId, x.Request.Answer, x.Request.CreatedAtUtc))];
    }

    private async Task<AppDbContext> SystemAsync(CancellationToken ct) => (await contexts.CreateDbContextAsync(ct)).BindTo(Caller.System);
}
