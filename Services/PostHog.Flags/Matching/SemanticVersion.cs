namespace PostHog.Flags.Matching;

/// <summary>major.minor.patch as PostHog's semver operators read it: leading v stripped, pre-release/build dropped, missing parts 0.</summary>
internal readonly record struct SemanticVersion(long Major, long Minor, long Patch) : IComparable<SemanticVersion>
{
    public int CompareTo(SemanticVersion other)
    {
        var c = Major.CompareTo(other.Major);
        if (c != 0) return c;
        c = Minor.CompareTo(other.Minor);
        return c != 0 ? c : Patch.CompareTo(other.Patch);
    }

    public static bool operator <(SemanticVersion a, SemanticVersion b) => a.CompareTo(b) < 0;
    public static bool operator >(SemanticVersion a, SemanticVersion b) => a.CompareTo(b) > 0;
    public static bool operator <=(SemanticVersion a, SemanticVersion b) => a.CompareTo(b) <= 0;
    public static bool operator >=(SemanticVersion a, SemanticVersion b) => a.CompareTo(b) >= 0;

    public static bool TryParse(string? text, out SemanticVersion version)
    {
        version = default;
        if (text is null) return false;
        var span = text.AsSpan().Trim();
        if (span.Length > 0 && (span[0] == 'v' || span[0] == 'V')) span = span[1..];
        var cut = span.IndexOfAny('-', '+');
        if (cut >= 0) span = span[..cut];
        Span<long> parts = stackalloc long[3];
        var count = 0;
        while (true)
        {
            var dot = span.IndexOf('.');
            var part = dot >= 0 ? span[..dot] : span;
            if (count == 3 || !TryParsePart(part, out parts[count])) return false;
            count++;
            if (dot < 0) break;
            span = span[(dot + 1)..];
        }
        version = new SemanticVersion(parts[0], count > 1 ? parts[1] : 0, count > 2 ? parts[2] : 0);
        return true;
    }

    private static bool TryParsePart(ReadOnlySpan<char> part, out long value)
    {
        value = 0;
        if (part.IsEmpty || part.Length > 18 || (part.Length > 1 && part[0] == '0')) return false;
        foreach (var ch in part)
        {
            if (ch is < '0' or > '9') return false;
            value = value * 10 + (ch - '0');
        }
        return true;
    }
}

/// <summary>A half-open version interval [Lower, Upper) for ~, ^ and wildcard operators; Upper null = unbounded.</summary>
internal readonly record struct SemanticVersionRange(SemanticVersion Lower, SemanticVersion? Upper)
{
    public bool Contains(SemanticVersion version) => version >= Lower && (Upper is not { } upper || version < upper);

    public static bool TryTilde(string text, out SemanticVersionRange range)
    {
        range = default;
        if (!SemanticVersion.TryParse(text.Trim().TrimStart('~'), out var v)) return false;
        range = new(v, new SemanticVersion(v.Major, v.Minor + 1, 0));
        return true;
    }

    public static bool TryCaret(string text, out SemanticVersionRange range)
    {
        range = default;
        if (!SemanticVersion.TryParse(text.Trim().TrimStart('^'), out var v)) return false;
        var upper = v.Major > 0 ? new SemanticVersion(v.Major + 1, 0, 0)
            : v.Minor > 0 ? new SemanticVersion(0, v.Minor + 1, 0)
            : new SemanticVersion(0, 0, v.Patch + 1);
        range = new(v, upper);
        return true;
    }

    /// <summary>"1.2.*" = [1.2.0, 1.3.0), "1.*" = [1.0.0, 2.0.0), "*" = everything.</summary>
    public static bool TryWildcard(string text, out SemanticVersionRange range)
    {
        range = default;
        var trimmed = text.Trim();
        if (trimmed is "*" or "x" or "X")
        {
            range = new(new SemanticVersion(0, 0, 0), null);
            return true;
        }
        var star = trimmed.IndexOfAny(['*', 'x', 'X']);
        if (star <= 1 || trimmed[star - 1] != '.') return false;
        if (!SemanticVersion.TryParse(trimmed[..(star - 1)], out var v)) return false;
        var prefixParts = trimmed[..(star - 1)].TrimStart('v', 'V').Split('.').Length;
        range = prefixParts switch
        {
            1 => new(new SemanticVersion(v.Major, 0, 0), new SemanticVersion(v.Major + 1, 0, 0)),
            2 => new(new SemanticVersion(v.Major, v.Minor, 0), new SemanticVersion(v.Major, v.Minor + 1, 0)),
            _ => default,
        };
        return prefixParts is 1 or 2;
    }
}
