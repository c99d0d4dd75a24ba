using System.Text;
using System.Text.Json;
using PostHog.Capture.Envelope;
using PostHog.Capture.Routing;
using PostHog.Contracts;
using PostHog.Contracts.Events;

namespace PostHog.Capture.Tests;

public class EventEnvelopeTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2024-06-01T12:00:00Z");

    private static (JsonElement Json, Sinks.KafkaRecord Record) Envelope(string body, bool historical = false, EventRoute? route = null)
    {
        var batch = Pipeline.Accept(Pipeline.Json(body), engage: true);
        var evt = batch.Events[0];
        var record = EventEnvelope.Build(batch.Token, evt, "10.1.2.3", Now, Now.AddSeconds(1), Now.AddMinutes(-1), historical,
            route ?? new EventRoute(KafkaTopics.EventsPluginIngestion, "k"));
        return (JsonDocument.Parse(record.Value).RootElement.Clone(), record);
    }

    [Fact]
    public void Has_posthog_captured_event_fields_with_data_double_encoded()
    {
        const string body = """{"event":"$pageview","distinct_id":"user-1","token":"phc_a","uuid":"01a20a01-35d6-7f78-8bda-abd32dbddccb","properties":{"$current_url":"https://x.test/<a>&'\""}}""";
        var (json, _) = Envelope(body);
        var names = json.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["uuid", "distinct_id", "ip", "data", "now", "sent_at", "token", "event", "timestamp"], names);
        Assert.Equal("01a20a01-35d6-7f78-8bda-abd32dbddccb", json.GetProperty("uuid").GetString());
        Assert.Equal("10.1.2.3", json.GetProperty("ip").GetString());
        Assert.Equal(JsonValueKind.String, json.GetProperty("data").ValueKind);
        Assert.Equal(body, json.GetProperty("data").GetString());
        Assert.Equal(Now.AddMinutes(-1), json.GetProperty("timestamp").GetDateTimeOffset());
        Assert.Equal(Now, json.GetProperty("now").GetDateTimeOffset());
        Assert.Equal(Now.AddSeconds(1), json.GetProperty("sent_at").GetDateTimeOffset());
    }

    [Fact]
    public void Optional_flags_appear_only_when_true_and_round_trip()
    {
        var (json, record) = Envelope("""{"event":"e","distinct_id":"d","token":"t","properties":{"$cookieless_mode":true,"capture_internal":true,"$ignore_sent_at":true}}""", historical: true);
        Assert.True(json.GetProperty("is_cookieless_mode").GetBoolean());
        Assert.True(json.GetProperty("historical_migration").GetBoolean());
        Assert.False(json.TryGetProperty("sent_at", out _));
        Assert.Equal("127.0.0.1", json.GetProperty("ip").GetString());
        var back = ContractsJson.DeserializeCapturedEvent(record.Value)!;
        Assert.True(back.IsCookielessMode && back.HistoricalMigration);
    }

    [Fact]
    public void Headers_are_the_ones_posthog_sets()
    {
        var (_, record) = Envelope("""{"event":"e","distinct_id":"d","token":"t","uuid":"01a20a01-35d6-7f78-8bda-abd32dbddccb"}""", historical: true,
            route: new EventRoute(KafkaTopics.EventsPluginIngestionOverflow, null, ForceDisablePersonProcessing: true));
        var headers = record.Headers.ToDictionary(h => h.Key, h => Encoding.UTF8.GetString(h.Value));
        Assert.Equal("t", headers["token"]);
        Assert.Equal("d", headers["distinct_id"]);
        Assert.Equal("e", headers["event"]);
        Assert.Equal("01a20a01-35d6-7f78-8bda-abd32dbddccb", headers["uuid"]);
        Assert.Equal(Now.AddMinutes(-1).ToUnixTimeMilliseconds().ToString(), headers["timestamp"]);
        Assert.Equal(Now, DateTimeOffset.Parse(headers["now"]));
        Assert.Equal("true", headers["force_disable_person_processing"]);
        Assert.Equal("true", headers["historical_migration"]);
        Assert.Null(record.Key);
    }

    [Fact]
    public void Engage_fills_the_event_name_into_data_too()
    {
        var (json, _) = Envelope("""{"distinct_id":"d","token":"t","$set":{"a":1}}""");
        Assert.Equal("$identify", json.GetProperty("event").GetString());
        Assert.Equal("$identify", JsonDocument.Parse(json.GetProperty("data").GetString()!).RootElement.GetProperty("event").GetString());
    }

    [Fact]
    public void Data_with_quotes_backslashes_and_raw_whitespace_round_trips()
    {
        const string body = "{\"event\":\"e\",\n\t\"distinct_id\":\"d\",\r\n\"token\":\"t\",\"properties\":{\"q\":\"a\\\"b\\\\c\\u0001\"}}";
        var (json, record) = Envelope(body);
        Assert.Equal(body, json.GetProperty("data").GetString());
        Assert.Equal(body, ContractsJson.DeserializeCapturedEvent(record.Value)!.Data);
    }

    [Fact]
    public void Contract_serializer_and_record_agree()
    {
        var captured = new CapturedEvent { Uuid = Guid.CreateVersion7(), DistinctId = "d", Ip = "1.2.3.4", Data = "{\"x\":\"ü\\\"\"}", Now = Now, Token = "t", Event = "e", Timestamp = Now };
        Assert.Equal(captured, ContractsJson.DeserializeCapturedEvent(ContractsJson.Serialize(captured)));
    }

    [Fact]
    public void Non_ascii_survives_unescaped()
    {
        var (_, record) = Envelope("""{"event":"日本","distinct_id":"ü","token":"t"}""");
        Assert.Contains("日本", Encoding.UTF8.GetString(record.Value));
    }
}
