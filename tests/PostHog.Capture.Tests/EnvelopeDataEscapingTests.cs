using System.Text;
using System.Text.Json;
using PostHog.Contracts.Events;

namespace PostHog.Capture.Tests;

/// <summary>The envelope's <c>data</c> string must stay byte for byte what capture always wrote (Ingestion and PostHog read it).</summary>
public class EnvelopeDataEscapingTests
{
    private static readonly string[] Pieces = ["a", "Z", "0", " ", "\"", "\\", "\n", "\r", "\t", "\b", "\f", "\u0001", "\u001f", "/", "<", "'", "&", "é", "€", "😀", "\u2028", "\u007f", "{\"k\":\"v\"}"];

    [Fact]
    public void Data_escapes_exactly_quote_backslash_and_control_bytes_at_every_length_and_position()
    {
        var random = new Random(7);
        for (var round = 0; round < 3000; round++)
        {
            var text = new StringBuilder();
            var count = random.Next(0, round % 10 == 0 ? 400 : 40);
            for (var i = 0; i < count; i++) text.Append(Pieces[random.Next(Pieces.Length)]);
            var data = text.ToString();

            var value = ContractsJson.Serialize(Envelope(data));

            Assert.Equal(Expected(Encoding.UTF8.GetBytes(data)), RawData(value));
            Assert.Equal(data, ContractsJson.DeserializeCapturedEvent(value)!.Data);
        }
    }

    private static CapturedEvent Envelope(string data) => new()
    {
        Uuid = Guid.Empty, DistinctId = "d", Ip = "1.2.3.4", Data = data, Now = DateTimeOffset.UnixEpoch, Token = "t", Event = "e",
        Timestamp = DateTimeOffset.UnixEpoch,
    };

    private static string RawData(byte[] envelope)
    {
        var reader = new Utf8JsonReader(envelope);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                return Encoding.UTF8.GetString(reader.ValueSpan);
            }
        }
        throw new InvalidOperationException("no data field");
    }

    /// <summary>The escaping capture has always used, one byte at a time.</summary>
    private static string Expected(byte[] utf8)
    {
        var output = new List<byte>();
        foreach (var b in utf8)
        {
            switch (b)
            {
                case (byte)'"': output.AddRange("\\\""u8.ToArray()); break;
                case (byte)'\\': output.AddRange("\\\\"u8.ToArray()); break;
                case (byte)'\n': output.AddRange("\\n"u8.ToArray()); break;
                case (byte)'\r': output.AddRange("\\r"u8.ToArray()); break;
                case (byte)'\t': output.AddRange("\\t"u8.ToArray()); break;
                case < 0x20: output.AddRange(Encoding.ASCII.GetBytes($"\\u00{b:x2}")); break;
                default: output.Add(b); break;
            }
        }
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
