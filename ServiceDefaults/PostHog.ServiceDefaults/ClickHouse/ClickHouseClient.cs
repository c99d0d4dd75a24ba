using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IO;

namespace PostHog.ServiceDefaults.ClickHouse;

/// <summary>
/// ClickHouse over plain HTTP, for 18.16 and current versions alike. Not ClickHouse.Driver: against 18.16 its
/// readers and parameters fail (they need RowBinaryWithNamesAndTypes and <c>param_*</c>), so values are inlined
/// through <see cref="ClickHouseLiteral"/> and results come back in an explicit FORMAT. Statements fail over
/// across the connection string's nodes when a node is unreachable or answers with a node-local error.
/// </summary>
public sealed partial class ClickHouseClient : IDisposable
{
    public const string ActivitySourceName = "PostHog.ClickHouse";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    // Errors that say "this node cannot serve now" rather than "this statement is wrong": another replica may succeed.
    private static readonly HashSet<int> NodeLocalErrorCodes =
    [
        202, // TOO_MANY_SIMULTANEOUS_QUERIES
        209, // SOCKET_TIMEOUT
        210, // NETWORK_ERROR
        225, // NO_ZOOKEEPER
        242, // TABLE_IS_READ_ONLY (replica lost its ZooKeeper session)
        279, // ALL_CONNECTION_TRIES_FAILED
        999, // KEEPER_EXCEPTION
    ];

    // JSON formats quote (U)Int64 by default (for JavaScript); System.Text.Json reads the full 64-bit range as numbers.
    private static readonly RecyclableMemoryStreamManager InsertBodies = new();

    private static readonly (string Name, string Value) Unquoted64BitIntegers = ("output_format_json_quote_64bit_integers", "0");

    private readonly HttpClient http;
    private readonly ILogger logger;
    private readonly TimeSpan commandTimeout;
    private readonly bool traced;
    private int preferredEndpoint;

    public ClickHouseClient(ClickHouseConnectionString connection, ClickHouseClientSettings? settings = null, ILogger<ClickHouseClient>? logger = null)
    {
        settings ??= new ClickHouseClientSettings();
        Connection = connection;
        this.logger = logger ?? NullLogger<ClickHouseClient>.Instance;
        commandTimeout = settings.CommandTimeout;
        traced = !settings.DisableTracing;
        // Its own handler, not IHttpClientFactory: the standard resilience pipeline ServiceDefaults puts on every
        // factory client would retry non-idempotent statements and cut long queries at 10 s; failover is done here.
        http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = settings.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            // Below ClickHouse's keep_alive_timeout (3 s by default), so a POST never lands on a connection the server just closed.
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(2),
            AutomaticDecompression = DecompressionMethods.GZip,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        // Start at a random node so replicas of a service spread their load.
        preferredEndpoint = Random.Shared.Next(connection.Endpoints.Count);
    }

    public ClickHouseConnectionString Connection { get; }

    public string Database => Connection.Database;

    /// <summary>The cluster name for <c>ON CLUSTER</c> DDL and Distributed tables, when the connection string names one.</summary>
    public string? Cluster => Connection.Cluster;

    /// <summary>Runs a statement that returns nothing of interest (DDL, ALTER, INSERT … SELECT, SYSTEM …).</summary>
    public async Task ExecuteAsync(string sql, IReadOnlyDictionary<string, string>? settings = null, CancellationToken cancellationToken = default)
    {
        using var activity = StartActivity(sql);
        using var timeout = CommandTimeout(cancellationToken);
        using var response = await SendAsync(activity, Settings(settings), QueryBody(sql), timeout.Token);
        await response.Content.CopyToAsync(Stream.Null, timeout.Token);
    }

