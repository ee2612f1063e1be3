using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PmoPath.Accounts;
using PmoPath.Data;

namespace PmoPath.Web.Hosting;

/// <summary>
/// Accounts for every host (the web app and the CLI): Identity's user manager over <see cref="AppDbContext"/>,
/// the password and lockout rules, and data-protection keys kept in the database so that links the CLI
/// mails and cookies one instance issues are read by any instance.
/// </summary>
public static class AccountSetup
{
    public const int MinimumPasswordLength = 12;
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(15);

    public static IHostApplicationBuilder AddPmoPathAccounts(this IHostApplicationBuilder builder, string dataFolder)
    {
        builder.Services.AddIdentityCore<AppUser>(identity =>
            {
                // Length over composition rules (ASVS 2.1.1, 2.1.9): at least 12 characters, any characters.
                identity.Password.RequiredLength = MinimumPasswordLength;
                identity.Password.RequireDigit = false;
                identity.Password.RequireLowercase = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Password.RequiredUniqueChars = 1;
                // Lockout after repeated failures (ASVS 2.2.1).
                identity.Lockout.MaxFailedAccessAttempts = MaxFailedSignIns;
                identity.Lockout.DefaultLockoutTimeSpan = LockoutTime;
                identity.Lockout.AllowedForNewUsers = true;
                identity.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<CommonPasswords>()
            .AddClaimsPrincipalFactory<PmoClaimsFactory>();
        builder.Services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = Invitations.LinkLifetime);

        // Encrypted at rest with the certificate of DataProtection:Certificate, when one is configured (KeyRingSetup).
        builder.ProtectKeyRing(builder.Services.AddDataProtection().SetApplicationName("PmoPath"));
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(
            keys => keys.XmlRepository = new DatabaseXmlRepository(sp.GetRequiredService<IDbContextFactory<AppDbContext>>())));

        builder.Services.PostConfigure<MailOptions>(mail => mail.PickupFolder ??= Path.Combine(dataFolder, "mail"));
        return builder;
    }
}

/// <summary>Keeps the data-protection key ring in the <c>DataProtectionKeys</c> table.</summary>
internal sealed class DatabaseXmlRepository(IDbContextFactory<AppDbContext> contexts) : IXmlRepository
{
    public IReadOnlyCollection<System.Xml.Linq.XElement> GetAllElements()
    {
        using var db = contexts.CreateDbContext();
        return [.. db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).ToList().Select(System.Xml.Linq.XElement.Parse)];
    }

    public void StoreElement(System.Xml.Linq.XElement element, string friendlyName)
    {
        using var db = contexts.CreateDbContext();
        db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(System.Xml.Linq.SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}
