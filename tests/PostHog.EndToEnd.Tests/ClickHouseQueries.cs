using System.Diagnostics;
using System.Text.Json;
using PostHog.Contracts.Storage;
using PostHog.ServiceDefaults.ClickHouse;

namespace PostHog.EndToEnd.Tests;

/// <summary>
/// Reads what the pipeline wrote to ClickHouse, for the default project (<see cref="TeamId"/>). Ingestion is
/// asynchronous, so tests use the <c>WaitFor…</c> methods: they poll until a condition holds and, when the time is up,
/// fail with what was found plus the tail of the capture and ingestion logs. ClickHouse is 18.16 (no JSONExtract):
/// JSON columns come back as strings and are parsed here, so assertions are made in C#.
/// </summary>
public sealed class ClickHouseQueries(ClickHouseClient client, long teamId, SystemFixture system) : IDisposable
{
    /// <summary>How long a <c>WaitFor…</c> call polls unless told otherwise.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>The raw client (ServiceDefaults' HTTP client) for anything not covered here.</summary>
    public ClickHouseClient Client => client;

    public long TeamId => teamId;

    /// <summary>Rows of any SELECT as JSON objects (64-bit integers as numbers). Build values into SQL with <see cref="ClickHouseLiteral"/>.</summary>
    public async Task<IReadOnlyList<JsonElement>> RowsAsync(string sql, CancellationToken cancellationToken = default)
        => (await client.QueryJsonAsync(sql, cancellationToken: cancellationToken)).Rows;

