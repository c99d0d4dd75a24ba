using System.Text.Json.Nodes;

namespace PostHog.Ingestion.Parsing;

/// <summary>Properties as a row stores them: compact JSON text plus the top-level key/value arrays (<see cref="PropertyArrays"/>).</summary>
public sealed record PropertyColumns(string Text, string[] Keys, string[] Values)
{
    public static readonly PropertyColumns Empty = new("{}", [], []);

    public static PropertyColumns From(JsonObject properties)
    {
        var (keys, values) = PropertyArrays.From(properties);
        return new PropertyColumns(IngestionJson.Text(properties), keys, values);
    }
}
