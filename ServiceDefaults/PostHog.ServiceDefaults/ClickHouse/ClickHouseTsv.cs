using System.Text;

namespace PostHog.ServiceDefaults.ClickHouse;

/// <summary>Reads one line of ClickHouse's TabSeparated output (its escapes; <c>\N</c> is NULL).</summary>
public static class ClickHouseTsv
{
    public static string?[] ParseLine(string line)
    {
        var fields = new List<string?>();
        var field = new StringBuilder();
        var isNull = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\t')
            {
                fields.Add(isNull ? null : field.ToString());
                field.Clear();
                isNull = false;
            }
            else if (c == '\\' && i + 1 < line.Length)
            {
                var escaped = line[++i];
                if (escaped == 'N' && field.Length == 0)
                {
                    isNull = true;
                    continue;
                }

                field.Append(escaped switch
                {
                    'b' => '\b',
                    'f' => '\f',
                    'r' => '\r',
                    'n' => '\n',
                    't' => '\t',
                    '0' => '\0',
                    'a' => '\a',
                    'v' => '\v',
                    _ => escaped,
                });
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(isNull ? null : field.ToString());
        return fields.ToArray();
    }
}
