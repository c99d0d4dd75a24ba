namespace PostHog.Hosting.Logging;

/// <summary>Replaces every known secret value (secret parameters, generated passwords) with <c>***</c> in anything printed.</summary>
public sealed class SecretMasker
{
    public const string Placeholder = "***";

    private readonly Lock _gate = new();
    private string[] _secrets = [];

    /// <summary>Registers a value to hide; values shorter than 4 characters are ignored (they would mask ordinary text).</summary>
    public void Add(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < 4)
        {
            return;
        }

        lock (_gate)
        {
            if (!_secrets.Contains(secret, StringComparer.Ordinal))
            {
                // Longest first, so a secret containing another is masked whole.
                _secrets = [.. _secrets.Append(secret).OrderByDescending(s => s.Length)];
            }
        }
    }

    public string Mask(string text)
    {
        var secrets = _secrets;
        foreach (var secret in secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Placeholder, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
