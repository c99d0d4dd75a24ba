using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace PostHog.LocalKafka.Protocol;

/// <summary>
/// Builds one response frame (size prefix, correlation id, body) in a pooled buffer.
/// The size prefix is patched in <see cref="Complete"/>; call <see cref="Dispose"/> to return the buffer.
/// </summary>
public sealed class KafkaWriter : IDisposable
{
    private byte[] _buffer;
    private int _length;

    public KafkaWriter(int correlationId, int initialCapacity = 256)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 16));
        _length = 4; // frame size, patched later
        WriteInt32(correlationId);
    }

    public int Length => _length;

    public Span<byte> GetSpan(int size)
    {
        if (_length + size > _buffer.Length)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + size));
            _buffer.AsSpan(0, _length).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = grown;
        }
        return _buffer.AsSpan(_length, size);
    }

    public void Advance(int count) => _length += count;

    public void WriteInt8(sbyte value) { GetSpan(1)[0] = (byte)value; _length += 1; }
    public void WriteBoolean(bool value) { GetSpan(1)[0] = value ? (byte)1 : (byte)0; _length += 1; }
    public void WriteInt16(short value) { BinaryPrimitives.WriteInt16BigEndian(GetSpan(2), value); _length += 2; }
    public void WriteError(ErrorCode value) => WriteInt16((short)value);
    public void WriteInt32(int value) { BinaryPrimitives.WriteInt32BigEndian(GetSpan(4), value); _length += 4; }
    public void WriteInt64(long value) { BinaryPrimitives.WriteInt64BigEndian(GetSpan(8), value); _length += 8; }

    public void WriteString(string value) => WriteNullableString(value);

    public void WriteNullableString(string? value)
    {
        if (value is null) { WriteInt16(-1); return; }
        var byteCount = Encoding.UTF8.GetByteCount(value);
        WriteInt16(checked((short)byteCount));
        Encoding.UTF8.GetBytes(value, GetSpan(byteCount));
        _length += byteCount;
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteInt32(value.Length);
        value.CopyTo(GetSpan(value.Length));
        _length += value.Length;
    }

    public void WriteArrayCount(int count) => WriteInt32(count);

    /// <summary>Reserves an int32 to be filled in later (e.g. a records length) and returns its position.</summary>
    public int ReserveInt32() { var position = _length; WriteInt32(0); return position; }

    public void PatchInt32(int position, int value) => BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(position, 4), value);

    /// <summary>Patches the frame size and returns the whole frame.</summary>
    public ReadOnlyMemory<byte> Complete()
    {
        PatchInt32(0, _length - 4);
        return _buffer.AsMemory(0, _length);
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }
}
