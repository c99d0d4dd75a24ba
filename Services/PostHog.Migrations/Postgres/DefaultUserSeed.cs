using Microsoft.Extensions.Logging;
using Npgsql;
using PostHog.Contracts.Auth;

namespace PostHog.Migrations.Postgres;

/// <summary>
/// Local development: a default user (owner of the default organization, current team 1) and a personal API key
/// taken from <c>POSTHOG_DEFAULT_PERSONAL_API_KEY</c>, which the AppHost generates and prints, so server SDKs can use
/// local evaluation and scripts can call the REST API at once. Without that setting nothing is seeded.
/// </summary>
public sealed class DefaultUserSeed(NpgsqlDataSource dataSource, ILogger<DefaultUserSeed> logger)
{
    public const string KeySetting = "POSTHOG_DEFAULT_PERSONAL_API_KEY";
    public const string Email = "admin@localhost";
    public const string KeyId = "default";

    private const string Sql = """
        INSERT INTO posthog_user (uuid, email, first_name, distinct_id, current_organization_id, current_team_id)
        SELECT @uuid, @email, 'Admin', @distinct_id, organization_id, id FROM posthog_team WHERE id = @team
        ON CONFLICT (email) DO NOTHING;

        INSERT INTO posthog_organizationmembership (id, organization_id, user_id, level)
        SELECT @membership, u.current_organization_id, u.id, 15 FROM posthog_user u WHERE u.email = @email
        ON CONFLICT (organization_id, user_id) DO NOTHING;

        INSERT INTO posthog_personalapikey (id, user_id, label, secure_value, mask_value, scopes)
        SELECT @key_id, u.id, 'Development', @secure_value, @mask_value, ARRAY['*'] FROM posthog_user u WHERE u.email = @email
        ON CONFLICT (id) DO UPDATE SET secure_value = EXCLUDED.secure_value, mask_value = EXCLUDED.mask_value;
        """;

    public async Task SeedAsync(string? configuredKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(configuredKey)) return;
        var key = configuredKey.Trim();
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.AddWithValue("uuid", Guid.CreateVersion7());
        command.Parameters.AddWithValue("membership", Guid.CreateVersion7());
        command.Parameters.AddWithValue("email", Email);
        command.Parameters.AddWithValue("distinct_id", Guid.CreateVersion7().ToString());
        command.Parameters.AddWithValue("team", DefaultProjectSeed.DefaultTeamId);
        command.Parameters.AddWithValue("key_id", KeyId);
        command.Parameters.AddWithValue("secure_value", PersonalApiKey.Hash(key));
        command.Parameters.AddWithValue("mask_value", PersonalApiKey.Mask(key));
        await command.ExecuteNonQueryAsync(cancellationToken);
        logger.LogInformation("Default user {Email} has personal API key {Mask}", Email, PersonalApiKey.Mask(key));
    }
}
