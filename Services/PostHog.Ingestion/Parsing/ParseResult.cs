namespace PostHog.Ingestion.Parsing;

/// <summary>Either an event or the reason the message cannot become one (it goes to the dead letter queue).</summary>
public readonly record struct ParseResult(IncomingEvent? Event, string? FailureReason)
{
    public static ParseResult Ok(IncomingEvent value) => new(value, null);

    public static ParseResult Fail(string reason) => new(null, reason);
}
