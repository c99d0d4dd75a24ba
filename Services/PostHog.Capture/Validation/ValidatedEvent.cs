using System.Text.Json;

namespace PostHog.Capture.Validation;

/// <summary>One event that passed validation, with the fields capture needs pulled out of its JSON.</summary>
public readonly record struct ValidatedEvent(
    JsonElement Raw,
    string Event,
    string DistinctId,
    Guid Uuid,
    string? Timestamp,
    long? Offset,
    bool IgnoreSentAt,
    bool IsCookieless,
    bool CaptureInternal);

/// <summary>A request's events, all for one project token.</summary>
public sealed record ValidatedBatch(string Token, IReadOnlyList<ValidatedEvent> Events);
