using Microsoft.EntityFrameworkCore;
using PmoPath.Data;
using PmoPath.Framework;
using PmoPath.Knowledge;
using PmoPath.Search;

namespace PmoPath.Providers;

/// <summary>The provider directory.</summary>
public sealed class ProviderStore(IDbContextFactory<AppDbContext> contexts, FrameworkStore frameworks)
{
    public async Task<List<TrainingProvider>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Providers.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct);
    }

    public async Task<TrainingProvider?> FindAsync(string code, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Providers.AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, ct);
    }

    /// <summary>Adds the provider or replaces the one with the same code, after validating it against the catalogue; its search entry goes in the same save.</summary>
    public async Task SaveAsync(TrainingProvider provider, CancellationToken ct = default)
    {
        var framework = await frameworks.GetAsync(ct);
        Validate(provider, framework);
        await using var db = await contexts.CreateDbContextAsync(ct);
        // A replacement is copied onto the stored row: the offers are an owned JSON collection, which EF cannot
        // attach from a detached object (their keys are shadow ordinals it only knows for tracked rows).
        var stored = await db.Providers.FirstOrDefaultAsync(p => p.Code == provider.Code, ct);
        if (stored is null)
            db.Providers.Add(provider);
        else
        {
            db.Entry(stored).CurrentValues.SetValues(provider);
            stored.Accreditations = [.. provider.Accreditations];
            stored.SpecialistCourses = [.. provider.SpecialistCourses];
            stored.Offers = [.. provider.Offers.Select(o => new ProviderOffer { Kind = o.Kind, Title = o.Title, Description = o.Description, Levels = [.. o.Levels] })];
        }
        await SearchIndex.PutProviderAsync(db, provider, framework, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A directory loaded before providers were searchable has no entries for them; index every provider once.
    /// Saves keep them in step afterwards.
    /// </summary>
    public async Task EnsureSearchableAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.SearchEntries.AnyAsync(e => e.Kind == SearchKinds.Provider, ct))
            return;
        var framework = await frameworks.GetAsync(ct);
        foreach (var provider in await db.Providers.AsNoTracking().ToListAsync(ct))
            await SearchIndex.PutProviderAsync(db, provider, framework, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Loads the sample providers from <c>data/providers.json</c> when the directory is empty.</summary>
    public async Task<bool> SeedSamplesAsync(CancellationToken ct = default)
    {
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            if (await db.Providers.AnyAsync(ct))
                return false;
        }
        foreach (var provider in SampleData.Read<List<TrainingProvider>>("providers.json"))
            await SaveAsync(provider, ct);
        return true;
    }

    public static void Validate(TrainingProvider provider, FrameworkSnapshot framework)
    {
        var errors = new Errors();
        if (!Slug.IsValid(provider.Code))
            errors.Add("code", $"'{provider.Code}' is not a code: lower-case letters and digits joined by single hyphens.");
        errors.Required("name", provider.Name, 200);
        if (provider.Website is { Length: > 0 } site && !Jobs.JobStore.IsWebAddress(site))
            errors.Add("website", $"'{site}' is not an http or https address.");
        if (provider.Email is { Length: > 0 } email && (!email.Contains('@', StringComparison.Ordinal) || email.Any(char.IsWhiteSpace)))
            errors.Add("email", $"'{email}' is not an email address.");
        for (var i = 0; i < provider.Accreditations.Count; i++)
        {
            var course = framework.FindCourse(provider.Accreditations[i]);
            if (course is null || !course.IsCertification)
                errors.Add($"accreditations[{i}]", $"'{provider.Accreditations[i]}' is not a certification course.");
        }
        for (var i = 0; i < provider.SpecialistCourses.Count; i++)
        {
            var course = framework.FindCourse(provider.SpecialistCourses[i]);
            if (course is null || course.Kind != Catalog.CourseKind.Specialist)
                errors.Add($"specialistCourses[{i}]", $"'{provider.SpecialistCourses[i]}' is not a specialist course.");
        }
        for (var i = 0; i < provider.Offers.Count; i++)
        {
            errors.Required($"offers[{i}].title", provider.Offers[i].Title, 200);
            if (provider.Offers[i].Levels.Any(l => !CareerLevel.IsValid(l)))
                errors.Add($"offers[{i}].levels", "Levels run from 1 to 4.");
        }
        errors.ThrowIfAny();
    }
}
