using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PmoPath.Credentials;

/// <summary>A compact JWS split into its parts; <see cref="SigningInput"/> is what the signature covers.</summary>
public sealed record CompactJws(JsonObject Header, JsonObject Payload, byte[] SigningInput, byte[] Signature);

/// <summary>
/// JWS compact serialisation (RFC 7515) with RS256 only, which is what the Open Badges 3.0 VC-JWT profile requires
/// as a minimum. Small enough to write here: base64url, JSON, and <see cref="RSA"/>'s PKCS#1 v1.5 SHA-256 signature.
/// Parsing is strict: every problem is a <see cref="InvalidInputException"/> on the field given, naming what is wrong.
/// </summary>
public static class Jws
{
    public const string Algorithm = "RS256";

    public static string Sign(JsonObject header, JsonObject payload, RSA key)
    {
        var input = Encode(header) + "." + Encode(payload);
        var signature = key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return input + "." + Base64Url.EncodeToString(signature);
    }

    public static bool Verify(CompactJws jws, RSA key) =>
        key.VerifyData(jws.SigningInput, jws.Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    /// <summary>Splits and decodes a compact JWS; refuses anything that is not three base64url parts with JSON objects in the first two.</summary>
    public static CompactJws Parse(string text, string field)
    {
        var parts = text.Trim().Split('.');
        if (parts.Length != 3)
            throw new InvalidInputException(field, $"A compact JWS has three parts separated by dots; this has {parts.Length}.");
        var header = Object(parts[0], field, "header");
        var payload = Object(parts[1], field, "payload");
        // An empty signature parses (an "alg": "none" JWS has one), so the caller can refuse it by its algorithm.
        var signature = parts[2].Length == 0 ? [] : Decode(parts[2], field, "signature");
        return new CompactJws(header, payload, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature);
    }

    public static string Encode(JsonNode node) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(node.ToJsonString()));

    private static byte[] Decode(string part, string field, string name)
    {
        if (part.Length == 0 || !Base64Url.IsValid(part))
            throw new InvalidInputException(field, $"The JWS {name} is not base64url.");
        return Base64Url.DecodeFromChars(part);
    }

    private static JsonObject Object(string part, string field, string name)
    {
        var bytes = Decode(part, field, name);
        try
        {
            return JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 32 }) as JsonObject
                ?? throw new InvalidInputException(field, $"The JWS {name} is not a JSON object.");
        }
        catch (JsonException)
        {
            throw new InvalidInputException(field, $"The JWS {name} is not JSON.");
        }
    }

    /// <summary>The public JWK of an RSA key (RFC 7517), members in the order of RFC 7638's thumbprint input.</summary>
    public static JsonObject PublicJwk(RSA key)
    {
        var p = key.ExportParameters(false);
        return new JsonObject { ["e"] = Base64Url.EncodeToString(p.Exponent), ["kty"] = "RSA", ["n"] = Base64Url.EncodeToString(p.Modulus) };
    }

    /// <summary>RFC 7638: SHA-256 of the required members in lexical order, no spaces, base64url.</summary>
    public static string Thumbprint(JsonObject jwk)
    {
        var canonical = new JsonObject { ["e"] = jwk["e"]!.GetValue<string>(), ["kty"] = "RSA", ["n"] = jwk["n"]!.GetValue<string>() };
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToJsonString())));
    }

    /// <summary>An RSA public key from a JWK; null when it is not an RSA key of at least 2048 bits with valid members.</summary>
    public static RSA? ImportPublic(JsonObject jwk)
    {
        if (jwk["kty"]?.GetValueKind() != JsonValueKind.String || jwk["kty"]!.GetValue<string>() != "RSA" || jwk.ContainsKey("d"))
            return null;
        if (jwk["n"]?.GetValueKind() != JsonValueKind.String || jwk["e"]?.GetValueKind() != JsonValueKind.String)
            return null;
        var n = jwk["n"]!.GetValue<string>();
        var e = jwk["e"]!.GetValue<string>();
        if (!Base64Url.IsValid(n) || !Base64Url.IsValid(e) || n.Length > 2000 || e.Length > 16)
            return null;
        var modulus = Base64Url.DecodeFromChars(n);
        if (modulus.Length < 256)
            return null;
        try
        {
            var rsa = RSA.Create();
            rsa.ImportParameters(new RSAParameters { Modulus = modulus, Exponent = Base64Url.DecodeFromChars(e) });
            return rsa;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
