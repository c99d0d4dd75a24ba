using System.Text.Json.Nodes;

namespace PostHog.Pipeline.Tests;

/// <summary>
/// A steady stream of batches from one retrying client while a test breaks things: every batch is its own task (an
/// app with many SDK instances), so one batch waiting out its retries does not hold the others back.
/// </summary>
public sealed class EventStream(RetryingCaptureClient client, string prefix, int batches, int batchSize, TimeSpan interval)
{
    private readonly List<Task<bool>> sends = [];

    public int Total => batches * batchSize;

    public Task RunAsync(CancellationToken cancellationToken) => Task.Run(async () =>
    {
        for (var b = 0; b < batches; b++)
        {
            var events = Enumerable.Range(0, batchSize).Select(i => RetryingCaptureClient.Event($"{prefix}-{(b * batchSize + i) % 50}", b * batchSize + i)).ToList();
            lock (sends) sends.Add(client.SendAsync(events, cancellationToken));
            await Task.Delay(interval, cancellationToken);
        }
    }, cancellationToken);

    /// <summary>How many batches the client lost for good (all retries failed).</summary>
    public async Task<int> LostBatchesAsync()
    {
        Task<bool>[] all;
        lock (sends) all = [.. sends];
        return (await Task.WhenAll(all)).Count(ok => !ok);
    }
}
