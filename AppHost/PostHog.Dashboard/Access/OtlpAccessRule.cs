using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace PostHog.Dashboard.Access;

/// <summary>Who may send telemetry: any process on this machine, or anyone presenting the configured x-otlp-api-key.</summary>
public static class OtlpAccessRule
{
    public const string ApiKeyHeader = "x-otlp-api-key";

    public static bool IsAllowed(IPAddress? remote, string? presentedKey, string? configuredKey)
    {
        if (remote is { IsIPv4MappedToIPv6: true })
        {
            remote = remote.MapToIPv4();
        }

        if (remote is null || IPAddress.IsLoopback(remote))
        {
            // A null address is an in-process (test server) connection.
            return true;
        }

        return !string.IsNullOrEmpty(configuredKey) && presentedKey is { Length: > 0 }
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presentedKey), Encoding.UTF8.GetBytes(configuredKey));
    }
}
