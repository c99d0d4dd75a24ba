using System.Text.Json.Nodes;
using Npgsql;

namespace PostHog.Web.Auth;

/// <summary>PostHog's UserBasicSerializer (<c>created_by</c>, <c>last_modified_by</c>), read from a joined <c>posthog_user</c> row.</summary>
public static class UserBasic
{
    /// <summary>Columns to select from a user joined as <paramref name="alias"/>, in the order <see cref="Read"/> expects.</summary>
    public static string Columns(string alias) =>
        $"{alias}.id, {alias}.uuid, {alias}.distinct_id, {alias}.first_name, {alias}.last_name, {alias}.email";

    public static JsonObject? Read(NpgsqlDataReader reader, int first) => reader.IsDBNull(first) ? null : new JsonObject
    {
        ["id"] = reader.GetInt64(first),
        ["uuid"] = reader.GetGuid(first + 1).ToString(),
        ["distinct_id"] = reader.IsDBNull(first + 2) ? null : reader.GetString(first + 2),
        ["first_name"] = reader.GetString(first + 3),
        ["last_name"] = reader.GetString(first + 4),
        ["email"] = reader.GetString(first + 5),
        ["is_email_verified"] = true,
        ["hedgehog_config"] = null,
        ["role_at_organization"] = null,
    };
}
