namespace PostHog.LocalKafka.Storage;

/// <summary>Something the <see cref="LogFlusher"/> can fsync.</summary>
public interface IFlushTarget
{
    void Flush();
}
