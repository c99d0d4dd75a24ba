using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace PostHog.Pipeline.Tests;

/// <summary>
/// Sends /batch/ requests with posthog-node's delivery rules (sdk-wire.md): a 10 s request timeout, and 3 retries,
/// 3 s apart, of 408, 429, 5xx and network errors; a batch that fails 4 times is lost, as the SDK would lose it.
/// </summary>
public sealed class RetryingCaptureClient(HttpClient http, string token)
{
    public const int Retries = 3;
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private int serverErrors;

    /// <summary>How many 503s (and other retryable answers) the server gave.</summary>
    public int RetryableAnswers => Volatile.Read(ref serverErrors);

    /// <summary>True when the batch was accepted (200), within the retries.</summary>
    public async Task<bool> SendAsync(IReadOnlyList<JsonObject> events, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["api_key"] = token, ["batch"] = new JsonArray([.. events.Select(e => e.DeepClone())]) }.ToJsonString();
        for (var attempt = 0; attempt <= Retries; attempt++)
        {
            if (attempt > 0) await Task.Delay(RetryDelay, cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(RequestTimeout);
            try
            {
                using var response = await http.PostAsync("/batch/", new StringContent(body, Encoding.UTF8, "application/json"), timeout.Token);
                if (response.IsSuccessStatusCode) return true;
                if (!IsRetryable(response.StatusCode)) return false;
                Interlocked.Increment(ref serverErrors);
            }
            catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // A network error or the SDK's own timeout: retried as well.
            }
        }

        return false;
    }

    private static bool IsRetryable(HttpStatusCode status) => status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>One posthog-node-shaped event with its own uuid, so a retried or replayed copy collapses.</summary>
    public static JsonObject Event(string distinctId, int sequence) => new()
    {
        ["event"] = "fault",
        ["distinct_id"] = distinctId,
        ["uuid"] = Guid.CreateVersion7().ToString(),
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["properties"] = new JsonObject { ["sequence"] = sequence, ["$lib"] = "posthog-node" },
    };
}
