using System.Diagnostics;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PostHog.ServiceDefaults.ClickHouse;
using PostHog.ServiceDefaults.Tests.Fixtures;

namespace PostHog.ServiceDefaults.Tests.ClickHouse;

[Trait("Category", "Integration")]
public sealed class ClickHouseClientTests(ClickHouseServer server) : IClassFixture<ClickHouseServer>
{
    private static readonly string[] Nasty =
    [
        "it's",
        "\\",
        "\\'",
        "'; DROP TABLE events; --",
        "\\'; DROP TABLE events; --",
        "nul\0inside",
        "\u0001\u0002\u001f\u007f",
        "tab\tnew\nline\rcr\bback\fform",
        "emoji 🦔 ünïcödé 中文 עברית",
        "`backticks` \"doubles\" $dollar {brace} ?question",
        "{x:String} param-looking",
        "\\N",
        "",
    ];

    public static TheoryData<string> NastyStrings => new(Nasty);

    private ClickHouseClient Client(params string[] endpointsBefore) =>
        new(ClickHouseConnectionString.Parse(server.ConnectionString(endpointsBefore)));

    [Theory]
    [MemberData(nameof(NastyStrings))]
    public async Task A_literal_comes_back_as_the_same_string(string value)
    {
        using var client = Client();

        var json = await client.QueryJsonAsync($"SELECT {ClickHouseLiteral.String(value)} AS s, length(s) AS bytes");
        var tsv = await client.QueryScalarAsync($"SELECT {ClickHouseLiteral.String(value)}");

        Assert.Equal(value, json.Rows[0].GetProperty("s").GetString());
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(value), json.Rows[0].GetProperty("bytes").GetInt64());
        Assert.Equal(value, tsv);
    }

    [Fact]
    public async Task Creates_inserts_JSONEachRow_and_queries_back_in_every_format()
    {
        using var client = Client();
        var table = $"events_{Guid.NewGuid():N}";
        await client.ExecuteAsync($"CREATE TABLE {table} (uuid UUID, event String, distinct_id String, team_id UInt64, timestamp DateTime('UTC')) ENGINE = MergeTree ORDER BY (team_id, timestamp)");
        var rows = Nasty.Select((value, index) => new EventRow(Guid.NewGuid(), value, $"user-{index}", ulong.MaxValue - (ulong)index, "2024-05-06T07:08:09Z")).ToArray();

        await client.InsertJsonEachRowAsync(table, rows);

        Assert.Equal(rows.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), await client.QueryScalarAsync($"SELECT count() FROM {table}"));
        foreach (var row in rows)
        {
            // Every stored value is found again through a literal: escaping on the way in and out agree.
            Assert.Equal(row.DistinctId, await client.QueryScalarAsync($"SELECT distinct_id FROM {table} WHERE event = {ClickHouseLiteral.String(row.Event)}"));
        }

        var json = await client.QueryJsonAsync($"SELECT event, team_id, timestamp FROM {table} ORDER BY distinct_id");
        Assert.Equal(["event", "team_id", "timestamp"], json.Columns.Select(c => c.Name));
        Assert.Equal("UInt64", json.Columns[1].Type);
        Assert.Equal(ulong.MaxValue, json.Rows[0].GetProperty("team_id").GetUInt64());
        Assert.Equal("2024-05-06 07:08:09", json.Rows[0].GetProperty("timestamp").GetString());

        var eachRow = await client.QueryJsonEachRowAsync<EventRow>($"SELECT uuid, event, distinct_id, team_id, toString(timestamp) AS timestamp FROM {table} ORDER BY distinct_id").ToListAsync();
        Assert.Equal(rows.OrderBy(r => r.DistinctId, StringComparer.Ordinal).Select(r => (r.Uuid, r.Event)), eachRow.Select(r => (r.Uuid, r.Event)));

        var tsv = await client.QueryTsvAsync($"SELECT event, distinct_id FROM {table} ORDER BY distinct_id").ToListAsync();
        Assert.Equal(rows.OrderBy(r => r.DistinctId, StringComparer.Ordinal).Select(r => r.Event), tsv.Select(r => r[0]));

        await client.ExecuteAsync($"DROP TABLE {table}");
    }

    [Fact]
    public async Task RowBinary_inserts_read_back_as_the_same_values()
    {
        using var client = Client();
        var table = $"rows_{Guid.NewGuid():N}";
        await client.ExecuteAsync($"""
            CREATE TABLE {table} (uuid UUID, `$text` String, tags Array(String), at DateTime, signed Int64, unsigned UInt64, small UInt8,
                mode Enum8('full' = 0, 'propertyless' = 1, 'force_upgrade' = 2)) ENGINE = MergeTree ORDER BY signed
            """);
        // A UUID whose halves differ in every byte, so a swapped half or byte order shows.
        var uuids = Nasty.Select((_, i) => i == 0 ? Guid.Parse("00112233-4455-6677-8899-aabbccddeeff") : Guid.NewGuid()).ToArray();
        var at = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(2));
        var long300 = new string('x', 300); // a length that takes two LEB128 bytes

        await client.InsertRowBinaryAsync(table, ["uuid", "$text", "tags", "at", "signed", "unsigned", "small", "mode"], rows =>
        {
            for (var i = 0; i < Nasty.Length; i++)
            {
                rows.Uuid(uuids[i]);
                rows.String(Nasty[i]);
                rows.StringArray(i == 0 ? [] : [Nasty[i], long300]);
                rows.DateTime(at.AddSeconds(i));
                rows.Int64(-i - (i == 1 ? long.MaxValue : 0));
                rows.UInt64(ulong.MaxValue - (ulong)i);
                rows.UInt8((byte)(i % 2));
                rows.Int8((sbyte)(i % 3));
            }
        });

        var back = await client.QueryJsonAsync($"SELECT toString(uuid) AS u, `$text` AS t, tags, toString(at) AS at, signed, unsigned, small, mode FROM {table} ORDER BY unsigned DESC");
        Assert.Equal(Nasty.Length, back.Rows.Count);
        for (var i = 0; i < Nasty.Length; i++)
        {
            var row = back.Rows[i];
            Assert.Equal(uuids[i].ToString(), row.GetProperty("u").GetString());
            Assert.Equal(Nasty[i], row.GetProperty("t").GetString());
            Assert.Equal(i == 0 ? [] : [Nasty[i], long300], row.GetProperty("tags").EnumerateArray().Select(e => e.GetString()!).ToArray());
            Assert.Equal(at.AddSeconds(i).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), row.GetProperty("at").GetString());
            Assert.Equal(-i - (i == 1 ? long.MaxValue : 0), row.GetProperty("signed").GetInt64());
            Assert.Equal(ulong.MaxValue - (ulong)i, row.GetProperty("unsigned").GetUInt64());
            Assert.Equal(i % 2, row.GetProperty("small").GetInt32());
            Assert.Equal(new[] { "full", "propertyless", "force_upgrade" }[i % 3], row.GetProperty("mode").GetString());
        }

        await client.ExecuteAsync($"DROP TABLE {table}");
    }

    [Fact]
    public async Task Errors_are_typed_with_ClickHouse_codes()
    {
        using var client = Client();

        var syntax = await Assert.ThrowsAsync<ClickHouseException>(() => client.ExecuteAsync("SELEC 1"));
        var unknownTable = await Assert.ThrowsAsync<ClickHouseException>(() => client.QueryJsonAsync("SELECT * FROM no_such_table"));
        var badInsert = await Assert.ThrowsAsync<ClickHouseException>(() => client.InsertJsonEachRowAsync("no_such_table", new[] { new { a = 1 } }));

        Assert.Equal(62, syntax.Code);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, syntax.StatusCode);
        Assert.StartsWith("DB::Exception: Syntax error", syntax.Message, StringComparison.Ordinal);
        Assert.Equal(60, unknownTable.Code);
        Assert.Equal(60, badInsert.Code);
    }

    [Fact]
    public async Task Fails_over_when_the_first_node_is_down()
    {
        using var client = Client($"http://127.0.0.1:{FreePort.Next()}");
        var table = $"failover_{Guid.NewGuid():N}";

        await client.ExecuteAsync($"CREATE TABLE {table} (n UInt32) ENGINE = Memory");
        await client.InsertJsonEachRowAsync(table, Enumerable.Range(1, 100).Select(n => new { n }));

        Assert.Equal("5050", await client.QueryScalarAsync($"SELECT sum(n) FROM {table}"));
        await client.ExecuteAsync($"DROP TABLE {table}");
    }

    [Fact]
    public async Task Fails_over_when_a_node_answers_with_a_node_local_error_and_then_prefers_the_good_node()
    {
        var (app, url, hits) = await FakeNodeAsync(500, "Code: 242, e.displayText() = DB::Exception: Table is in readonly mode, e.what() = DB::Exception\n");
        await using (app)
        {
            using var client = Client(url);

            Assert.Equal("1", await client.QueryScalarAsync("SELECT 1"));
            Assert.Equal("2", await client.QueryScalarAsync("SELECT 2"));
            Assert.Equal("3", await client.QueryScalarAsync("SELECT 3"));
            // The client starts at a random node; after one detour at most it sticks to the healthy one.
            Assert.True(hits() <= 1, $"the read-only node was asked {hits()} times");
        }
    }

    [Fact]
    public async Task A_statement_error_is_not_retried_on_another_node()
    {
        const string syntaxError = "Code: 62, e.displayText() = DB::Exception: Syntax error: failed at position 1, e.what() = DB::Exception\n";
        var (first, firstUrl, firstHits) = await FakeNodeAsync(400, syntaxError);
        var (second, secondUrl, secondHits) = await FakeNodeAsync(400, syntaxError);
        await using (first)
        await using (second)
        {
            using var client = new ClickHouseClient(ClickHouseConnectionString.Parse($"Endpoint={firstUrl},{secondUrl}"));

            var error = await Assert.ThrowsAsync<ClickHouseException>(() => client.ExecuteAsync("SELEC 1"));

            Assert.Equal(62, error.Code);
            Assert.Equal(1, firstHits() + secondHits());
        }
    }

    private static async Task<(WebApplication App, string Url, Func<int> Hits)> FakeNodeAsync(int status, string body)
    {
        var builder = WebApplication.CreateBuilder();
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var hits = 0;
        app.Run(async context =>
        {
            Interlocked.Increment(ref hits);
            context.Response.StatusCode = status;
            await context.Response.WriteAsync(body);
        });
        await app.StartAsync();
        return (app, url, () => Volatile.Read(ref hits));
    }

    [Fact]
    public async Task A_single_node_still_answers_after_its_keep_alive_timeout()
    {
        using var client = Client();

        Assert.Equal("1", await client.QueryScalarAsync("SELECT 1"));
        // ClickHouse closes idle keep-alive connections after 3 s; the next statement must not land on a dead one.
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        await client.ExecuteAsync("SELECT 2");
    }

    [Fact]
    public async Task No_node_answering_is_a_ClickHouseException_without_a_code()
    {
        using var client = new ClickHouseClient(ClickHouseConnectionString.Parse($"Endpoint=http://127.0.0.1:{FreePort.Next()},http://127.0.0.1:{FreePort.Next()}"));

        var error = await Assert.ThrowsAsync<ClickHouseException>(() => client.ExecuteAsync("SELECT 1"));

        Assert.Null(error.Code);
        Assert.IsType<AggregateException>(error.InnerException);
        Assert.Equal(2, ((AggregateException)error.InnerException).InnerExceptions.Count);
    }

    [Fact]
    public async Task Registered_client_is_healthy_and_traces_statements_without_values()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ClickHouseClient.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (spans) { spans.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new("ConnectionStrings:clickhouse", server.ConnectionString())]);
        builder.Services.AddLogging();
        builder.AddClickHouseClient("clickhouse");
        await using var services = builder.Services.BuildServiceProvider();

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        await services.GetRequiredService<ClickHouseClient>().QueryScalarAsync($"SELECT {ClickHouseLiteral.String("secret-value")} AS s");

        Assert.Equal(HealthStatus.Healthy, report.Entries["ClickHouse"].Status);
        Activity span;
        lock (spans)
        {
            span = spans.Last(s => (s.GetTagItem("db.query.text") as string)?.Contains("AS s", StringComparison.Ordinal) == true);
        }

        Assert.Equal("SELECT default", span.DisplayName);
        Assert.Equal("clickhouse", span.GetTagItem("db.system"));
        Assert.Equal("SELECT ? AS s", span.GetTagItem("db.query.text"));
        Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
    }

    [Fact]
    public void Missing_connection_string_fails_on_first_resolve()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.AddClickHouseClient("clickhouse");
        using var services = builder.Services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<ClickHouseClient>());
        Assert.Contains("ConnectionStrings:clickhouse", error.Message, StringComparison.Ordinal);
        Assert.Contains("Aspire:ClickHouse:Client:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    private sealed record EventRow(
        [property: JsonPropertyName("uuid")] Guid Uuid,
        [property: JsonPropertyName("event")] string Event,
        [property: JsonPropertyName("distinct_id")] string DistinctId,
        [property: JsonPropertyName("team_id")] ulong TeamId,
        [property: JsonPropertyName("timestamp")] string Timestamp);
}
