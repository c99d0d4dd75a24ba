namespace PostHog.Decide;

/// <summary>A rejected request, answered as DRF-style JSON <c>{type, code, detail, attr}</c> (never a 500).</summary>
public sealed record DecideError(int Status, string Type, string Code, string Detail)
{
    public static DecideError MissingToken() => new(401, "authentication_error", "no_api_key",
        "API key not provided. You can find your project API key in PostHog project settings.");
    public static DecideError InvalidToken() => new(401, "authentication_error", "invalid_api_key",
        "Project API key invalid. You can find your project API key in PostHog project settings.");
    public static DecideError MissingDistinctId() => new(400, "validation_error", "missing_distinct_id", "Decide requires a distinct_id.");
    public static DecideError Malformed(string detail) => new(400, "validation_error", "malformed_data", detail);
    public static DecideError TooLarge(string detail) => new(413, "validation_error", "payload_too_large", detail);
    public static DecideError NotAuthenticated() => new(401, "authentication_error", "not_authenticated", "Authentication credentials were not provided.");
    public static DecideError AuthenticationFailed(string detail) => new(401, "authentication_error", "authentication_failed", detail);
    public static DecideError PermissionDenied(string detail) => new(403, "authentication_error", "permission_denied", detail);
    public static DecideError Unavailable(string detail) => new(503, "server_error", "service_unavailable", detail);

    public IResult ToResult() => Results.Json(new { type = Type, code = Code, detail = Detail, attr = (string?)null }, statusCode: Status);
}

/// <summary>Carries a <see cref="DecideError"/> from any step to the endpoint.</summary>
public sealed class DecideException(DecideError error) : Exception(error.Detail)
{
    public DecideError Error { get; } = error;
}
