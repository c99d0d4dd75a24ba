using PostHog.Ingestion.Parsing;

namespace PostHog.Ingestion.Persons;

/// <summary>What the event row records about its person (persons-on-events).</summary>
public sealed record PersonOutcome(Guid PersonId, PropertyColumns Properties, DateTimeOffset CreatedAt, PersonMode Mode);

/// <summary>The event row's <c>person_mode</c>.</summary>
public enum PersonMode
{
    /// <summary>Person processing ran.</summary>
    Full,

    /// <summary>Personless: no person row; the id is derived from the distinct id.</summary>
    Propertyless,

    /// <summary>Personless requested, but the distinct id already had a person, whose id and properties the event gets.</summary>
    ForceUpgrade,
}
