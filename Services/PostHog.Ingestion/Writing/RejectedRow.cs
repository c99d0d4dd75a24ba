using PostHog.ServiceDefaults.ClickHouse;

namespace PostHog.Ingestion.Writing;

/// <summary>A row ClickHouse refused for its data (<see cref="ClickHouseDataErrors"/>), alone in an insert of its own.</summary>
public sealed record RejectedRow(string Table, object Row, ClickHouseException Error);
