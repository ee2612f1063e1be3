using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using PmoPath.Accounts;
using PmoPath.Advice;
using PmoPath.Framework;
using PmoPath.People;
using PmoPath.Web.Hosting;

namespace PmoPath.Web.Api;

/// <summary>
/// People, their records and development plans. Every route needs a bearer token; the caller's
/// organisation and role come from it. Who may see and do what is decided by <see cref="PeopleAccess"/>:
/// a person the caller may not see is a 404 (the same as an id that does not exist), a person they see
/// but may not change in this way is a 403.
/// </summary>
public static class PeopleApi
{
    public static IEndpointRouteBuilder MapPeopleApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me", GetMe).WithTags("People").RequireAuthorization(WebAuthSetup.ApiPolicy)
            .WithSummary("Who the bearer token belongs to: account, role, organisation and person.");

        // The same export for the signed-in browser (cookie), as a file download from "My record".
        app.MapGet("/me/export", DownloadMyData).RequireAuthorization().ExcludeFromDescription();

        var people = app.MapGroup("/api/people").WithTags("People").RequireAuthorization(WebAuthSetup.ApiPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        people.MapGet("/", List).WithSummary("The people the caller may see: themselves; a manager's team members; everyone in the organisation for an org-admin.");
        people.MapGet("/{id:guid}", Get).WithSummary("A person's record: level, target, certificates with renewal status, courses, ratings, evidence, history.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        people.MapPut("/{id:guid}/record", ReplaceRecord).Accepts<RecordInput>("application/json")
            .WithSummary("Replace the whole record (by the person or an org-admin): every field is required, null (or []) where empty; every change is recorded.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        people.MapPatch("/{id:guid}/record", PatchRecord).Accepts<RecordInput>("application/merge-patch+json", "application/json")
            .WithSummary("Change some fields of the record (JSON merge patch, RFC 7396): fields left out are kept, null clears one, a list sent replaces the stored list, competencies merge by area (null removes a rating).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        people.MapPut("/{id:guid}/ratings", Rate).WithSummary("The manager's ratings beside the person's own (by their team's manager or an org-admin).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        people.MapGet("/{id:guid}/advice", GetAdvice).WithSummary("The advisor's input profile built from the person's record and the advisor's answer for it.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        people.MapGet("/{id:guid}/plan", GetPlan).WithSummary("The development plan: items with comments, the roadmap by year, renewal reminders.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        people.MapPost("/{id:guid}/plan", AddPlanItem).WithSummary("Accept a course into the person's own plan.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        people.MapPut("/{id:guid}/plan/{itemId:guid}", UpdatePlanItem).WithSummary("Change a plan item's target date, status or notes.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        people.MapPost("/{id:guid}/plan/{itemId:guid}/comments", Comment).WithSummary("A manager's or HR's comment on a plan item.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        people.MapGet("/{id:guid}/export", Export).WithSummary("Everything held about the person, as JSON (by the person or an org-admin).")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        people.MapPost("/{id:guid}/invitation", Invite).WithSummary("Invite the person (org-admin): an account for their work email and a mail to choose a password; again, a fresh link.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        people.MapPost("/invitations", InviteMany).WithSummary("Invite people (org-admin): { \"personIds\": [...] } or { \"withoutAccount\": true } for everyone who has no account yet.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        people.MapDelete("/{id:guid}", Erase).WithSummary("Erase the person's personal data (org-admin); counts in reports are kept.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public sealed record MeView(string? UserId, string? Role, Guid? OrganisationId, Guid? PersonId);

    public static Ok<MeView> GetMe(Caller caller) =>
        TypedResults.Ok(new MeView(caller.UserId, caller.Role is { } role ? PmoRoles.Name(role) : null, caller.OrganisationId, caller.PersonId));

    public static async Task<Ok<List<PersonSummary>>> List(PersonRecords records, CancellationToken ct) =>
        TypedResults.Ok(await records.ListAsync(ct));

    public static async Task<Ok<PersonView>> Get(Guid id, PersonRecords records, CancellationToken ct) =>
        TypedResults.Ok(await records.GetAsync(id, ct));

    /// <summary>PUT: the body must name every field of the record, so that a field left out is never cleared by mistake.</summary>
    public static async Task<Results<Ok<PersonView>, ValidationProblem>> ReplaceRecord(
        Guid id, HttpRequest request, PersonRecords records, IOptions<JsonOptions> json, CancellationToken ct)
    {
        var body = await RecordPatch.ReadAsync(request, ct);
        var current = await records.InputOfAsync(id, ct); // 404 or 403 before saying anything about the body
        var missing = RecordPatch.Fields.Where(f => !body.ContainsKey(f)).ToList();
        if (missing.Count > 0)
            return TypedResults.ValidationProblem(missing.ToDictionary(f => f, _ => RecordPatch.RequiredByPut), title: "The request has invalid fields.");
        return TypedResults.Ok(await records.UpdateAsync(id, RecordPatch.Merge(current, body, json.Value.SerializerOptions, replace: true), ct));
    }

    /// <summary>PATCH: a JSON merge patch over the stored record.</summary>
    public static async Task<Ok<PersonView>> PatchRecord(Guid id, HttpRequest request, PersonRecords records, IOptions<JsonOptions> json, CancellationToken ct)
    {
        var patch = await RecordPatch.ReadAsync(request, ct);
        var current = await records.InputOfAsync(id, ct);
        var merged = RecordPatch.Merge(current, patch, json.Value.SerializerOptions);
        return TypedResults.Ok(await records.UpdateAsync(id, merged, ct));
    }

    public static async Task<Ok<PersonView>> Rate(Guid id, ManagerRatingsInput ratings, PersonRecords records, CancellationToken ct) =>
        TypedResults.Ok(await records.RateAsync(id, ratings, ct));

    /// <summary>The advisor's answer for the person's stored record, with the profile it was given and articles to read beside it.</summary>
    public static async Task<Results<Ok<PersonAdvice>, ValidationProblem>> GetAdvice(
        Guid id, PersonRecords records, FrameworkStore store, Sessions.ScheduleStore schedules, Knowledge.ArticleSuggestions suggestions, PmoPathMetrics metrics, CancellationToken ct)
    {
        var profile = await records.ProfileAsync(id, ct);
        if (profile is null)
            return ValidationProblemExtensions.Field("level", "the person's current level is not set, so there is nothing to advise on yet.");
        var framework = await store.GetAsync(ct);
        var schedule = await schedules.GetAsync(ct);
        var advice = metrics.Advise("person", () => profile.Advise(framework, schedule));
        var articles = await suggestions.BesideAdviceAsync(advice, profile.Competencies, framework, id, ct: ct);
        return TypedResults.Ok(new PersonAdvice(profile, advice,
            articles.ToDictionary(a => a.Key, IReadOnlyList<SuggestedArticleView> (a) => [.. a.Value.Select(SuggestedArticleView.From)], StringComparer.Ordinal)));
    }

    /// <summary>
    /// The profile given to the advisor (as <c>POST /api/advice</c> takes it) and its answer, unchanged; beside it,
    /// by the code of each course recommended for a skill gap, published articles that serve the gap at the
    /// person's level, best rated first, leaving out those the person has rated.
    /// </summary>
    public sealed record PersonAdvice(PersonProfile Profile, AdviceAnswer Advice, IReadOnlyDictionary<string, IReadOnlyList<SuggestedArticleView>> Articles);

    public static async Task<Ok<PlanView>> GetPlan(Guid id, DevelopmentPlans plans, CancellationToken ct) =>
        TypedResults.Ok(await plans.GetAsync(id, ct));

    public static async Task<Created<PlanItemView>> AddPlanItem(Guid id, PlanItemInput item, DevelopmentPlans plans, CancellationToken ct)
    {
        var added = await plans.AddAsync(id, item, ct);
        return TypedResults.Created($"/api/people/{id}/plan/{added.Id}", added);
    }

    public static async Task<Ok<PlanItemView>> UpdatePlanItem(Guid id, Guid itemId, PlanItemUpdate item, DevelopmentPlans plans, CancellationToken ct) =>
        TypedResults.Ok(await plans.UpdateAsync(id, itemId, item, ct));

    public static async Task<Created<PlanCommentView>> Comment(Guid id, Guid itemId, PlanCommentInput comment, DevelopmentPlans plans, CancellationToken ct)
    {
        var added = await plans.CommentAsync(id, itemId, comment, ct);
        return TypedResults.Created($"/api/people/{id}/plan/{itemId}", added);
    }

    public static async Task<Ok<InvitationOutcome>> Invite(Guid id, Invitations invitations, CancellationToken ct) =>
        TypedResults.Ok(await invitations.InviteAsync(id, ct));

    public static async Task<Ok<InvitationBatch>> InviteMany(InvitationRequest request, Invitations invitations, CancellationToken ct) =>
        TypedResults.Ok(await invitations.InviteManyAsync(request, ct: ct));

    public static async Task<Ok<Dictionary<string, object?>>> Export(Guid id, PersonalData data, CancellationToken ct) =>
        TypedResults.Ok(await data.ExportAsync(id, ct));

    public static async Task<Results<FileContentHttpResult, NotFound>> DownloadMyData(Caller caller, PersonalData data, CancellationToken ct)
    {
        if (caller.PersonId is not { } me)
            return TypedResults.NotFound();
        var options = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web) { WriteIndented = true };
        PmoPathApp.ConfigureJson(options);
        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(await data.ExportAsync(me, ct), options);
        return TypedResults.File(json, "application/json", "pmopath-my-data.json");
    }

    public static async Task<NoContent> Erase(Guid id, PersonalData data, CancellationToken ct)
    {
        await data.EraseAsync(id, ct);
        return TypedResults.NoContent();
    }
}
