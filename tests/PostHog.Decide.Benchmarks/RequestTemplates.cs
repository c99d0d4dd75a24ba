using System.Text;

namespace PostHog.Decide.Benchmarks;

/// <summary>Whole HTTP/1.1 requests (request line, headers, body) built once; request i uses template i % count.</summary>
public sealed class RequestTemplates
{
    private readonly (byte[] Bytes, int SequenceOffset)[] templates;

    public RequestTemplates(Uri url, IReadOnlyList<byte[]> bodies)
    {
        templates = bodies.Select(body =>
        {
            var head = $"POST {url.PathAndQuery} HTTP/1.1\r\n{RawHttpConnection.SequenceHeader}: ";
            var rest = $"0000000000\r\nHost: {url.Authority}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n";
            return (Encoding.ASCII.GetBytes(head + rest).Concat(body).ToArray(), Encoding.ASCII.GetByteCount(head));
        }).ToArray();
    }

    public (byte[] Bytes, int SequenceOffset) this[int index] => templates[index % templates.Length];
}
