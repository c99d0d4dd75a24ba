using PostHog.Hosting.Logging;

namespace PostHog.Hosting.Tests.Model;

public sealed class SecretMaskerTests
{
    [Fact]
    public void Known_secrets_are_masked_wherever_they_appear()
    {
        var masker = new SecretMasker();
        masker.Add("hunter22");
        masker.Add("pw");

        Assert.Equal("Host=x;Password=***;Other=***", masker.Mask("Host=x;Password=hunter22;Other=hunter22"));
        Assert.Equal("pw stays (too short to mask safely)", masker.Mask("pw stays (too short to mask safely)"));
    }

    [Fact]
    public void A_secret_containing_another_is_masked_whole()
    {
        var masker = new SecretMasker();
        masker.Add("abcd");
        masker.Add("abcdefgh");

        Assert.Equal("x=***", masker.Mask("x=abcdefgh"));
    }
}
