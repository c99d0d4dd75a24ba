namespace PostHog.Hosting.ApplicationModel;

/// <summary>A value known only at run time (an allocated port, a generated password).</summary>
public interface IValueProvider
{
    ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default);
}

/// <summary>How the value is written in the publisher manifest, e.g. <c>{postgres.bindings.tcp.port}</c>.</summary>
public interface IManifestExpressionProvider
{
    string ValueExpression { get; }
}