    /// <summary>
    /// <c>INSERT INTO table FORMAT JSONEachRow</c>, one JSON object per row, gzip-compressed. The body is built in
    /// memory first so it can be sent again to another node if the first one fails; the memory is pooled, because a
    /// batch's body is large enough for the large-object heap, whose every allocation costs a full collection in the end.
    /// </summary>
    public async Task InsertJsonEachRowAsync<T>(string table, IAsyncEnumerable<T> rows, JsonSerializerOptions? jsonOptions = null, IReadOnlyDictionary<string, string>? settings = null, CancellationToken cancellationToken = default)
    {
        await using var body = InsertBodies.GetStream(nameof(InsertJsonEachRowAsync));
        await using (var gzip = new GZipStream(body, CompressionLevel.Fastest, leaveOpen: true))
        // The serializer options' encoder, as JsonSerializer.SerializeAsync(stream, …) would use.
        await using (var json = new Utf8JsonWriter(gzip, new JsonWriterOptions { Encoder = (jsonOptions ?? JsonSerializerOptions.Default).Encoder }))
        {
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                JsonSerializer.Serialize(json, row, jsonOptions ?? JsonSerializerOptions.Default);
                json.Flush();
                gzip.WriteByte((byte)'\n');
                json.Reset();
            }
        }

