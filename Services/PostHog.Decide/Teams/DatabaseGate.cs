using Microsoft.Extensions.Options;

namespace PostHog.Decide.Teams;

/// <summary>
/// Remembers a recent Postgres failure so requests go straight to their cache fallback for a short while instead of
/// each waiting for a connect or query timeout; also bounds every call with <see cref="DecideOptions.DatabaseTimeout"/>.
/// </summary>
public sealed class DatabaseGate(IOptions<DecideOptions> options, TimeProvider time)
{
    private readonly DecideOptions _options = options.Value;
    private long _downUntilTicks;

    public bool IsBackingOff => time.GetUtcNow().UtcTicks < Volatile.Read(ref _downUntilTicks);

    /// <summary>Runs <paramref name="call"/> under the timeout; on failure marks Postgres down and rethrows as <see cref="DatabaseUnavailableException"/>.</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        if (IsBackingOff) throw new DatabaseUnavailableException("Postgres recently failed; using caches", null);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.DatabaseTimeout);
        try
        {
            return await call(timeout.Token);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or System.Net.Sockets.SocketException
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Volatile.Write(ref _downUntilTicks, (time.GetUtcNow() + _options.DatabaseBackoff).UtcTicks);
            throw new DatabaseUnavailableException(e.Message, e);
        }
    }

    /// <summary>For tests: forget a recorded failure.</summary>
    public void Reset() => Volatile.Write(ref _downUntilTicks, 0);
}

public sealed class DatabaseUnavailableException(string message, Exception? inner) : Exception(message, inner);
