namespace PostHog.Ingestion.Projects;

/// <summary>The team (project environment) an event's token belongs to, with the settings ingestion obeys.</summary>
public sealed record Project(long TeamId, long ProjectId, string Token, bool AnonymizeIps, bool PersonProcessingOptOut);