        await InsertCompressedAsync(table, "FORMAT JSONEachRow", "application/x-ndjson", body.GetBuffer().AsMemory(0, (int)body.Length), settings, cancellationToken);
    }

    public Task InsertJsonEachRowAsync<T>(string table, IEnumerable<T> rows, JsonSerializerOptions? jsonOptions = null, IReadOnlyDictionary<string, string>? settings = null, CancellationToken cancellationToken = default) =>
        InsertJsonEachRowAsync(table, rows.ToAsyncEnumerable(), jsonOptions, settings, cancellationToken);

    /// <summary>
    /// <c>INSERT INTO table (columns) FORMAT RowBinary</c>: <paramref name="writeRows"/> writes every row's values in the
    /// order of <paramref name="columns"/>. The body is gzip-compressed in one pass once complete (small writes straight
    /// into a GZipStream cost more than the compression itself).
    /// </summary>
    public async Task InsertRowBinaryAsync(string table, IReadOnlyList<string> columns, Action<RowBinaryWriter> writeRows, IReadOnlyDictionary<string, string>? settings = null,
        CancellationToken cancellationToken = default)
    {
        await using var rows = InsertBodies.GetStream(nameof(InsertRowBinaryAsync));
        writeRows(new RowBinaryWriter(rows));
        await using var body = InsertBodies.GetStream(nameof(InsertRowBinaryAsync));
        await using (var gzip = new GZipStream(body, CompressionLevel.Fastest, leaveOpen: true))
        {
            rows.WriteTo(gzip);
        }

        var columnList = string.Join(", ", columns.Select(ClickHouseLiteral.Identifier));
        await InsertCompressedAsync(table, $"({columnList}) FORMAT RowBinary", "application/octet-stream", body.GetBuffer().AsMemory(0, (int)body.Length), settings, cancellationToken);
    }

    /// <summary>The whole <c>FORMAT JSON</c> answer (use for bounded results: the server finishes the query before answering).</summary>
    public async Task<ClickHouseJsonResult> QueryJsonAsync(string sql, IReadOnlyDictionary<string, string>? settings = null, CancellationToken cancellationToken = default)
    {
        using var activity = StartActivity(sql);
        using var timeout = CommandTimeout(cancellationToken);
        // wait_end_of_query: an error late in the query arrives as an HTTP error, not inside a 200 body.
        var merged = Settings(settings, ("wait_end_of_query", "1"), Unquoted64BitIntegers);
        using var response = await SendAsync(activity, merged, QueryBody(WithFormat(sql, "JSON")), timeout.Token);
        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: timeout.Token);
        var result = ClickHouseJsonResult.Parse(document.RootElement);
        activity?.SetTag("db.response.returned_rows", result.Rows.Count);
        return result;
    }

    /// <summary>Streams <c>FORMAT JSONEachRow</c> rows, deserialized one line at a time.</summary>
    public async IAsyncEnumerable<T> QueryJsonEachRowAsync<T>(string sql, JsonSerializerOptions? jsonOptions = null, IReadOnlyDictionary<string, string>? settings = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var line in QueryLinesAsync(sql, "JSONEachRow", settings, cancellationToken))
        {
            yield return JsonSerializer.Deserialize<T>(line, jsonOptions ?? JsonSerializerOptions.Default)!;
        }
    }

    /// <summary>Streams <c>FORMAT TSV</c> rows, unescaped; NULL is <c>null</c>.</summary>
    public async IAsyncEnumerable<string?[]> QueryTsvAsync(string sql, IReadOnlyDictionary<string, string>? settings = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var line in QueryLinesAsync(sql, "TSV", settings, cancellationToken))
        {
            yield return ClickHouseTsv.ParseLine(line);
        }
    }

    /// <summary>The first column of the first row, or null when there are no rows.</summary>
    public async Task<string?> QueryScalarAsync(string sql, IReadOnlyDictionary<string, string>? settings = null, CancellationToken cancellationToken = default)
    {
        await foreach (var row in QueryTsvAsync(sql, settings, cancellationToken))
        {
            return row.Length > 0 ? row[0] : null;
        }

        return null;
    }

    public void Dispose() => http.Dispose();

    private async Task InsertCompressedAsync(string table, string format, string contentType, ReadOnlyMemory<byte> gzippedRows, IReadOnlyDictionary<string, string>? settings,
        CancellationToken cancellationToken)
    {
        if (!TableName().IsMatch(table))
        {
            throw new ArgumentException($"'{table}' is not a plain table name ([database.]table).", nameof(table));
        }

        var sql = $"INSERT INTO {table} {format}";
        using var activity = StartActivity(sql);
        using var timeout = CommandTimeout(cancellationToken);
        // ISO timestamps ("…T…Z") parse on 18.16 only with best_effort.
        var merged = Settings(settings, ("date_time_input_format", "best_effort"), ("query", sql));
        using var response = await SendAsync(activity, merged, () =>
        {
            var content = new ReadOnlyMemoryContent(gzippedRows);
            content.Headers.ContentEncoding.Add("gzip");
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            return content;
        }, timeout.Token);
        await response.Content.CopyToAsync(Stream.Null, timeout.Token);
    }

    private async IAsyncEnumerable<string> QueryLinesAsync(string sql, string format, IReadOnlyDictionary<string, string>? settings, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var activity = StartActivity(sql);
        using var timeout = CommandTimeout(cancellationToken);
        using var response = await SendAsync(activity, Settings(settings, Unquoted64BitIntegers), QueryBody(WithFormat(sql, format)), timeout.Token);
        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var rows = 0;
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            // Once rows are streaming the status is already 200; a failure mid-way arrives as an error line.
            if (line.StartsWith("Code: ", StringComparison.Ordinal) && ClickHouseException.FromResponseText(line + await reader.ReadToEndAsync(timeout.Token), response.StatusCode) is { } error)
            {
                activity?.SetStatus(ActivityStatusCode.Error, error.Message);
                throw error;
            }

            rows++;
            yield return line;
        }

        activity?.SetTag("db.response.returned_rows", rows);
    }

    private async Task<HttpResponseMessage> SendAsync(Activity? activity, List<KeyValuePair<string, string>> settings, Func<HttpContent> content, CancellationToken cancellationToken)
    {
        var endpoints = Connection.Endpoints;
        var first = Volatile.Read(ref preferredEndpoint);
        var failures = new List<Exception>();
        for (var attempt = 0; attempt < endpoints.Count; attempt++)
        {
            var index = (first + attempt) % endpoints.Count;
            var endpoint = endpoints[index];
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, "?" + QueryString(settings))) { Content = content() };
            request.Headers.Add("X-ClickHouse-User", Connection.Username);
            request.Headers.Add("X-ClickHouse-Key", Connection.Password);

            Exception failure;
            try
            {
                var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    activity?.SetTag("server.address", endpoint.Host);
                    activity?.SetTag("server.port", endpoint.Port);
                    Interlocked.CompareExchange(ref preferredEndpoint, index, first);
                    return response;
                }

                using (response)
                {
                    var text = await response.Content.ReadAsStringAsync(cancellationToken);
                    var error = ClickHouseException.FromResponseText(text, response.StatusCode, endpoint);
                    if (error is not null && !NodeLocalErrorCodes.Contains(error.Code!.Value))
                    {
                        // The statement itself is wrong (syntax, unknown table, bad data): every node would say the same.
                        activity?.SetStatus(ActivityStatusCode.Error, error.Message);
                        activity?.SetTag("db.response.status_code", error.Code.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        activity?.SetTag("error.type", error.Code.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        throw error;
                    }

                    if (error is null && (int)response.StatusCode < 500)
                    {
                        throw new ClickHouseException($"ClickHouse answered {(int)response.StatusCode}: {Truncate(text)}", statusCode: response.StatusCode, endpoint: endpoint);
                    }

                    failure = error ?? new ClickHouseException($"ClickHouse node answered {(int)response.StatusCode}: {Truncate(text)}", statusCode: response.StatusCode, endpoint: endpoint);
                }
            }
            catch (HttpRequestException exception)
            {
                failure = exception;
            }
            catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
            {
                failure = exception; // the connect timeout fired
            }

            failures.Add(failure);
            logger.LogWarning("ClickHouse node {Endpoint} failed ({Reason}); trying the next node.", endpoint, failure.Message);
            activity?.AddEvent(new ActivityEvent("clickhouse.failover", tags: new ActivityTagsCollection { ["server.address"] = endpoint.Authority, ["error.message"] = failure.Message }));
        }

        activity?.SetStatus(ActivityStatusCode.Error, "no ClickHouse node answered");
        throw new ClickHouseException(
            $"No ClickHouse node answered ({string.Join(", ", endpoints.Select(e => e.Authority))}): {failures[^1].Message}",
            innerException: new AggregateException(failures));
    }

    private List<KeyValuePair<string, string>> Settings(IReadOnlyDictionary<string, string>? settings, params (string Name, string Value)[] defaults)
    {
        var merged = new List<KeyValuePair<string, string>> { new("database", Connection.Database) };
        foreach (var (name, value) in defaults)
        {
            if (settings is null || !settings.ContainsKey(name))
            {
                merged.Add(new(name, value));
            }
        }

        foreach (var setting in settings ?? new Dictionary<string, string>())
        {
            if (!SettingName().IsMatch(setting.Key))
            {
                throw new ArgumentException($"'{setting.Key}' is not a ClickHouse setting name.", nameof(settings));
            }

            merged.Add(setting);
        }

        return merged;
    }

    private static string QueryString(List<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));

    // The statement travels in the POST body: no URL length limit, and never in access logs.
    private static Func<HttpContent> QueryBody(string sql) => () => new StringContent(sql, Encoding.UTF8, "text/plain");

    /// <summary>Appends <c>FORMAT x</c>; a statement that already names a different format is refused.</summary>
    private static string WithFormat(string sql, string format)
    {
        var trimmed = sql.TrimEnd().TrimEnd(';').TrimEnd();
        var match = TrailingFormat().Match(trimmed);
        if (!match.Success)
        {
            return $"{trimmed} FORMAT {format}";
        }

        return string.Equals(match.Groups["format"].Value, format, StringComparison.OrdinalIgnoreCase) || (format == "TSV" && match.Groups["format"].Value.Equals("TabSeparated", StringComparison.OrdinalIgnoreCase))
            ? trimmed
            : throw new ArgumentException($"The statement asks for FORMAT {match.Groups["format"].Value}; this method reads {format}.", nameof(sql));
    }

    private Activity? StartActivity(string sql)
    {
        if (!traced)
        {
            return null;
        }

        var operation = ClickHouseQueryText.Operation(sql);
        var activity = ActivitySource.StartActivity($"{operation} {Connection.Database}", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("db.system", "clickhouse");
            activity.SetTag("db.system.name", "clickhouse");
            activity.SetTag("db.namespace", Connection.Database);
            activity.SetTag("db.operation.name", operation);
            activity.SetTag("db.query.text", ClickHouseQueryText.WithoutLiterals(sql));
        }

        return activity;
    }

    private CancellationTokenSource CommandTimeout(CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(commandTimeout);
        return source;
    }

    private static string Truncate(string text) => text.Length <= 500 ? text.Trim() : text[..500] + "…";

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$")]
    private static partial Regex TableName();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex SettingName();

    [GeneratedRegex(@"\bFORMAT\s+(?<format>[A-Za-z]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex TrailingFormat();
}
