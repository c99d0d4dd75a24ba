using System.Text.Json;

namespace PostHog.ServiceDefaults.ClickHouse;

/// <summary>A <c>FORMAT JSON</c> answer: column names and types, and the rows as JSON objects.</summary>
public sealed record ClickHouseJsonResult(IReadOnlyList<ClickHouseColumn> Columns, IReadOnlyList<JsonElement> Rows)
{
    public static ClickHouseJsonResult Parse(JsonElement root)
    {
        var columns = root.TryGetProperty("meta", out var meta)
            ? meta.EnumerateArray().Select(column => new ClickHouseColumn(column.GetProperty("name").GetString()!, column.GetProperty("type").GetString()!)).ToArray()
            : [];
        var rows = root.TryGetProperty("data", out var data) ? data.EnumerateArray().Select(row => row.Clone()).ToArray() : [];
        return new ClickHouseJsonResult(columns, rows);
    }

    public IReadOnlyList<T> RowsAs<T>(JsonSerializerOptions? options = null) =>
        Rows.Select(row => row.Deserialize<T>(options ?? JsonSerializerOptions.Default)!).ToArray();
}

public sealed record ClickHouseColumn(string Name, string Type);
