namespace PostHog.Web.Cohorts;

/// <summary>
/// PostHog's static-cohort CSV upload (<c>csv</c> file field): one person per row. A header row names the column —
/// <c>person_id</c>, <c>distinct_id</c> or <c>email</c> (also <c>person-id</c>, <c>distinct-id</c>, <c>e-mail</c>); without
/// one, the first column holds distinct ids or emails, as PostHog's legacy upload reads it.
/// </summary>
public static class CohortCsv
{
    public static (CohortStore.MemberKind Kind, List<string> Values) Parse(string text)
    {
        var rows = text.Split('\n').Select(line => Cells(line.TrimEnd('\r'))).Where(cells => cells.Count > 0 && cells.Any(c => c.Length > 0)).ToList();
        if (rows.Count == 0) return (CohortStore.MemberKind.DistinctIdOrEmail, []);
        var header = rows[0].Select(c => c.Trim().ToLowerInvariant()).ToList();
        (int Column, CohortStore.MemberKind Kind)? named = null;
        for (var i = 0; i < header.Count && named is null; i++)
        {
            named = header[i] switch
            {
                "person_id" or "person-id" or "person.id" or "person id" => (i, CohortStore.MemberKind.PersonUuid),
                "distinct_id" or "distinct-id" or "distinct id" => (i, CohortStore.MemberKind.DistinctId),
                "email" or "e-mail" => (i, CohortStore.MemberKind.Email),
                _ => null,
            };
        }

        var (column, kind) = named ?? (0, CohortStore.MemberKind.DistinctIdOrEmail);
        var values = rows.Skip(named is null ? 0 : 1)
            .Select(cells => column < cells.Count ? cells[column].Trim() : "")
            .Where(v => v.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return (kind, values);
    }

    /// <summary>One CSV line's cells: commas separate, double quotes enclose (a doubled quote is a quote).</summary>
    private static List<string> Cells(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }

        cells.Add(cell.ToString());
        return cells;
    }
}
