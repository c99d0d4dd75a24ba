using System.Text.Json.Nodes;

namespace PostHog.Web.Api;

/// <summary>
/// An error answered in DRF's (exceptions_hog) JSON shape, <c>{type, code, detail, attr}</c>, which PostHog's clients
/// and scripts parse. Thrown anywhere in a request; <see cref="ApiErrorMiddleware"/> writes it.
/// </summary>
public sealed class ApiError(int status, string type, string code, string detail, string? attr = null) : Exception(detail)
{
    public int Status { get; } = status;
    public string Type { get; } = type;
    public string Code { get; } = code;
    public string Detail { get; } = detail;
    public string? Attr { get; } = attr;

    public JsonObject ToJson() => new() { ["type"] = Type, ["code"] = Code, ["detail"] = Detail, ["attr"] = Attr };

    public static ApiError Validation(string detail, string? attr = null, string code = "invalid_input") =>
        new(StatusCodes.Status400BadRequest, "validation_error", code, detail, attr);

    public static ApiError Required(string attr) => Validation("This field is required.", attr, "required");

    public static ApiError NotAuthenticated() =>
        new(StatusCodes.Status401Unauthorized, "authentication_error", "not_authenticated", "Authentication credentials were not provided.");

    public static ApiError AuthenticationFailed(string detail) =>
        new(StatusCodes.Status401Unauthorized, "authentication_error", "authentication_failed", detail);

    public static ApiError PermissionDenied(string detail = "You do not have permission to perform this action.") =>
        new(StatusCodes.Status403Forbidden, "authentication_error", "permission_denied", detail);

    public static ApiError NotFound() => new(StatusCodes.Status404NotFound, "invalid_request", "not_found", "Not found.");

    public static ApiError ParseError(string detail) => new(StatusCodes.Status400BadRequest, "invalid_request", "parse_error", detail);

    public static ApiError Conflict(string detail) => new(StatusCodes.Status409Conflict, "invalid_request", "conflict", detail);

    public static ApiError UnsupportedMediaType(string? contentType) =>
        new(StatusCodes.Status415UnsupportedMediaType, "invalid_request", "unsupported_media_type", $"Unsupported media type \"{contentType}\" in request.");
}
