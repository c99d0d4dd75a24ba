namespace PostHog.LocalKafka.Tests;

/// <summary>kcat 1.7.1 from apt (librdkafka 2.0.2, the version that gates compression on advertised minimum versions).</summary>
[Trait("Category", "Integration")]
public sealed class KcatScenarioTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private string Bootstrap => fixture.Broker.BootstrapServers;

    private Task<ExternalCommand.Result> Kcat(string? input, params string[] args) =>
        ExternalCommand.RunAsync("kcat", ["-b", Bootstrap, .. args], input, TimeSpan.FromSeconds(45));

    [Theory]
    [InlineData("gzip")]
    [InlineData("lz4")]
    [InlineData("snappy")]
    [InlineData("zstd")]
    public async Task Compressed_produce_is_consumed_back(string codec)
    {
        var topic = $"kcat-{codec}";
        const string prefix = "compressible-message-compressible-message-";
        var produced = await Kcat(ExternalCommand.Lines(200, prefix), "-P", "-t", topic, "-p", "0", "-z", codec);
        Assert.True(produced.ExitCode == 0, produced.ToString());
        // librdkafka 2.0.2 silently stops compressing unless Produce v0 is advertised: check what was stored. (It also
        // sends a batch uncompressed when compressing would not make it smaller, so codec 0 may appear too.)
        var expectedCodec = Array.IndexOf(["none", "gzip", "snappy", "lz4", "zstd"], codec);
        var stored = StoredCodecs(topic);
        Assert.Contains(expectedCodec, stored);
        Assert.All(stored, c => Assert.True(c == expectedCodec || c == 0, $"unexpected codec {c}"));
        var consumed = await Kcat(null, "-C", "-t", topic, "-e", "-q", "-f", "%s\n");
        Assert.True(consumed.ExitCode == 0, consumed.ToString());
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"{prefix}{i}").Order(), consumed.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
    }

    /// <summary>Compression codec (attributes bits 0–2) of every batch stored for the topic.</summary>
    private List<int> StoredCodecs(string topic)
    {
        var codecs = new List<int>();
        foreach (var log in Directory.GetFiles(Path.Combine(fixture.Broker.DataDir, "topics", topic), "*.log", SearchOption.AllDirectories))
        {
            using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var data = new byte[stream.Length];
            stream.ReadExactly(data);
            for (var position = 0; position + 61 <= data.Length;)
            {
                codecs.Add(data[position + 22] & 0x7);
                position += System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(position + 8)) + 12;
            }
        }
        Assert.NotEmpty(codecs);
        return codecs;
    }

    [Fact]
    public async Task Metadata_lists_the_broker_and_topics()
    {
        await Kcat("x\n", "-P", "-t", "kcat-listed");
        var listed = await Kcat(null, "-L");
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Contains($"broker 0 at {Bootstrap}", listed.StandardOutput);
        Assert.Contains("topic \"kcat-listed\" with 2 partitions", listed.StandardOutput);
    }

    [Fact]
    public async Task Offsets_from_the_middle_of_a_batch_start_at_that_record()
    {
        var produced = await Kcat(ExternalCommand.Lines(10, "o"), "-P", "-t", "kcat-offsets", "-p", "0");
        Assert.Equal(0, produced.ExitCode);
        var consumed = await Kcat(null, "-C", "-t", "kcat-offsets", "-p", "0", "-o", "7", "-e", "-q", "-f", "%o:%s\n");
        Assert.Equal("7:o7\n8:o8\n9:o9\n", consumed.StandardOutput);
    }

    [Fact]
    public async Task Balanced_consumer_group_reads_everything_and_commits()
    {
        const string topic = "kcat-group";
        await Kcat(ExternalCommand.Lines(300, "g"), "-P", "-t", topic, "-X", "enable.idempotence=true");
        var consumed = await Kcat(null, "-G", "kcat-group-1", "-o", "beginning", "-e", "-q", "-f", "%s\n",
            "-X", "session.timeout.ms=6000", "-X", "heartbeat.interval.ms=300", "-X", "auto.commit.interval.ms=100", topic);
        Assert.True(consumed.ExitCode == 0, consumed.ToString());
        Assert.Equal(300, consumed.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct().Count());
    }
}
