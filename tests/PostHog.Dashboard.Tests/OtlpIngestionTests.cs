using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace PostHog.Dashboard.Tests;

/// <summary>The real OpenTelemetry .NET SDK exports traces, logs and metrics to the dashboard over gRPC and HTTP/protobuf.</summary>
[Trait("Category", "Integration")]
public sealed class OtlpIngestionTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task Sdk_export_of_traces_logs_and_metrics_is_stored_and_served(OtlpExportProtocol protocol)
    {
        await using var dashboard = await StandaloneDashboard.StartAsync();
        var service = $"sender-{protocol}".ToLowerInvariant();
        var source = $"Tests.{Guid.NewGuid():N}";
        var exporter = Exporter(dashboard.Server, protocol);

        string traceId;
        using (var activitySource = new ActivitySource(source))
        using (var meter = new Meter(source))
        using (var tracing = Sdk.CreateTracerProviderBuilder().ConfigureResource(r => r.AddService(service, serviceInstanceId: "i-1"))
                   .AddSource(source).AddOtlpExporter(o => exporter(o, "traces")).Build())
        using (var metrics = Sdk.CreateMeterProviderBuilder().ConfigureResource(r => r.AddService(service))
                   .AddMeter(source).AddOtlpExporter((o, reader) =>
                   {
                       exporter(o, "metrics");
                       reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 600_000;
                   }).Build())
        {
            var logging = LoggerFactory.Create(b => b.AddOpenTelemetry(o =>
            {
                o.SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(service));
                o.AddOtlpExporter(e => exporter(e, "logs"));
            }));
            var logger = logging.CreateLogger("Tests.Orders");
            using (var parent = activitySource.StartActivity("place order", ActivityKind.Server))
            {
                traceId = parent!.TraceId.ToHexString();
                using (activitySource.StartActivity("charge card", ActivityKind.Client))
                {
                    logger.LogWarning("Order {OrderId} shipped late", 42);
                }
            }

            meter.CreateCounter<long>("orders.placed", unit: "{order}", description: "orders placed").Add(5, new KeyValuePair<string, object?>("region", "eu"));
            var latency = meter.CreateHistogram<double>("order.latency", unit: "ms");
            latency.Record(12.5);
            latency.Record(250);

            Assert.True(tracing.ForceFlush(10_000));
            Assert.True(metrics.ForceFlush(10_000));
            logging.Dispose(); // flushes the log batch
        }

        await dashboard.Server.Store.FlushAsync();
        using var client = dashboard.Client();

        var traces = await client.GetFromJsonAsync<JsonElement>($"/api/traces?service={service}");
        var summary = Assert.Single(traces.EnumerateArray());
        Assert.Equal(traceId, summary.GetProperty("traceId").GetString());
        Assert.Equal(2, summary.GetProperty("spanCount").GetInt32());
        Assert.Equal("place order", summary.GetProperty("rootName").GetString());

        var trace = await client.GetFromJsonAsync<JsonElement>($"/api/traces/{traceId}");
        var spans = trace.GetProperty("spans").EnumerateArray().ToList();
        var root = spans.Single(s => s.GetProperty("name").GetString() == "place order");
        var child = spans.Single(s => s.GetProperty("name").GetString() == "charge card");
        Assert.Equal(root.GetProperty("spanId").GetString(), child.GetProperty("parentSpanId").GetString());
        Assert.Equal("i-1", root.GetProperty("instance").GetString());
        Assert.Equal(2, root.GetProperty("kind").GetInt32()); // SERVER

        var logs = await client.GetFromJsonAsync<JsonElement>($"/api/logs?service={service}&level=13&q=shipped");
        var log = Assert.Single(logs.EnumerateArray());
        Assert.Equal(traceId, log.GetProperty("traceId").GetString());
        Assert.Equal(child.GetProperty("spanId").GetString(), log.GetProperty("spanId").GetString());
        Assert.Equal("Tests.Orders", log.GetProperty("scope").GetString());
        Assert.Equal("42", JsonDocument.Parse(log.GetProperty("attributes").GetString()!).RootElement.GetProperty("OrderId").GetString());
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>($"/api/logs?service={service}&level=17")).EnumerateArray());

        var instruments = (await client.GetFromJsonAsync<JsonElement>($"/api/metrics?service={service}")).EnumerateArray().ToList();
        Assert.Equal("sum", instruments.Single(i => i.GetProperty("name").GetString() == "orders.placed").GetProperty("kind").GetString());
        Assert.Equal("histogram", instruments.Single(i => i.GetProperty("name").GetString() == "order.latency").GetProperty("kind").GetString());
        // ForceFlush exports once and disposing the provider once more (cumulative: the same totals).
        var counter = (await client.GetFromJsonAsync<JsonElement>($"/api/metrics/points?service={service}&name=orders.placed")).EnumerateArray().ToList();
        Assert.NotEmpty(counter);
        Assert.All(counter, p => Assert.Equal(5, p.GetProperty("value").GetDouble()));
        Assert.All(counter, p => Assert.True(p.GetProperty("cumulative").GetBoolean()));
        var histogram = (await client.GetFromJsonAsync<JsonElement>($"/api/metrics/points?service={service}&name=order.latency")).EnumerateArray().ToList();
        Assert.NotEmpty(histogram);
        Assert.All(histogram, p => Assert.Equal(2, p.GetProperty("count").GetInt64()));
        Assert.All(histogram, p => Assert.Equal(262.5, p.GetProperty("sum").GetDouble()));
        Assert.Equal(2, JsonSerializer.Deserialize<long[]>(histogram[0].GetProperty("buckets").GetString()!)!.Sum());

        var services = await client.GetFromJsonAsync<string[]>("/api/services");
        Assert.Contains(service, services!);
    }

    [Fact]
    public async Task Otlp_json_with_hex_ids_is_accepted()
    {
        await using var dashboard = await StandaloneDashboard.StartAsync();
        const string traceId = "5b8efff798038103d269b633813fc60c";
        var body = $$$"""
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"browser"}}]},
              "scopeSpans":[{"scope":{"name":"js"},"spans":[{"traceId":"{{{traceId}}}","spanId":"eee19b7ec3c1b174","name":"click",
                "kind":1,"startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000500000000",
                "attributes":[{"key":"n","value":{"intValue":"3"}}]}]}]}]}
            """;
        using var http = new HttpClient();
        var response = await http.PostAsync(new Uri(dashboard.Server.OtlpHttpUrl, "/v1/traces"), new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);

        await dashboard.Server.Store.FlushAsync();
        var trace = dashboard.Server.Store.GetTrace(traceId);
        var span = Assert.Single(trace!.Spans);
        Assert.Equal("eee19b7ec3c1b174", span.SpanId);
        Assert.Equal(500, (span.EndNanos - span.StartNanos) / 1_000_000);
        Assert.Equal("""{"n":"3"}""", span.Attributes);

        var wrongType = await http.PostAsync(new Uri(dashboard.Server.OtlpHttpUrl, "/v1/traces"), new StringContent("x", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
    }

    private static Action<OtlpExporterOptions, string> Exporter(DashboardServer server, OtlpExportProtocol protocol)
        => (options, signal) =>
        {
            options.Protocol = protocol;
            options.ExportProcessorType = ExportProcessorType.Simple;
            // Set in code, the HTTP endpoint is used as given, so it carries the signal's path.
            options.Endpoint = protocol == OtlpExportProtocol.Grpc ? server.OtlpGrpcUrl : new Uri(server.OtlpHttpUrl, "/v1/" + signal);
        };
}
