using System.Globalization;

namespace PostHog.Ingestion.Writing;

/// <summary>DateTime column text: UTC, second precision (18.16 has no DateTime64).</summary>
public static class ClickHouseTime
{
    public static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
