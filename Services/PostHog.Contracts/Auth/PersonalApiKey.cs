using System.Security.Cryptography;
using System.Text;

namespace PostHog.Contracts.Auth;

/// <summary>
/// Personal API keys (<c>phx_…</c>): Web issues them and Decide checks them, so the stored form is a contract.
/// Only <c>sha256$&lt;hex&gt;</c> of the key is stored, as PostHog does; the key itself is shown once.
/// </summary>
public static class PersonalApiKey
{
    public const string Prefix = "phx_";
    public const string HashPrefix = "sha256$";

    /// <summary>A new key: <c>phx_</c> and 47 url-safe characters (35 random bytes).</summary>
    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(35)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The value stored in <c>posthog_personalapikey.secure_value</c>.</summary>
    public static string Hash(string key) => HashPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>What lists show instead of the key: its first and last four characters.</summary>
    public static string Mask(string key) => key.Length <= 8 ? "********" : $"{key[..4]}...{key[^4..]}";

    /// <summary>The key from <c>Authorization: Bearer phx_…</c>, or null when the header holds no personal API key.</summary>
    public static string? FromAuthorizationHeader(string? header)
    {
        const string bearer = "Bearer ";
        if (header is null || !header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)) return null;
        var key = header[bearer.Length..].Trim();
        return key.StartsWith(Prefix, StringComparison.Ordinal) && key.Length > Prefix.Length ? key : null;
    }
}
