namespace PostHog.Ingestion.Writing;

/// <summary>A row of <c>ingestion_warnings</c>; <see cref="Details"/> is a JSON object.</summary>
public sealed record IngestionWarning(long TeamId, string Type, string Details, DateTimeOffset Timestamp, string Source = "ingestion");
