using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using PmoPath.Accounts;
using PmoPath.Data;

namespace PmoPath.People;

/// <summary>
/// What a database provider keeps of erased data beyond the rows themselves (old page versions in a write-ahead
/// log), and how it removes it. Registered per provider: SQLite checkpoints and truncates its WAL; PostgreSQL
/// registers none, because its dead row versions go with autovacuum (README, security).
/// </summary>
public abstract class StorageScrubber
{
    /// <summary>Runs after the erasure has committed, outside any transaction.</summary>
    public abstract Task ScrubAsync(AppDbContext db, CancellationToken ct);
}

/// <summary>
/// What follows an erasure once it has committed: the mail files written to the person's addresses are deleted
/// from the pickup folder (their outbox rows went with the erasure) and the storage is scrubbed, so that the
/// erased name and email cannot be read back from the database file, its WAL or the mail folder.
/// </summary>
public sealed class ErasureScrub(IEnumerable<StorageScrubber> storage, IOptions<MailOptions> mail)
{
    /// <summary>The addresses of the people about to be erased: their work emails and account emails.</summary>
    public static async Task<IReadOnlyList<string>> AddressesAsync(AppDbContext db, IReadOnlyCollection<Guid> personIds, CancellationToken ct)
    {
        var work = await db.People.Where(p => personIds.Contains(p.Id) && p.WorkEmail != null).Select(p => p.WorkEmail!).ToListAsync(ct);
        var accounts = await db.Users.Where(u => u.PersonId != null && personIds.Contains(u.PersonId.Value) && u.Email != null).Select(u => u.Email!).ToListAsync(ct);
        return [.. work.Concat(accounts).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Deletes the mail files to <paramref name="addresses"/> and scrubs the storage; returns the number of files deleted.</summary>
    public async Task<int> AfterErasureAsync(AppDbContext db, IReadOnlyCollection<string> addresses, CancellationToken ct)
    {
        var deleted = await DeleteMailFilesAsync(addresses, ct);
        foreach (var scrubber in storage)
            await scrubber.ScrubAsync(db, ct);
        return deleted;
    }

    private async Task<int> DeleteMailFilesAsync(IReadOnlyCollection<string> addresses, CancellationToken ct)
    {
        var folder = MailSender.PickupFolderOf(mail.Value);
        if (addresses.Count == 0 || !Directory.Exists(folder))
            return 0;
        var erased = new HashSet<string>(addresses, StringComparer.OrdinalIgnoreCase);
        var deleted = 0;
        foreach (var path in Directory.EnumerateFiles(folder, "*.eml"))
        {
            HeaderList headers;
            try
            {
                await using var file = File.OpenRead(path);
                headers = await HeaderList.LoadAsync(file, ct);
            }
            catch (Exception e) when (e is IOException or FormatException or ParseException)
            {
                continue; // Gone meanwhile, or not a message: nothing of the person to find in it.
            }
            var recipients = new[] { HeaderId.To, HeaderId.Cc, HeaderId.Bcc }
                .Select(id => headers[id]).OfType<string>()
                .SelectMany(value => InternetAddressList.TryParse(value, out var list) ? list.Mailboxes.Select(m => m.Address) : []);
            if (!recipients.Any(erased.Contains))
                continue;
            try
            {
                File.Delete(path);
                deleted++;
            }
            catch (IOException)
            {
                // Deleted by someone else meanwhile.
            }
        }
        return deleted;
    }
}
