namespace PostHog.LocalKafka.Storage;

/// <summary>Where one stored batch lives: offsets it covers, file position, size and its max timestamp.</summary>
public readonly record struct BatchEntry(long BaseOffset, long LastOffset, long Position, int Size, long MaxTimestamp)
{
    public const int IndexEntrySize = 32;
}
