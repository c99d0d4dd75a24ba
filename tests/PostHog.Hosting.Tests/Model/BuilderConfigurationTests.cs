using PostHog.Hosting.ApplicationModel;

namespace PostHog.Hosting.Tests.Model;

public sealed class BuilderConfigurationTests
{
    [Fact]
    public async Task Bare_fresh_switch_sets_AppHost_Fresh_without_eating_the_next_argument()
    {
        await using var builder = TestModel.Builder("--fresh", "--topology", "small");

        Assert.Equal("true", builder.Configuration[AppHostConfigurationNames.Fresh]);
        Assert.Equal("small", builder.Configuration[AppHostConfigurationNames.TopologyMode]);
    }

    [Fact]
    public async Task Publisher_switch_selects_publish_mode_and_output_path()
    {
        await using var builder = TestModel.Builder("--publisher", "manifest", "--output-path", "out/aspire-manifest.json");

        Assert.True(builder.ExecutionContext.IsPublishMode);
        Assert.Equal("manifest", builder.Configuration[AppHostConfigurationNames.Publisher]);
        Assert.Equal("out/aspire-manifest.json", builder.Configuration[AppHostConfigurationNames.OutputPath]);
    }

    [Fact]
    public async Task Run_mode_is_the_default()
    {
        await using var builder = TestModel.Builder();

        Assert.Equal(DistributedApplicationOperation.Run, builder.ExecutionContext.Operation);
    }

    [Fact]
    public async Task Testing_state_folder_is_private_and_an_argument_overrides_it()
    {
        await using var a = TestModel.Builder();
        await using var b = TestModel.Builder();
        await using var c = TestModel.Builder("--AppHost:StateDirectory=/tmp/somewhere-else");

        Assert.NotEqual(a.StateDirectory, b.StateDirectory);
        Assert.StartsWith(Path.GetTempPath(), a.StateDirectory, StringComparison.Ordinal);
        Assert.Equal("/tmp/somewhere-else", c.StateDirectory);
    }
}
