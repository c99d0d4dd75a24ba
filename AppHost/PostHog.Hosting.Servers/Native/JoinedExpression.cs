using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Servers.Native;

/// <summary>
/// A variable-length list of deferred values joined by a separator (every node's address in a cluster's connection
/// string); ReferenceExpression.Create only takes a fixed number of holes.
/// </summary>
public sealed class JoinedExpression(string separator, IReadOnlyList<ReferenceExpression> items) : IValueProvider, IManifestExpressionProvider
{
    public IReadOnlyList<ReferenceExpression> Items { get; } = items;

    public string ValueExpression => string.Join(separator, Items.Select(i => i.ValueExpression));

    public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default)
    {
        var values = new List<string>(Items.Count);
        foreach (var item in Items)
        {
            values.Add(await item.GetValueAsync(cancellationToken).ConfigureAwait(false) ?? string.Empty);
        }

        return string.Join(separator, values);
    }
}
