using System.Text.RegularExpressions;

namespace PostHog.Hosting.ApplicationModel;

/// <summary>Aspire's rule for resource names: letters, digits and dashes, starting with a letter.</summary>
public static partial class ResourceNames
{
    public static string Validate(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Length > 64 || !NamePattern().IsMatch(name) || name.EndsWith('-') || name.Contains("--", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Resource name '{name}' is invalid: use ASCII letters, digits and single dashes, start with a letter, at most 64 characters.",
                nameof(name));
        }

        return name;
    }

    /// <summary>The environment-variable prefix of a resource name: upper case, dashes become underscores.</summary>
    public static string ToEnvironmentPrefix(string name) => name.ToUpperInvariant().Replace('-', '_');

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9-]*$")]
    private static partial Regex NamePattern();
}
