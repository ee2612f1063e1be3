using System.Security.Cryptography;
using System.Text;

namespace PmoPath.Framework;

/// <summary>
/// Stable, globally unique identifiers for the framework's parts, derived from their codes: RFC 9562 name-based
/// (version 5, SHA-1) UUIDs in PmoPath's own namespace, with the name <c>"pmopath:" + code</c>. The same code gives
/// the same identifier on every installation and every export, so CASE packages diff cleanly and credentials can
/// align to competency items by identifier (docs/adr/0031).
/// </summary>
public static class FrameworkIdentifiers
{
    /// <summary>PmoPath's namespace for name-based UUIDs.</summary>
    public static readonly Guid Namespace = Guid.Parse("6f1f1c1e-3b0a-5d8e-9a57-2b1f0c4e7a10");

    /// <summary>The identifier of <paramref name="code"/>: the UUID v5 of <c>"pmopath:" + code</c>.</summary>
    public static Guid For(string code) => NameBased(Namespace, "pmopath:" + code);

    /// <summary>A competency area's CASE item: <see cref="For"/> its code.</summary>
    public static Guid Competency(string code) => For(code);

    /// <summary>
    /// A course's CASE item. Courses and competency areas may share a code (<c>benefits-management</c> is both), so a
    /// course's name carries a <c>course/</c> prefix; a code is a slug and never holds a slash, so no code can collide.
    /// </summary>
    public static Guid Course(string code) => For("course/" + code);

    /// <summary>Anything else of the framework (the document, rubrics, associations), named by its parts joined with slashes.</summary>
    public static Guid Of(params string[] parts) => For(string.Join('/', parts));

    /// <summary>An RFC 9562 version 5 UUID: SHA-1 of the namespace's bytes (network order) and the name in UTF-8.</summary>
    public static Guid NameBased(Guid @namespace, string name)
    {
        Span<byte> input = stackalloc byte[16];
        @namespace.TryWriteBytes(input, bigEndian: true, out _);
        var bytes = new byte[16 + Encoding.UTF8.GetByteCount(name)];
        input.CopyTo(bytes);
        Encoding.UTF8.GetBytes(name, bytes.AsSpan(16));
        // RFC 9562 defines version 5 with SHA-1: a name-to-identifier mapping, not a security measure.
#pragma warning disable CA5350
        var hash = SHA1.HashData(bytes);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
