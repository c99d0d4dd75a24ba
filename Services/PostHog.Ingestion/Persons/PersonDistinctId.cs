namespace PostHog.Ingestion.Persons;

/// <summary>A distinct id pointing at a person, with the version ClickHouse collapses on.</summary>
public sealed record PersonDistinctId(string DistinctId, Guid PersonUuid, long Version, bool IsDeleted = false);
