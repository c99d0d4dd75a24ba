namespace PostHog.Decide.Responses;

/// <summary>
/// The <c>requestId</c> of an answer: a UUIDv7 (RFC 9562 §5.7, 48-bit Unix milliseconds then 74 random bits).
/// <see cref="Guid.CreateVersion7()"/> draws its random bits from the OS CSPRNG, which costs 6–8 µs a call on this
/// platform's VMs (more than evaluating 50 flags); an id needs to be unique, not unpredictable, so the bits come
/// from <see cref="Random.Shared"/> (per-thread xoshiro seeded from the OS).
/// </summary>
public static class RequestId
{
    public static Guid NewVersion7(long unixMilliseconds)
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes[6..]);
        for (var i = 0; i < 6; i++) bytes[i] = (byte)(unixMilliseconds >> (40 - 8 * i));
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F)); // version 7
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F)); // variant 10
        return new Guid(bytes, bigEndian: true);
    }
}
