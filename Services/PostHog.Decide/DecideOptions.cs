namespace PostHog.Decide;

/// <summary>Cache and timeout settings, bound from the <c>Decide</c> configuration section.</summary>
public sealed class DecideOptions
{
    public const string Section = "Decide";

    /// <summary>How long an in-process copy of a team's definitions is used before Redis/Postgres are asked again.</summary>
    public TimeSpan DefinitionsFreshFor { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A Redis copy older than this is reloaded from Postgres (and still used when Postgres is down).</summary>
    public TimeSpan RedisSoftTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Known tokens are re-checked after this; unknown ones after <see cref="UnknownTokenFor"/>.</summary>
    public TimeSpan TokenFreshFor { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan UnknownTokenFor { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Each Postgres round trip of a request gives up after this (PgBouncer queues while Postgres is down).</summary>
    public TimeSpan DatabaseTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>After a Postgres failure, requests skip Postgres this long instead of each waiting for a timeout.</summary>
    public TimeSpan DatabaseBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Decoded /flags bodies larger than this are rejected with 413.</summary>
    public int BodyLimitBytes { get; set; } = 2 * 1024 * 1024;
}
