using System.Runtime.CompilerServices;
using System.Text;

namespace PostHog.Hosting.ApplicationModel;

/// <summary>
/// A string with deferred holes, written as an interpolated string:
/// <c>ReferenceExpression.Create($"Host={endpoint.Property(EndpointProperty.Host)};Password={password}")</c>.
/// Run mode resolves the holes to live values; publish mode renders them as manifest placeholders.
/// </summary>
public sealed class ReferenceExpression : IValueProvider, IManifestExpressionProvider
{
    private readonly string[] _literals;
    private readonly object[] _holes;

    private ReferenceExpression(string[] literals, object[] holes)
    {
        _literals = literals;
        _holes = holes;
    }

    /// <summary>The value providers inside this expression (used to record references).</summary>
    public IReadOnlyList<object> ValueProviders => _holes;

    public string ValueExpression
    {
        get
        {
            var sb = new StringBuilder();
            for (var i = 0; i < _literals.Length; i++)
            {
                sb.Append(_literals[i]);
                if (i < _holes.Length)
                {
                    sb.Append(_holes[i] switch
                    {
                        IManifestExpressionProvider p => p.ValueExpression,
                        var other => other.ToString(),
                    });
                }
            }

            return sb.ToString();
        }
    }

    public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < _literals.Length; i++)
        {
            sb.Append(_literals[i]);
            if (i < _holes.Length)
            {
                sb.Append(_holes[i] switch
                {
                    IValueProvider p => await p.GetValueAsync(cancellationToken).ConfigureAwait(false),
                    var other => other.ToString(),
                });
            }
        }

        return sb.ToString();
    }

    public static ReferenceExpression Create(in ExpressionInterpolatedStringHandler handler) => handler.Build();

    public override string ToString() => ValueExpression;

    [InterpolatedStringHandler]
    public ref struct ExpressionInterpolatedStringHandler
    {
        private readonly List<string> _literals;
        private readonly List<object> _holes;
        private readonly StringBuilder _pending;

        public ExpressionInterpolatedStringHandler(int literalLength, int formattedCount)
        {
            _literals = new List<string>(formattedCount + 1);
            _holes = new List<object>(formattedCount);
            _pending = new StringBuilder(literalLength);
        }

        public void AppendLiteral(string value) => _pending.Append(value);

        public void AppendFormatted(string? value) => _pending.Append(value);

        public void AppendFormatted(int value) => _pending.Append(value);

        public void AppendFormatted<T>(T value)
        {
            if (value is IValueProvider or IManifestExpressionProvider)
            {
                _literals.Add(_pending.ToString());
                _pending.Clear();
                _holes.Add(value);
            }
            else
            {
                _pending.Append(value);
            }
        }

        internal readonly ReferenceExpression Build()
        {
            var literals = new List<string>(_literals) { _pending.ToString() };
            return new ReferenceExpression([.. literals], [.. _holes]);
        }
    }
}
