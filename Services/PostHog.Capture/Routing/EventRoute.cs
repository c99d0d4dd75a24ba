namespace PostHog.Capture.Routing;

/// <summary>Where one event goes: topic, partition key (null = any partition) and whether persons must be skipped.</summary>
public readonly record struct EventRoute(string Topic, string? Key, bool ForceDisablePersonProcessing = false);
