using System.Security.Cryptography;
using System.Text;

namespace PmoPath.Framework;

/// <summary>
/// Stable identifiers of the framework's items (courses, competency areas) for the open standards PmoPath speaks:
/// a name-based UUID (RFC 9562 version 5) of <c>"pmopath:" + code</c> in a namespace fixed here. The same code gives
/// the same UUID on every instance and every export, so a credential's alignment and the CASE package's items name
/// the same thing, and re-exports diff cleanly.
/// </summary>
public static class FrameworkIdentifiers
{
    /// <summary>PmoPath's namespace for name-based UUIDs. Never change it: every issued identifier depends on it.</summary>
    public static readonly Guid Namespace = new("6f1f1c1e-3b0a-5d8e-9a57-2b1f0c4e7a10");

    /// <summary>The UUID of a course or competency area code.</summary>
    public static Guid For(string code) => NameBased(Namespace, "pmopath:" + code);

    /// <summary>The same as a URN, <c>urn:uuid:…</c>.</summary>
    public static string Urn(string code) => "urn:uuid:" + For(code).ToString("D");

    /// <summary>RFC 9562 section 5.5: SHA-1 of the namespace's bytes (network order) and the name's UTF-8, version 5, variant 10.</summary>
    public static Guid NameBased(Guid space, string name)
    {
        var input = new byte[16 + Encoding.UTF8.GetByteCount(name)];
        space.TryWriteBytes(input, bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, input.AsSpan(16));
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 prescribes for version 5; it names, it does not protect.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
