namespace PostHog.LocalKafka.Protocol;

/// <summary>A request that cannot be parsed; the connection that sent it is closed.</summary>
public sealed class ProtocolException(string message) : Exception(message);
