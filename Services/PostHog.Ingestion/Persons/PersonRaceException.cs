namespace PostHog.Ingestion.Persons;

/// <summary>Another writer changed the same persons between our read and our write; the event is processed again.</summary>
public sealed class PersonRaceException(string message, Exception? inner = null) : Exception(message, inner);
