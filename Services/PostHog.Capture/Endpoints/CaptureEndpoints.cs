using System.Buffers;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using PostHog.Capture.Clock;
using PostHog.Capture.Envelope;
using PostHog.Capture.Parsing;
using PostHog.Capture.Replay;
using PostHog.Capture.Routing;
using PostHog.Capture.Sinks;
using PostHog.Capture.Telemetry;
using PostHog.Capture.Validation;
using PostHog.RequestDecoding;

namespace PostHog.Capture.Endpoints;

/// <summary>PostHog's capture URLs. One request: read → decode → parse → validate → fix clocks → route → produce → answer.</summary>
public static class CaptureEndpoints
{
    /// <param name="Legacy">/e, /capture, /engage, /track allow a second base64 pass (spec §1.2 step 6).</param>
    /// <param name="Recording">/s: session recording snapshots, folded into one <c>$snapshot_items</c> message (spec §1.9).</param>
    private sealed record CaptureRoute(string Path, bool Batch = false, bool Legacy = false, bool Engage = false, bool Recording = false);

    private static readonly CaptureRoute[] Routes =
    [
        new("/e", Legacy: true),
        new("/i/v0/e"),
        new("/capture", Legacy: true),
        new("/track", Legacy: true),
        new("/engage", Legacy: true, Engage: true),
        new("/batch", Batch: true),
        new("/s", Recording: true),
    ];

    private static readonly string[] Methods = [HttpMethods.Get, HttpMethods.Post, HttpMethods.Options];
    private const string OkBody = """{"status":1}""";

    public static IEndpointRouteBuilder MapCaptureEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").AddEndpointFilter<SdkCors>();
        // ASP.NET routing already matches "/e/" for the template "/e"; mapping both would be ambiguous.
        foreach (var route in Routes)
        {
            group.MapMethods(route.Path, Methods, (HttpContext http, CaptureServices services) => HandleAsync(http, route, services));
        }
        app.MapGet("/", () => "capture");
        app.MapGet("/_readiness", () => "capture");
        app.MapGet("/_liveness", () => "ok");
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, CaptureRoute route, CaptureServices services)
    {
        if (HttpMethods.IsOptions(http.Request.Method)) return Ok();
        using var activity = CaptureTelemetry.ActivitySource.StartActivity("capture " + route.Path);
        var request = http.Request;
        var query = request.Query;
        try
        {
            var limit = route.Recording ? services.Options.RecordingBodyLimitBytes
                : route.Batch ? services.Options.BatchBodyLimitBytes
                : services.Options.EventBodyLimitBytes;
            var body = await RequestBody.ReadAsync(request, limit, http.RequestAborted);
            services.Telemetry.Received(body.Length);
            var records = Records(http, route, services, body, limit);

            await services.Sink.SendAsync(records, http.RequestAborted);
            foreach (var topic in records.GroupBy(r => r.Topic)) services.Telemetry.Accepted(topic.Key, topic.Count());
            activity?.SetTag("capture.events", records.Length);
            // posthog-js retries anything but exactly 200, so 204 only when the beacon asked for it.
            return query["beacon"] == "1" ? Results.NoContent() : Ok();
        }
        catch (CaptureException ex)
        {
            return Reject(ex.Error, services, activity);
        }
        catch (RequestDecodingException ex)
        {
            return Reject(CaptureError.Undecodable(ex), services, activity);
        }
    }

    private static IResult Reject(CaptureError error, CaptureServices services, Activity? activity)
    {
        services.Telemetry.Rejected(error);
        activity?.SetStatus(ActivityStatusCode.Error, error.Code);
        return Error(error);
    }

    /// <summary>
    /// decode → parse → validate → fix clocks → route → envelopes, without an await: the inflated body (rented) and the
    /// parsed document go back before Kafka is waited for, so in-flight requests hold only their records.
    /// </summary>
    private static KafkaRecord[] Records(HttpContext http, CaptureRoute route, CaptureServices services, ReadOnlyMemory<byte> body, int limit)
    {
        var request = http.Request;
        var query = request.Query;
        byte[]? rented = null;
        try
        {
            var json = services.Decoder.Decode(
                new EncodedRequest(body, request.ContentType, request.Headers.ContentEncoding, query["data"], query["compression"], route.Legacy),
                limit, ArrayPool<byte>.Shared, out rented);
            using var payload = CapturePayloadParser.Parse(json);
            var batch = EventValidator.Validate(payload, route.Engage);
            if (route.Recording) batch = batch with { Events = [SnapshotItems.Fold(batch, request.Headers.UserAgent)] };
            services.Telemetry.Batch(batch.Events.Count);

            var now = services.Time.GetUtcNow();
            var sentAt = ClockSkewCorrector.SentAt(payload.SentAt, query["_"]);
            var ip = ClientIp.From(http);
            var shared = new RequestHeaderValues(batch.Token, now);
            var records = new KafkaRecord[batch.Events.Count];
            for (var i = 0; i < records.Length; i++)
            {
                var evt = batch.Events[i];
                var timestamp = ClockSkewCorrector.Resolve(evt.Timestamp, evt.Offset, sentAt, now, evt.IgnoreSentAt);
                var destination = services.Router.Route(batch.Token, evt, ip, payload.HistoricalMigration);
                records[i] = EventEnvelope.Build(shared, evt, ip, sentAt, timestamp, payload.HistoricalMigration, destination);
            }
            return records;
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static IResult Ok() => Results.Text(OkBody, "application/json", statusCode: StatusCodes.Status200OK);

    public static IResult Error(CaptureError error) =>
        Results.Json(new ErrorBody(error.Status, error.Code, error.Message), statusCode: error.Status);

    private sealed record ErrorBody(int Status, string Code, string Error);
}

/// <summary>What a capture request needs from DI, in one parameter so the handler signature stays readable.</summary>
public sealed class CaptureServices(
    RequestDecoder decoder, EventRouter router, IEventSink sink, CaptureTelemetry telemetry, TimeProvider time, IOptions<CaptureOptions> options)
{
    public RequestDecoder Decoder { get; } = decoder;
    public EventRouter Router { get; } = router;
    public IEventSink Sink { get; } = sink;
    public CaptureTelemetry Telemetry { get; } = telemetry;
    public TimeProvider Time { get; } = time;
    public CaptureOptions Options { get; } = options.Value;
}
