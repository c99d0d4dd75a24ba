using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace PostHog.Web.Api;

/// <summary>DRF's LimitOffsetPagination: <c>?limit&amp;offset</c>, answered as <c>{count, next, previous, results}</c>.</summary>
public readonly record struct Page(int Limit, int Offset)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>Unparseable or negative values fall back to the defaults, as DRF does.</summary>
    public static Page From(HttpRequest request)
    {
        static int Read(HttpRequest request, string name, int fallback) =>
            int.TryParse(request.Query[name].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;
        var limit = Read(request, "limit", DefaultLimit);
        return new Page(limit <= 0 ? DefaultLimit : Math.Min(limit, MaxLimit), Read(request, "offset", 0));
    }

    public JsonObject ToJson(HttpRequest request, long count, JsonArray results) => new()
    {
        ["count"] = count,
        ["next"] = Offset + Limit < count ? Link(request, Offset + Limit) : null,
        ["previous"] = Offset <= 0 ? null : Link(request, Math.Max(0, Offset - Limit)),
        ["results"] = results,
    };

    private string Link(HttpRequest request, int offset)
    {
        var query = QueryHelpers.ParseQuery(request.QueryString.Value);
        query["limit"] = Limit.ToString(CultureInfo.InvariantCulture);
        query["offset"] = offset.ToString(CultureInfo.InvariantCulture);
        var builder = new QueryBuilder(query.SelectMany(pair => pair.Value.Select(v => new KeyValuePair<string, string>(pair.Key, v ?? ""))));
        return UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, request.Path, builder.ToQueryString());
    }
}