    /// <summary>Polls <paramref name="read"/> until <paramref name="until"/> holds; fails with <paramref name="expectation"/>, the last result and the logs.</summary>
    public async Task<T> WaitForAsync<T>(Func<CancellationToken, Task<T>> read, Func<T, bool> until, string expectation, Func<T, string> describe, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultWait;
        var clock = Stopwatch.StartNew();
        T last;
        Exception? lastError = null;
        while (true)
        {
            using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                last = await read(attempt.Token);
                if (until(last))
                {
                    return last;
                }

                lastError = null;
            }
            catch (Exception e) when (e is ClickHouseException or HttpRequestException or OperationCanceledException)
            {
                last = default!;
                lastError = e;
            }

            if (clock.Elapsed >= limit)
            {
                var found = lastError is not null ? $"last query failed: {lastError.Message}" : describe(last);
                Assert.Fail($"Waited {limit.TotalSeconds:0} s for {expectation}.\nFound: {found}\n\n{system.LogTail("capture", 10)}\n\n{system.LogTail("ingestion", 25)}");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Polls a SELECT until its rows satisfy <paramref name="until"/>.</summary>
    public Task<IReadOnlyList<JsonElement>> WaitForRowsAsync(string sql, Func<IReadOnlyList<JsonElement>, bool> until, string expectation, TimeSpan? timeout = null)
        => WaitForAsync(token => RowsAsync(sql, token), until, expectation, rows => $"{rows.Count} rows\n{string.Join('\n', rows.Select(r => r.GetRawText()))}", timeout);

    /// <summary>Every event of these distinct ids, oldest first.</summary>
    public async Task<IReadOnlyList<StoredEvent>> EventsAsync(IEnumerable<string> distinctIds, CancellationToken cancellationToken = default)
    {
        var groups = string.Concat(Enumerable.Range(0, EventColumns.MaxGroupTypes).Select(i =>
            $", {ClickHouseLiteral.Identifier(EventColumns.GroupKey(i))} AS group_key_{i}, {EventColumns.GroupProperties(i)} AS group_properties_{i}"));
        var sql = $"""
            SELECT toString(uuid) AS uuid, event, distinct_id, toString(person_id) AS person_id, toString(person_mode) AS person_mode,
                   toString(timestamp) AS timestamp, toString(created_at) AS ingested_at, properties, person_properties, elements_chain{groups}
            FROM {ClickHouseTables.Events}
            WHERE team_id = {ClickHouseLiteral.Int(teamId)} AND distinct_id IN ({InList(distinctIds)})
            ORDER BY timestamp, event
            """;
        return (await RowsAsync(sql, cancellationToken)).Select(StoredEvent.FromRow).ToArray();
    }

    /// <summary>Polls the events of these distinct ids until <paramref name="until"/> holds.</summary>
    public Task<IReadOnlyList<StoredEvent>> WaitForEventsAsync(IEnumerable<string> distinctIds, Func<IReadOnlyList<StoredEvent>, bool> until, string expectation, TimeSpan? timeout = null)
    {
        var ids = distinctIds.ToArray();
        return WaitForAsync(token => EventsAsync(ids, token), until, expectation, StoredEvent.Describe, timeout);
    }

    /// <summary>
    /// The current person of each distinct id (latest <c>person_distinct_id2</c> row by version, deleted rows left
    /// out), as queries resolve it. Distinct ids without a person are absent from the result.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, Guid>> PersonIdsAsync(IEnumerable<string> distinctIds, CancellationToken cancellationToken = default)
    {
        var sql = $"""
            SELECT distinct_id, toString(argMax(person_id, version)) AS current_person_id, argMax(is_deleted, version) AS deleted
            FROM {ClickHouseTables.PersonDistinctId2}
            WHERE team_id = {ClickHouseLiteral.Int(teamId)} AND distinct_id IN ({InList(distinctIds)})
            GROUP BY distinct_id
            """;
        return (await RowsAsync(sql, cancellationToken))
            .Where(row => row.GetProperty("deleted").GetInt32() == 0)
            .ToDictionary(row => row.GetProperty("distinct_id").GetString()!, row => Guid.Parse(row.GetProperty("current_person_id").GetString()!));
    }

    /// <summary>Polls until every one of <paramref name="distinctIds"/> maps to one and the same person; returns that person id.</summary>
    public async Task<Guid> WaitForSamePersonAsync(IReadOnlyCollection<string> distinctIds, TimeSpan? timeout = null)
    {
        var mapping = await WaitForAsync(
            token => PersonIdsAsync(distinctIds, token),
            found => found.Count == distinctIds.Count && found.Values.Distinct().Count() == 1,
            $"the distinct ids [{string.Join(", ", distinctIds)}] to belong to one person in {ClickHouseTables.PersonDistinctId2}",
            found => found.Count == 0 ? "no rows" : string.Join(", ", found.Select(p => $"{p.Key} -> {p.Value}")),
            timeout);
        return mapping.Values.First();
    }

    /// <summary>The latest version of a person (null if absent or deleted).</summary>
    public async Task<StoredPerson?> PersonAsync(Guid personId, CancellationToken cancellationToken = default)
    {
        var sql = $"""
            SELECT toString(id) AS person_uuid, argMax(properties, version) AS latest_properties, argMax(is_identified, version) AS identified,
                   argMax(is_deleted, version) AS deleted, max(version) AS latest_version
            FROM {ClickHouseTables.Person}
            WHERE team_id = {ClickHouseLiteral.Int(teamId)} AND toString(id) = {ClickHouseLiteral.String(personId.ToString("D"))}
            GROUP BY id
            """;
        var row = (await RowsAsync(sql, cancellationToken)).SingleOrDefault();
        return row.ValueKind == JsonValueKind.Undefined || row.GetProperty("deleted").GetInt32() != 0 ? null : StoredPerson.FromRow(row);
    }

    /// <summary>Polls the person until <paramref name="until"/> holds (e.g. a property has arrived).</summary>
    public Task<StoredPerson?> WaitForPersonAsync(Guid personId, Func<StoredPerson?, bool> until, string expectation, TimeSpan? timeout = null)
        => WaitForAsync(token => PersonAsync(personId, token), until, expectation, person => person?.ToString() ?? "no such person (or deleted)", timeout);

    /// <summary>The latest properties of a group, or null.</summary>
    public async Task<StoredGroup?> GroupAsync(int groupTypeIndex, string groupKey, CancellationToken cancellationToken = default)
    {
        var sql = $"""
            SELECT group_type_index, group_key, argMax(group_properties, version) AS latest_properties, max(version) AS latest_version
            FROM {ClickHouseTables.Groups}
            WHERE team_id = {ClickHouseLiteral.Int(teamId)} AND group_type_index = {ClickHouseLiteral.Int(groupTypeIndex)} AND group_key = {ClickHouseLiteral.String(groupKey)}
            GROUP BY group_type_index, group_key
            """;
        var row = (await RowsAsync(sql, cancellationToken)).SingleOrDefault();
        return row.ValueKind == JsonValueKind.Undefined ? null : StoredGroup.FromRow(row);
    }

    public Task<StoredGroup?> WaitForGroupAsync(int groupTypeIndex, string groupKey, Func<StoredGroup?, bool> until, string expectation, TimeSpan? timeout = null)
        => WaitForAsync(token => GroupAsync(groupTypeIndex, groupKey, token), until, expectation, group => group?.ToString() ?? "no such group", timeout);

    public void Dispose() => client.Dispose();

    private static string InList(IEnumerable<string> values)
    {
        var list = values.Select(ClickHouseLiteral.String).ToArray();
        return list.Length == 0 ? throw new ArgumentException("Give at least one value.", nameof(values)) : string.Join(", ", list);
    }
}
