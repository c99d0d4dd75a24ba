namespace PostHog.LocalKafka.Storage;

/// <summary>
/// Group commit: callers that need durability (acks=all produces, offset commits) register what they wrote and await
/// the next flush round. One round fsyncs every registered file once and releases every caller that registered before
/// it started, so N concurrent acks=all produces cost one fsync per file instead of N.
/// </summary>
public sealed class LogFlusher : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _logger;
    private readonly Task _loop;
    private HashSet<IFlushTarget> _pending = [];
    private TaskCompletionSource _round = NewRound();
    private bool _signaled;

    public LogFlusher(ILogger<LogFlusher> logger)
    {
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Completes once everything written to <paramref name="target"/> before this call is on disk.</summary>
    public Task FlushAsync(IFlushTarget target)
    {
        lock (_gate)
        {
            _pending.Add(target);
            var task = _round.Task;
            if (!_signaled)
            {
                _signaled = true;
                _signal.Release();
            }
            return task;
        }
    }

    private static TaskCompletionSource NewRound() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task RunAsync()
    {
        while (true)
        {
            try { await _signal.WaitAsync(_stopping.Token); }
            catch (OperationCanceledException) { break; }
            FlushRound();
        }
        FlushRound(); // release anyone who registered while stopping
    }

    private void FlushRound()
    {
        HashSet<IFlushTarget> targets;
        TaskCompletionSource round;
        lock (_gate)
        {
            targets = _pending;
            round = _round;
            _pending = [];
            _round = NewRound();
            _signaled = false;
        }
        try
        {
            // fsyncs of different files wait on the disk, not the CPU, so they overlap well.
            if (targets.Count == 1) targets.First().Flush();
            else Parallel.ForEach(targets, target => target.Flush());
            round.SetResult();
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "fsync failed");
            round.SetException(ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _loop;
    }
}
