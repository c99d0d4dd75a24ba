using System.Security.Cryptography;
using System.Text;

namespace PostHog.Ingestion.Persons;

/// <summary>
/// A person UUID derived from (team, distinct id), like PostHog's <c>uuidFromDistinctId</c>: a personless event and
/// the person later created for the same distinct id share an id, and a replayed creation yields the same id.
/// </summary>
public static class PersonUuid
{
    // A fixed namespace of our own; the bytes are UUID version 5 (name-based, SHA-1).
    private static readonly byte[] Namespace = Guid.Parse("932979b4-65c3-4424-8467-0b66ec27bc22").ToByteArray(bigEndian: true);

    public static Guid FromDistinctId(long teamId, string distinctId)
    {
        var name = Encoding.UTF8.GetBytes($"{teamId}:{distinctId}");
        var input = new byte[Namespace.Length + name.Length];
        Namespace.CopyTo(input, 0);
        name.CopyTo(input, Namespace.Length);
        var hash = SHA1.HashData(input);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
