using System.Net;

namespace PostHog.EndToEnd.Tests;

/// <summary>What the other end-to-end tests rely on: the fixture's values are real and reachable.</summary>
[Collection(SystemCollection.Name)]
[Trait("Category", "Integration")]
[Trait("Category", "Slow")]
public sealed class SystemFixtureTests(SystemFixture system)
{
    [Fact]
    public async Task Token_key_team_ClickHouse_and_ingress_are_live()
    {
        Assert.Matches("^phc_[A-Za-z0-9]{43}$", system.ProjectToken);
        Assert.Matches("^phx_[A-Za-z0-9]{47}$", system.PersonalApiKey);
        Assert.Matches(@"^http://127\.0\.0\.1:\d+$", system.IngressUrl);

        await using (var connection = await system.OpenPostgresAsync())
        await using (var command = new Npgsql.NpgsqlCommand("SELECT api_token FROM posthog_team WHERE id = @id", connection))
        {
            command.Parameters.AddWithValue("id", system.TeamId);
            Assert.Equal(system.ProjectToken, await command.ExecuteScalarAsync());
        }

        Assert.Equal("1", await system.ClickHouse.Client.QueryScalarAsync("SELECT 1"));

        using var http = new HttpClient();
        using var options = new HttpRequestMessage(HttpMethod.Options, system.IngressUrl + "/batch/");
        options.Headers.Add("Origin", "http://example.test");
        options.Headers.Add("Access-Control-Request-Method", "POST");
        using var preflight = await http.SendAsync(options);
        Assert.Equal(HttpStatusCode.OK, preflight.StatusCode);
    }
}
