using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PostHog.Contracts;
using PostHog.Contracts.Events;

namespace PostHog.Capture.Tests;

/// <summary>/s as posthog-js sends it (sdk-wire.md §2): gzip text/plain, a bare array of $snapshot events.</summary>
public class RecordingTests : IAsyncLifetime
{
    private CaptureServer _server = null!;

    public async Task InitializeAsync() => _server = await CaptureServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Snapshot(string session, string data, string extra = "") =>
        $$"""{"uuid":"{{Guid.CreateVersion7()}}","event":"$snapshot","properties":{"$snapshot_bytes":10,"$snapshot_data":{{data}},"$session_id":"{{session}}","$window_id":"w1","$lib":"web","token":"phc_testtoken123","distinct_id":"device-1"{{extra}}},"timestamp":"2026-11-23T20:06:30.000Z"}""";

    private async Task<HttpResponseMessage> PostRecording(string json)
    {
        var content = new ByteArrayContent(SampleBodies.Gzip(json));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        return await _server.Client.PostAsync("/s/", content);
    }

    [Fact]
    public async Task Snapshots_fold_into_one_snapshot_items_message_keyed_by_session()
    {
        var response = await PostRecording($"[{Snapshot("s1", """[{"type":4},{"type":2}]""")},{Snapshot("s1", """[{"type":3}]""")}]");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":1}""", await response.Content.ReadAsStringAsync());

        var record = Assert.Single(_server.Sink.Records);
        Assert.Equal((KafkaTopics.SessionRecordingSnapshotItemEvents, "s1"), (record.Topic, record.Key));
        var captured = ContractsJson.DeserializeCapturedEvent(record.Value)!;
        Assert.Equal("$snapshot_items", captured.Event);
        var properties = JsonDocument.Parse(captured.Data).RootElement.GetProperty("properties");
        Assert.Equal([4, 2, 3], properties.GetProperty("$snapshot_items").EnumerateArray().Select(i => i.GetProperty("type").GetInt32()));
        Assert.Equal(("s1", "w1", "web", "device-1", "web"), (
            properties.GetProperty("$session_id").GetString(), properties.GetProperty("$window_id").GetString(),
            properties.GetProperty("$snapshot_source").GetString(), properties.GetProperty("distinct_id").GetString(),
            properties.GetProperty("$lib").GetString()));
    }

    [Fact]
    public async Task Missing_session_id_is_400()
    {
        var response = await PostRecording($"[{Snapshot("", "[]")}]");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("missing_session_id", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Overlong_session_id_is_400() =>
        Assert.Contains("invalid_session_id", await (await PostRecording($"[{Snapshot(new string('s', 101), "[]")}]")).Content.ReadAsStringAsync());

    [Fact]
    public async Task Missing_snapshot_data_is_400()
    {
        var response = await PostRecording($"[{Snapshot("s1", "null")}]");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("missing_snapshot_data", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Recording_body_allows_more_than_the_event_limit()
    {
        var big = string.Join(",", Enumerable.Repeat($$"""{"type":3,"data":"{{new string('x', 1000)}}"}""", 3000));
        var content = new StringContent($"[{Snapshot("s2", "[" + big + "]")}]", Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.OK, (await _server.Client.PostAsync("/s/", content)).StatusCode);
    }
}
