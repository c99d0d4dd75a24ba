using System.Security.Cryptography;

namespace PostHog.Migrations.Postgres;

/// <summary>Project API tokens look like PostHog's: <c>phc_</c> and 43 url-safe characters (32 random bytes).</summary>
public static class ProjectToken
{
    public const string Prefix = "phc_";

    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
