using System.Text;
using Microsoft.Extensions.Options;
using PostHog.Capture.Parsing;
using PostHog.Capture.Validation;
using PostHog.RequestDecoding;

namespace PostHog.Capture.Tests;

/// <summary>Runs decode → parse → validate as the endpoint does, returning the batch or the error a client would get.</summary>
public static class Pipeline
{
    public static RequestDecoder Decoder(DecodingOptions? options = null) => new(Options.Create(options ?? new DecodingOptions()));

    public static (ValidatedBatch? Batch, CaptureError? Error, CapturePayload? Payload) Run(EncodedRequest request, int limit = 2 * 1024 * 1024, bool engage = false, DecodingOptions? options = null)
    {
        CapturePayload? payload = null;
        try
        {
            var json = Decoder(options).Decode(request, limit);
            payload = CapturePayloadParser.Parse(json);
            return (EventValidator.Validate(payload, engage), null, payload);
        }
        catch (CaptureException ex)
        {
            payload?.Dispose();
            return (null, ex.Error, null);
        }
        catch (RequestDecodingException ex)
        {
            return (null, CaptureError.Undecodable(ex), null);
        }
    }

    public static ValidatedBatch Accept(EncodedRequest request, int limit = 2 * 1024 * 1024, bool engage = false)
    {
        var (batch, error, _) = Run(request, limit, engage);
        Assert.True(error is null, $"expected success, got {error}");
        return batch!;
    }

    public static CaptureError Reject(EncodedRequest request, int limit = 2 * 1024 * 1024, DecodingOptions? options = null)
    {
        var (_, error, payload) = Run(request, limit, options: options);
        payload?.Dispose();
        Assert.NotNull(error);
        Assert.InRange(error.Status, 400, 499);
        return error;
    }

    public static EncodedRequest Json(string json, string contentType = "application/json") => new(Encoding.UTF8.GetBytes(json), contentType);
}
