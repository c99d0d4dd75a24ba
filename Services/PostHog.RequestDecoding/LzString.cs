using System.Text;

namespace PostHog.RequestDecoding;

/// <summary>
/// lz-string's <c>decompressFromBase64</c> ("lz64"), as old posthog-js sent it. No package on the feed provides it;
/// the output is capped so a hostile input cannot grow the dictionary without bound.
/// </summary>
public static class LzString
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
    private static readonly sbyte[] AlphabetIndex = BuildIndex();

    /// <summary>Decompresses; returns null for a corrupt stream, throws <see cref="RequestDecodingException"/> (413) past <paramref name="maxChars"/>.</summary>
    public static string? DecompressFromBase64(string input, int maxChars)
    {
        if (input.Length == 0) return null;
        foreach (var ch in input)
        {
            if (ch >= 128 || AlphabetIndex[ch] < 0) return null;
        }
        return Decompress(new SixBitReader(input), maxChars);
    }

    private static string? Decompress(SixBitReader data, int maxChars)
    {
        var dictionary = new List<string> { "", "", "" };
        var enlargeIn = 4;
        var numBits = 3;

        string c;
        switch (data.ReadBits(2))
        {
            case 0: c = ((char)data.ReadBits(8)).ToString(); break;
            case 1: c = ((char)data.ReadBits(16)).ToString(); break;
            case 2: return "";
            default: return null;
        }
        dictionary.Add(c);
        var w = c;
        var result = new StringBuilder(c);

        while (true)
        {
            if (data.Exhausted) return "";
            var code = data.ReadBits(numBits);
            switch (code)
            {
                case 0:
                    dictionary.Add(((char)data.ReadBits(8)).ToString());
                    code = dictionary.Count - 1;
                    enlargeIn--;
                    break;
                case 1:
                    dictionary.Add(((char)data.ReadBits(16)).ToString());
                    code = dictionary.Count - 1;
                    enlargeIn--;
                    break;
                case 2:
                    return result.ToString();
            }
            if (enlargeIn == 0)
            {
                enlargeIn = 1 << numBits;
                numBits++;
            }

            string entry;
            if (code < dictionary.Count && code >= 3) entry = dictionary[code];
            else if (code == dictionary.Count) entry = w + w[0];
            else return null;

            if (result.Length + entry.Length > maxChars)
            {
                throw RequestDecodingException.TooLarge("decompressed lz-string payload exceeds the limit");
            }
            result.Append(entry);
            dictionary.Add(w + entry[0]);
            enlargeIn--;
            w = entry;
            if (enlargeIn == 0)
            {
                enlargeIn = 1 << numBits;
                numBits++;
            }
        }
    }

    private static sbyte[] BuildIndex()
    {
        var index = new sbyte[128];
        Array.Fill(index, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++) index[Alphabet[i]] = (sbyte)i;
        return index;
    }

    /// <summary>Reads bits high-first from 6-bit base64 digits; past the end it reads zeros, as the JS original does.</summary>
    private sealed class SixBitReader(string input)
    {
        private int _value = AlphabetIndex[input[0]];
        private int _position = 32;
        private int _index = 1;

        public bool Exhausted => _index > input.Length;

        public int ReadBits(int count)
        {
            var bits = 0;
            for (var power = 0; power < count; power++)
            {
                var bit = _value & _position;
                _position >>= 1;
                if (_position == 0)
                {
                    _position = 32;
                    _value = _index < input.Length ? AlphabetIndex[input[_index]] : 0;
                    _index++;
                }
                if (bit > 0) bits |= 1 << power;
            }
            return bits;
        }
    }
}
