using Microsoft.EntityFrameworkCore;
using PmoPath.Accounts;
using PmoPath.Data;
using PmoPath.Data.Sqlite;
using PmoPath.People;

namespace PmoPath.Web.Tests.People;

/// <summary>
/// Guards on the model itself: a new entity that refers to a person (or their account) must be covered by
/// export and erasure, and everything an organisation owns must carry the tenant filter.
/// </summary>
public sealed class PersonalDataCoverageTests : IDisposable
{
    private readonly AppDbContext _db = new(((DbContextOptionsBuilder<AppDbContext>)new DbContextOptionsBuilder<AppDbContext>().UseSqliteProvider("Data Source=:memory:")).Options);

    [Fact]
    public void Every_entity_that_refers_to_a_person_or_an_account_is_covered_by_export_and_erasure()
    {
        var referring = _db.Model.GetEntityTypes()
            .SelectMany(e => e.GetForeignKeys())
            .Where(fk => fk.PrincipalEntityType.ClrType == typeof(Person) || fk.PrincipalEntityType.ClrType == typeof(AppUser))
            .Select(fk => fk.DeclaringEntityType.IsOwned() ? fk.DeclaringEntityType.FindOwnership()!.PrincipalEntityType.ClrType : fk.DeclaringEntityType.ClrType)
            .Append(typeof(Person))
            .Distinct()
            .ToList();

        var missing = referring.Except(PersonalData.CoveredTypes).Select(t => t.Name).ToList();
        Assert.True(missing.Count == 0, $"Add export and erasure for: {string.Join(", ", missing)} (PersonalData.Parts).");
        Assert.Contains(typeof(PlanItem), referring);
        Assert.Contains(typeof(ApiToken), referring);
    }

    [Fact]
    public void Every_entity_with_a_person_id_belongs_to_an_organisation_and_is_filtered_by_it()
    {
        foreach (var entity in _db.Model.GetEntityTypes().Where(e => !e.IsOwned() && typeof(IOrganisationOwned).IsAssignableFrom(e.ClrType)))
            Assert.True(entity.GetDeclaredQueryFilters().Count > 0, $"{entity.ClrType.Name} has no tenant filter");

        var unowned = _db.Model.GetEntityTypes()
            .Where(e => !e.IsOwned() && e.FindProperty("PersonId") is not null && !typeof(IOrganisationOwned).IsAssignableFrom(e.ClrType))
            .Select(e => e.ClrType)
            .ToList();
        // The account signs in before any tenant is known, so it cannot be filtered by one; everything else is.
        Assert.Equal([typeof(AppUser)], unowned);
    }

    public void Dispose() => _db.Dispose();
}
