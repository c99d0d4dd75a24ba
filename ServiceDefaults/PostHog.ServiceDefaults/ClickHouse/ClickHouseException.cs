using System.Net;
using System.Text.RegularExpressions;

namespace PostHog.ServiceDefaults.ClickHouse;

/// <summary>An error ClickHouse reported (<see cref="Code"/> is its numeric error code) or a failure to reach any node.</summary>
public sealed partial class ClickHouseException : Exception
{
    public ClickHouseException(string message, int? code = null, HttpStatusCode? statusCode = null, Uri? endpoint = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        StatusCode = statusCode;
        Endpoint = endpoint;
    }

    /// <summary>ClickHouse's error code (62 syntax error, 60 unknown table, 242 table is read-only, …); null when no node answered.</summary>
    public int? Code { get; }

    public HttpStatusCode? StatusCode { get; }

    public Uri? Endpoint { get; }

    /// <summary>
    /// Reads <c>Code: 62, e.displayText() = DB::Exception: …</c> (18.16) or <c>Code: 62. DB::Exception: … (SYNTAX_ERROR)</c>
    /// (current versions); null when the text is not a ClickHouse error.
    /// </summary>
    public static ClickHouseException? FromResponseText(string text, HttpStatusCode? statusCode = null, Uri? endpoint = null)
    {
        var match = ErrorText().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var message = match.Groups["message"].Value.Trim();
        // 18.16 repeats the exception class at the end ("…, e.what() = DB::Exception").
        var what = message.LastIndexOf(", e.what() = ", StringComparison.Ordinal);
        if (what > 0)
        {
            message = message[..what];
        }

        return new ClickHouseException(message, int.Parse(match.Groups["code"].Value, System.Globalization.CultureInfo.InvariantCulture), statusCode, endpoint);
    }

    [GeneratedRegex(@"Code:\s*(?<code>\d+)[,.]\s*(?:e\.displayText\(\)\s*=\s*)?(?<message>.*)", RegexOptions.Singleline)]
    private static partial Regex ErrorText();
}
