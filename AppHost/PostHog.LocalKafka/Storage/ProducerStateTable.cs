using PostHog.LocalKafka.Protocol;

namespace PostHog.LocalKafka.Storage;

/// <summary>
/// Idempotent-producer bookkeeping for one partition: per producer id the epoch and the last five batches'
/// sequence ranges (Kafka's window), so a retried batch is answered with its original offset instead of being
/// appended twice. Rebuilt from the active segment on start-up; an unknown producer is accepted at any sequence.
/// </summary>
public sealed class ProducerStateTable
{
    private const int Window = 5;
    private readonly Dictionary<long, ProducerState> _producers = [];

    private sealed class ProducerState
    {
        public short Epoch;
        public readonly Queue<(int FirstSequence, int LastSequence, long BaseOffset)> Recent = new();
    }

    /// <summary>Checks a batch against the window; <paramref name="duplicateOffset"/> is set for an exact retry.</summary>
    public ErrorCode Check(in RecordBatch batch, out long duplicateOffset)
    {
        duplicateOffset = -1;
        if (batch.ProducerId < 0 || batch.BaseSequence < 0) return ErrorCode.None;
        if (!_producers.TryGetValue(batch.ProducerId, out var state)) return ErrorCode.None;
        if (batch.ProducerEpoch < state.Epoch) return ErrorCode.InvalidProducerEpoch;
        if (batch.ProducerEpoch > state.Epoch) return batch.BaseSequence == 0 ? ErrorCode.None : ErrorCode.OutOfOrderSequenceNumber;
        var lastSequence = LastSequenceOf(batch);
        foreach (var recent in state.Recent)
        {
            if (recent.FirstSequence == batch.BaseSequence && recent.LastSequence == lastSequence)
            {
                duplicateOffset = recent.BaseOffset;
                return ErrorCode.DuplicateSequenceNumber;
            }
        }
        if (state.Recent.Count == 0) return ErrorCode.None;
        var expected = NextSequence(state.Recent.Last().LastSequence);
        return batch.BaseSequence == expected ? ErrorCode.None : ErrorCode.OutOfOrderSequenceNumber;
    }

    public void Record(in RecordBatch batch, long baseOffset)
    {
        if (batch.ProducerId < 0 || batch.BaseSequence < 0) return;
        if (!_producers.TryGetValue(batch.ProducerId, out var state))
            _producers[batch.ProducerId] = state = new ProducerState { Epoch = batch.ProducerEpoch };
        if (batch.ProducerEpoch != state.Epoch)
        {
            state.Epoch = batch.ProducerEpoch;
            state.Recent.Clear();
        }
        state.Recent.Enqueue((batch.BaseSequence, LastSequenceOf(batch), baseOffset));
        while (state.Recent.Count > Window) state.Recent.Dequeue();
    }

    // Sequences wrap at int.MaxValue back to 0, as in Kafka.
    private static int LastSequenceOf(in RecordBatch batch) =>
        (int)(((long)batch.BaseSequence + batch.LastOffsetDelta) % ((long)int.MaxValue + 1));

    private static int NextSequence(int sequence) => sequence == int.MaxValue ? 0 : sequence + 1;
}
