namespace PostHog.RequestDecoding;

/// <summary>
/// PostHog's deliberately permissive CORS: the Origin and requested headers are mirrored and credentials allowed,
/// on every answer including errors, so browsers can read the status and posthog-js can decide to retry.
/// </summary>
public sealed class SdkCors : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        Apply(context.HttpContext);
        return next(context);
    }

    public static void Apply(HttpContext context)
    {
        var request = context.Request.Headers;
        var response = context.Response.Headers;
        var origin = request.Origin.ToString();
        response.AccessControlAllowOrigin = string.IsNullOrEmpty(origin) ? "*" : origin;
        response.AccessControlAllowCredentials = "true";
        response.AccessControlAllowMethods = "GET, POST, OPTIONS";
        var requested = request.AccessControlRequestHeaders.ToString();
        response.AccessControlAllowHeaders = string.IsNullOrEmpty(requested) ? "*" : requested;
        response.AccessControlMaxAge = "600";
        response.Vary = "Origin";
    }
}
