namespace PostHog.LocalKafka.Groups;

/// <summary>The classic coordinator's states (Kafka's ClassicGroupState).</summary>
public enum GroupState
{
    Empty,
    PreparingRebalance,
    CompletingRebalance,
    Stable,
    Dead,
}
