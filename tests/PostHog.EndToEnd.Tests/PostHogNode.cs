using System.Text.Json;

namespace PostHog.EndToEnd.Tests;

/// <summary>
/// Calls for <c>sdk/posthog-node.mjs</c>, the posthog-node driver: each becomes <c>client[method](args)</c> in
/// order. Run them with <see cref="SystemFixture.RunPostHogNodeAsync"/>. Argument names are posthog-node's own.
/// </summary>
public static class PostHogNode
{
    public sealed record Call(string Method, object Args);

    public static Call Capture(string distinctId, string eventName, object? properties = null, object? groups = null, Guid? uuid = null) =>
        new("capture", Args(("distinctId", distinctId), ("event", eventName), ("properties", properties), ("groups", groups), ("uuid", uuid?.ToString("D"))));

    /// <summary><c>properties</c> may hold <c>$set</c>, <c>$set_once</c> and <c>$anon_distinct_id</c> (posthog-node's identify shape).</summary>
    public static Call Identify(string distinctId, object properties) =>
        new("identify", Args(("distinctId", distinctId), ("properties", properties)));

    public static Call Alias(string distinctId, string alias) =>
        new("alias", Args(("distinctId", distinctId), ("alias", alias)));

    public static Call GroupIdentify(string groupType, string groupKey, object properties, string? distinctId = null) =>
        new("groupIdentify", Args(("groupType", groupType), ("groupKey", groupKey), ("properties", properties), ("distinctId", distinctId)));

    /// <summary>The one JSON argument of the driver script.</summary>
    public static string Plan(string host, string token, IEnumerable<Call> calls, object? options = null) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["host"] = host,
            ["token"] = token,
            ["options"] = options,
            ["calls"] = calls.Select(call => new Dictionary<string, object> { ["method"] = call.Method, ["args"] = call.Args }).ToArray(),
        });

    private static Dictionary<string, object> Args(params (string Name, object? Value)[] values) =>
        values.Where(v => v.Value is not null).ToDictionary(v => v.Name, v => v.Value!);
}
