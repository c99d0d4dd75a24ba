namespace PostHog.Web.Auth;

/// <summary>
/// Personal API key scopes as PostHog checks them: <c>*</c> allows everything, <c>object:write</c> includes
/// <c>object:read</c>, and a key without scopes (made before scopes existed) counts as <c>*</c>.
/// </summary>
public static class ApiScopes
{
    public static string For(string scopeObject, string method) =>
        $"{scopeObject}:{(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) ? "read" : "write")}";

    public static bool Allows(IReadOnlyList<string> scopes, string required)
    {
        if (scopes.Count == 0 || scopes.Contains("*")) return true;
        if (scopes.Contains(required)) return true;
        return required.EndsWith(":read", StringComparison.Ordinal) && scopes.Contains(required[..^":read".Length] + ":write");
    }

    /// <summary>403 unless the key carries the scope <paramref name="scopeObject"/> needs for this request's method.</summary>
    public static void Require(ApiCaller caller, string scopeObject, string method)
    {
        var required = For(scopeObject, method);
        if (!Allows(caller.Scopes, required)) throw Api.ApiError.PermissionDenied($"API key missing required scope '{required}'");
    }
}
