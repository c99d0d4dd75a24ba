using System.Net;

namespace PostHog.Capture.Endpoints;

/// <summary>The client address PostHog records: first X-Forwarded-For hop (the ingress sets it), else the socket peer.</summary>
public static class ClientIp
{
    public static string From(HttpContext context)
    {
        var forwarded = context.Request.Headers["X-Forwarded-For"].ToString();
        if (!string.IsNullOrWhiteSpace(forwarded))
        {
            var first = forwarded.Split(',')[0].Trim();
            if (IPAddress.TryParse(first, out var parsed)) return Format(parsed);
        }
        return context.Connection.RemoteIpAddress is { } remote ? Format(remote) : "127.0.0.1";
    }

    private static string Format(IPAddress address) => (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
}
