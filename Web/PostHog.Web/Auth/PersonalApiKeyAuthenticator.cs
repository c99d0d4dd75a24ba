using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using PostHog.Contracts.Auth;
using PostHog.Web.Api;

namespace PostHog.Web.Auth;

/// <summary>
/// PostHog's personal API key authentication: the first key found in the <c>Authorization: Bearer</c> header, the
/// body's or the query string's <c>personal_api_key</c> is looked up by its SHA-256 hash among active users' keys.
/// <c>last_used_at</c> is written at most once an hour per key, as PostHog does, to keep reads from becoming writes.
/// </summary>
public sealed partial class PersonalApiKeyAuthenticator(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const string ItemKey = "posthog.api.caller";
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromHours(1);

    private const string LookupSql = """
        SELECT k.id, k.scopes, k.scoped_teams, k.scoped_organizations, k.last_used_at,
               u.id, u.uuid, u.email, u.first_name, u.last_name, u.distinct_id, u.is_staff,
               u.current_organization_id, u.current_team_id, u.date_joined
        FROM posthog_personalapikey k JOIN posthog_user u ON u.id = k.user_id
        WHERE k.secure_value = $1
        """;

    public async Task<ApiCaller> AuthenticateAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var cached) && cached is ApiCaller caller) return caller;
        var (key, source) = await FindKeyAsync(context);
        if (key is null) throw ApiError.NotAuthenticated();

        await using var command = dataSource.CreateCommand(LookupSql);
        command.Parameters.Add(new NpgsqlParameter { Value = PersonalApiKey.Hash(key) });
        DateTimeOffset? lastUsed;
        await using (var reader = await command.ExecuteReaderAsync(context.RequestAborted))
        {
            if (!await reader.ReadAsync(context.RequestAborted)) throw ApiError.AuthenticationFailed($"Personal API key found in request {source} is invalid.");
            lastUsed = reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4);
            caller = new ApiCaller(
                UserId: reader.GetInt64(5),
                UserUuid: reader.GetGuid(6),
                Email: reader.GetString(7),
                FirstName: reader.GetString(8),
                LastName: reader.GetString(9),
                DistinctId: reader.IsDBNull(10) ? null : reader.GetString(10),
                IsStaff: reader.GetBoolean(11),
                CurrentOrganizationId: reader.IsDBNull(12) ? null : reader.GetGuid(12),
                CurrentTeamId: reader.IsDBNull(13) ? null : reader.GetInt64(13),
                DateJoined: reader.GetFieldValue<DateTimeOffset>(14),
                KeyId: reader.GetString(0),
                Scopes: reader.IsDBNull(1) ? [] : reader.GetFieldValue<string[]>(1),
                ScopedTeams: reader.IsDBNull(2) ? [] : [.. reader.GetFieldValue<int[]>(2).Select(t => (long)t)],
                ScopedOrganizations: reader.IsDBNull(3) ? [] : reader.GetFieldValue<string[]>(3));
        }

        var now = clock.GetUtcNow();
        if (lastUsed is null || now - lastUsed > LastUsedResolution)
        {
            await using var touch = dataSource.CreateCommand("UPDATE posthog_personalapikey SET last_used_at = $1 WHERE id = $2");
            touch.Parameters.Add(new NpgsqlParameter { Value = now });
            touch.Parameters.Add(new NpgsqlParameter { Value = caller.KeyId });
            await touch.ExecuteNonQueryAsync(context.RequestAborted);
        }

        context.Items[ItemKey] = caller;
        return caller;
    }

    /// <summary>Header first, then body, then query string; only the first candidate is tried.</summary>
    internal static async Task<(string? Key, string Source)> FindKeyAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length > 0 && BearerPattern().Match(header) is { Success: true } match)
        {
            return (match.Groups[1].Value.Trim(), "Authorization header");
        }

        if (context.Request.ContentLength is > 0 || context.Request.HasFormContentType)
        {
            var body = await ApiBody.TryReadAsync(context);
            if (body is not null && body.TryGetPropertyValue("personal_api_key", out var node) && node?.GetValueKind() == JsonValueKind.String)
            {
                return (node.GetValue<string>(), "body");
            }
        }

        return context.Request.Query.TryGetValue("personal_api_key", out var query) && query.Count > 0 && !string.IsNullOrEmpty(query[0])
            ? (query[0], "query string")
            : (null, "");
    }

    [GeneratedRegex(@"^Bearer\s+(\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex BearerPattern();
}
