namespace PostHog.ServiceDefaults.Clients;

/// <summary>What every client integration's settings share (Aspire's settings shape).</summary>
public interface IClientSettings
{
    string? ConnectionString { get; set; }

    bool DisableHealthChecks { get; set; }
}
