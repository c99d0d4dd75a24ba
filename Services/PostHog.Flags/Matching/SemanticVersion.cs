namespace PostHog.Flags.Matching;

/// <summary>
/// A version as the flags service reads it: leading <c>v</c> stripped, missing minor/patch padded with 0, leading zeros
/// dropped ("3.08" = 3.8.0), pre-release kept for ordering (1.2.0-beta &lt; 1.2.0), build metadata ignored.
/// </summary>
internal readonly record struct SemanticVersion(long Major, long Minor, long Patch, string? PreRelease) : IComparable<SemanticVersion>
{
    public int CompareTo(SemanticVersion other)
    {
        var c = Major.CompareTo(other.Major);
        if (c == 0) c = Minor.CompareTo(other.Minor);
        if (c == 0) c = Patch.CompareTo(other.Patch);
        return c != 0 ? c : ComparePreRelease(PreRelease, other.PreRelease);
    }

    public bool SameCore(SemanticVersion other) => Major == other.Major && Minor == other.Minor && Patch == other.Patch;

    public static bool operator <(SemanticVersion a, SemanticVersion b) => a.CompareTo(b) < 0;
    public static bool operator >(SemanticVersion a, SemanticVersion b) => a.CompareTo(b) > 0;
    public static bool operator <=(SemanticVersion a, SemanticVersion b) => a.CompareTo(b) <= 0;
    public static bool operator >=(SemanticVersion a, SemanticVersion b) => a.CompareTo(b) >= 0;

    public static bool TryParse(string? text, out SemanticVersion version)
    {
        version = default;
        if (text is null) return false;
        var span = text.AsSpan();
        if (span.Length > 0 && span[0] == 'v') span = span[1..];
        span = span.Trim();
        string? preRelease = null;
        var cut = span.IndexOfAny('-', '+');
        if (cut >= 0)
        {
            if (span[cut] == '-')
            {
                var pre = span[(cut + 1)..];
                var plus = pre.IndexOf('+');
                if (plus >= 0) pre = pre[..plus];
                if (!ValidPreRelease(pre)) return false;
                preRelease = pre.ToString();
            }
            span = span[..cut];
        }
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
        version = new SemanticVersion(parts[0], count > 1 ? parts[1] : 0, count > 2 ? parts[2] : 0, preRelease);
        return true;
    }

    private static bool TryParsePart(ReadOnlySpan<char> part, out long value)
    {
        value = 0;
        part = part.TrimStart('0');
        if (part.Length > 18) return false;
        foreach (var ch in part)
        {
            if (ch is < '0' or > '9') return false;
            value = value * 10 + (ch - '0');
        }
        return true;
    }

    private static bool ValidPreRelease(ReadOnlySpan<char> pre)
    {
        if (pre.IsEmpty) return false;
        foreach (var identifier in pre.ToString().Split('.'))
        {
            if (identifier.Length == 0) return false;
            foreach (var ch in identifier)
                if (!char.IsAsciiLetterOrDigit(ch) && ch != '-') return false;
        }
        return true;
    }

    /// <summary>SemVer precedence: no pre-release ranks above any; identifiers compare numerically or ordinally, numeric first.</summary>
    private static int ComparePreRelease(string? a, string? b)
    {
        if (a is null || b is null) return a is null ? (b is null ? 0 : 1) : -1;
        var left = a.Split('.');
        var right = b.Split('.');
        for (var i = 0; i < Math.Min(left.Length, right.Length); i++)
        {
            var leftNumeric = long.TryParse(left[i], out var l);
            var rightNumeric = long.TryParse(right[i], out var r);
            var c = leftNumeric && rightNumeric ? l.CompareTo(r)
                : leftNumeric ? -1
                : rightNumeric ? 1
                : string.CompareOrdinal(left[i], right[i]);
            if (c != 0) return c;
        }
        return left.Length.CompareTo(right.Length);
    }
}

/// <summary>A half-open version interval [Lower, Upper) for ~, ^ and wildcard operators; Upper null = unbounded.</summary>
internal readonly record struct SemanticVersionRange(SemanticVersion Lower, SemanticVersion? Upper)
{
    /// <summary>Like the semver crate: a pre-release only matches a range whose lower bound is a pre-release of the same version.</summary>
    public bool Contains(SemanticVersion version)
    {
        if (version.PreRelease is not null && (Lower.PreRelease is null || !Lower.SameCore(version))) return false;
        return version >= Lower && (Upper is not { } upper || version < upper);
    }

    public static bool TryTilde(string text, out SemanticVersionRange range)
    {
        range = default;
        if (!SemanticVersion.TryParse(text.Trim().TrimStart('~'), out var v)) return false;
        range = new(v, new SemanticVersion(v.Major, v.Minor + 1, 0, null));
        return true;
    }

    public static bool TryCaret(string text, out SemanticVersionRange range)
    {
        range = default;
        if (!SemanticVersion.TryParse(text.Trim().TrimStart('^'), out var v)) return false;
        var upper = v.Major > 0 ? new SemanticVersion(v.Major + 1, 0, 0, null)
            : v.Minor > 0 ? new SemanticVersion(0, v.Minor + 1, 0, null)
            : new SemanticVersion(0, 0, v.Patch + 1, null);
        range = new(v, upper);
        return true;
    }

    /// <summary>"1.2.*" = [1.2.0, 1.3.0), "1.*" and "1.*.*" = [1.0.0, 2.0.0), "*" = everything; no wildcard = caret (semver's default).</summary>
    public static bool TryWildcard(string text, out SemanticVersionRange range)
    {
        range = default;
        var trimmed = text.Trim();
        if (trimmed.StartsWith('v')) trimmed = trimmed[1..];
        var parts = trimmed.Split('.');
        if (parts.Length > 3) return false;
        var fixedParts = 0;
        while (fixedParts < parts.Length && !IsWildcard(parts[fixedParts])) fixedParts++;
        for (var i = fixedParts; i < parts.Length; i++)
            if (!IsWildcard(parts[i])) return false;
        if (fixedParts == parts.Length) return TryCaret(trimmed, out range);
        if (fixedParts == 0)
        {
            range = new(new SemanticVersion(0, 0, 0, null), null);
            return true;
        }
        if (!SemanticVersion.TryParse(string.Join('.', parts, 0, fixedParts), out var v) || v.PreRelease is not null) return false;
        range = fixedParts == 1
            ? new(new SemanticVersion(v.Major, 0, 0, null), new SemanticVersion(v.Major + 1, 0, 0, null))
            : new(new SemanticVersion(v.Major, v.Minor, 0, null), new SemanticVersion(v.Major, v.Minor + 1, 0, null));
        return true;
    }

    private static bool IsWildcard(string part) => part is "*" or "x" or "X";
}
