using System.Buffers.Binary;
using System.Text;

namespace PostHog.LocalKafka.Protocol;

/// <summary>Reads the non-flexible Kafka primitive types (big-endian, int16-length strings, int32-length arrays).</summary>
public ref struct KafkaReader(ReadOnlySpan<byte> buffer)
{
    private readonly ReadOnlySpan<byte> _buffer = buffer;
    private int _position;

    public readonly int Position => _position;
    public readonly int Remaining => _buffer.Length - _position;

    private ReadOnlySpan<byte> Take(int count)
    {
        if ((uint)count > (uint)Remaining)
            throw new ProtocolException($"Read of {count} bytes past the end of the request ({Remaining} left).");
        var slice = _buffer.Slice(_position, count);
        _position += count;
        return slice;
    }

    public sbyte ReadInt8() => (sbyte)Take(1)[0];
    public bool ReadBoolean() => Take(1)[0] != 0;
    public short ReadInt16() => BinaryPrimitives.ReadInt16BigEndian(Take(2));
    public int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));
    public long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public string ReadString() =>
        ReadNullableString() ?? throw new ProtocolException("Null where a string is required.");

    public string? ReadNullableString()
    {
        var length = ReadInt16();
        if (length < -1) throw new ProtocolException($"Invalid string length {length}.");
        return length == -1 ? null : Encoding.UTF8.GetString(Take(length));
    }

    /// <summary>Reads int32-length bytes; null (−1) comes back as an empty span with <paramref name="isNull"/> set.</summary>
    public ReadOnlySpan<byte> ReadNullableBytes(out bool isNull)
    {
        var length = ReadInt32();
        if (length < -1) throw new ProtocolException($"Invalid bytes length {length}.");
        isNull = length == -1;
        return isNull ? [] : Take(length);
    }

    public byte[] ReadBytes() => ReadNullableBytes(out _).ToArray();

    /// <summary>Reads an array count; a count larger than the remaining bytes is rejected before anything is allocated.</summary>
    public int ReadArrayCount()
    {
        var count = ReadInt32();
        if (count < -1 || count > Remaining)
            throw new ProtocolException($"Invalid array count {count}.");
        return count;
    }

    public void Skip(int count) => Take(count);
}
