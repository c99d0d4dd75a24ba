using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Tests.Model;

public sealed class ResourceNameTests
{
    [Theory]
    [InlineData("postgres")]
    [InlineData("clickhouse-s1-r1")]
    [InlineData("Web2")]
    public void Valid_names_pass(string name) => Assert.Equal(name, ResourceNames.Validate(name));

    [Theory]
    [InlineData("1st")]
    [InlineData("has_underscore")]
    [InlineData("trailing-")]
    [InlineData("double--dash")]
    [InlineData("with.dot")]
    [InlineData("")]
    public void Invalid_names_are_rejected(string name) => Assert.ThrowsAny<ArgumentException>(() => ResourceNames.Validate(name));

    [Fact]
    public async Task Duplicate_names_differing_only_in_case_are_rejected()
    {
        await using var builder = TestModel.Builder();
        builder.AddExecutable("redis", "redis-server", ".");

        var error = Assert.Throws<DistributedApplicationException>(() => builder.AddExecutable("Redis", "redis-server", "."));
        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_prefix_is_upper_case_with_underscores() => Assert.Equal("CLICKHOUSE_S1_R1", ResourceNames.ToEnvironmentPrefix("clickhouse-s1-r1"));
}
