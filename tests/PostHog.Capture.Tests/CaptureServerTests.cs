using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PostHog.Contracts;
using PostHog.Contracts.Events;

namespace PostHog.Capture.Tests;

/// <summary>Status codes, bodies and CORS as an SDK sees them, over real HTTP against the in-process app.</summary>
public class CaptureServerTests : IAsyncLifetime
{
    private CaptureServer _server = null!;
    private const string Event = """{"event":"e1","distinct_id":"d1","properties":{"token":"phc_a"}}""";

    public async Task InitializeAsync() => _server = await CaptureServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<HttpResponseMessage> Post(string path, HttpContent content) => _server.Client.PostAsync(path, content);
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> Body(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    [Theory]
    [InlineData("/e")] [InlineData("/e/")] [InlineData("/i/v0/e")] [InlineData("/i/v0/e/")]
    [InlineData("/capture")] [InlineData("/capture/")] [InlineData("/track")] [InlineData("/track/")]
    [InlineData("/engage")] [InlineData("/engage/")] [InlineData("/batch")] [InlineData("/batch/")]
    public async Task Every_capture_path_accepts_with_and_without_trailing_slash(string path)
    {
        var response = await Post(path, Json(Event));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":1}""", await response.Content.ReadAsStringAsync());
        Assert.Single(_server.Sink.Records);
    }

    [Fact]
    public async Task Get_with_data_query_parameter()
    {
        var response = await _server.Client.GetAsync("/e/?data=" + Uri.EscapeDataString(SampleBodies.Base64(Event)) + "&ver=1.0");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("d1", Encoding.UTF8.GetString(_server.Sink.Records.Single().Headers.Single(h => h.Key == "distinct_id").Value));
    }

    [Fact]
    public async Task Options_preflight_mirrors_origin_and_headers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/e/");
        request.Headers.Add("Origin", "http://127.0.0.1:8801");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        var response = await _server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("http://127.0.0.1:8801", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Credentials").Single());
        Assert.Equal("content-type", response.Headers.GetValues("Access-Control-Allow-Headers").Single());
        Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Equal(1, (await Body(response)).GetProperty("status").GetInt32());
        Assert.Empty(_server.Sink.Records);
    }

    [Fact]
    public async Task Errors_are_json_with_status_code_error_and_cors()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/i/v0/e/") { Content = Json("""{"event":"e","distinct_id":"d"}""") };
        request.Headers.Add("Origin", "https://app.example");
        var response = await _server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await Body(response);
        Assert.Equal(401, body.GetProperty("status").GetInt32());
        Assert.Equal("ingest_key_required", body.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetString()));
        Assert.Equal("https://app.example", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Beacon_success_is_204()
    {
        var response = await Post("/e/?beacon=1", Json(Event));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Single(_server.Sink.Records);
    }

    [Fact]
    public async Task Kafka_unavailable_is_503_so_sdks_retry()
    {
        _server.Sink.FailWith = CaptureError.ServiceUnavailable("down");
        var response = await Post("/batch/", Json(SampleBodies.NodeBatch));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("service_unavailable", (await Body(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Event_endpoints_stop_at_2_mb_and_batch_at_20_mb()
    {
        var big = SampleBodies.JsEnvelope([.. Enumerable.Repeat(Event.Replace("\"e1\"", $"\"{new string('x', 1000)}\""), 2200)]);
        Assert.InRange(big.Length, 2 * 1024 * 1024, 3 * 1024 * 1024);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await Post("/e/", Json(big))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post("/batch/", Json(big))).StatusCode);
        var overLimit = new ByteArrayContent(new byte[21 * 1024 * 1024]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await Post("/batch/", overLimit)).StatusCode);
    }

    [Fact]
    public async Task Garbage_is_never_a_500()
    {
        var random = new Random(7);
        foreach (var path in new[] { "/e/", "/batch/", "/engage/" })
        {
            for (var i = 0; i < 30; i++)
            {
                var bytes = new byte[random.Next(0, 2000)];
                random.NextBytes(bytes);
                var content = new ByteArrayContent(bytes);
                content.Headers.ContentType = new MediaTypeHeaderValue(i % 2 == 0 ? "text/plain" : "application/x-www-form-urlencoded");
                var response = await Post(path + (i % 3 == 0 ? "?compression=lz64" : ""), content);
                Assert.InRange((int)response.StatusCode, 400, 499);
            }
        }
    }

    [Fact]
    public async Task Posthog_js_gzip_as_text_plain_reaches_the_sink_keyed_and_clock_fixed()
    {
        var content = new ByteArrayContent(SampleBodies.Gzip(SampleBodies.JsEnvelope(SampleBodies.JsPageview)));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/e/") { Content = content };
        request.Headers.Add("X-Forwarded-For", "203.0.113.9, 10.0.0.1");
        Assert.Equal(HttpStatusCode.OK, (await _server.Client.SendAsync(request)).StatusCode);

        var record = _server.Sink.Records.Single();
        Assert.Equal(KafkaTopics.EventsPluginIngestion, record.Topic);
        Assert.Equal("phc_testtoken123:01a20a04-6309-7b27-9e8a-a785b794754c", record.Key);
        var captured = ContractsJson.DeserializeCapturedEvent(record.Value)!;
        Assert.Equal("203.0.113.9", captured.Ip);
        Assert.Equal("$pageview", captured.Event);
        Assert.Equal(Guid.Parse("01a20a04-631b-72dd-bd85-d816c940cf86"), captured.Uuid);
        // timestamp is 98 ms before sent_at, so it lands 98 ms before now.
        Assert.Equal(captured.Now.AddMilliseconds(-98), captured.Timestamp);
    }

    [Fact]
    public async Task Historical_migration_batch_goes_to_the_historical_topic()
    {
        var body = SampleBodies.NodeBatch.Replace("\"api_key\"", "\"historical_migration\":true,\"api_key\"");
        Assert.Equal(HttpStatusCode.OK, (await Post("/batch/", Json(body))).StatusCode);
        Assert.All(_server.Sink.Records, r => Assert.Equal(KafkaTopics.EventsPluginIngestionHistorical, r.Topic));
    }

    [Fact]
    public async Task Health_style_routes_answer()
    {
        Assert.Equal("capture", await _server.Client.GetStringAsync("/"));
        Assert.Equal("capture", await _server.Client.GetStringAsync("/_readiness"));
    }
}
