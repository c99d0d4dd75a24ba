using System.Diagnostics;
using PostHog.Ingestion.Writing;

namespace PostHog.Ingestion.Consuming;

/// <summary>
/// A batch processed up to its ClickHouse write: the rows, the message each row came from, the trace links of its
/// messages, and per-topic counts.
/// </summary>
public sealed record PreparedBatch(int Count, BatchWrites Writes, RowSources Sources, List<ActivityLink> Links, Dictionary<string, int> Written, long Started);
