using PostHog.ServiceDefaults.ClickHouse;

namespace PostHog.ServiceDefaults.Tests.ClickHouse;

public sealed class ClickHouseConnectionStringTests
{
    [Fact]
    public void Parses_the_AppHost_form_with_every_node()
    {
        var parsed = ClickHouseConnectionString.Parse("Endpoint=http://127.0.0.1:8123,http://127.0.0.1:8124, http://127.0.0.1:8125/;Username=default;Password=pw;Database=posthog;Cluster=posthog");

        Assert.Equal(["http://127.0.0.1:8123/", "http://127.0.0.1:8124/", "http://127.0.0.1:8125/"], parsed.Endpoints.Select(e => e.ToString()));
        Assert.Equal("default", parsed.Username);
        Assert.Equal("pw", parsed.Password);
        Assert.Equal("posthog", parsed.Database);
        Assert.Equal("posthog", parsed.Cluster);
    }

    [Fact]
    public void Quoted_password_may_hold_separators_and_keys_are_case_insensitive()
    {
        var parsed = ClickHouseConnectionString.Parse("endpoint=http://ch:8123;username=u;password=\"a;b='c'\"");

        Assert.Equal("a;b='c'", parsed.Password);
        Assert.Equal("u", parsed.Username);
        Assert.Equal("default", parsed.Database);
        Assert.Null(parsed.Cluster);
    }

    [Fact]
    public void ToString_leaves_the_password_out()
    {
        var parsed = ClickHouseConnectionString.Parse("Endpoint=http://ch:8123;Username=u;Password=secret");
        Assert.DoesNotContain("secret", parsed.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Username=u")]
    [InlineData("Endpoint=")]
    [InlineData("Endpoint=ch:8123")]
    [InlineData("Endpoint=tcp://ch:9000")]
    public void Rejects_missing_or_non_http_endpoints(string connectionString) =>
        Assert.Throws<FormatException>(() => ClickHouseConnectionString.Parse(connectionString));
}
