using Confluent.Kafka;
using PostHog.Hosting.Servers.Kafka;
using PostHog.Hosting.Testing;
using Xunit.Abstractions;

namespace PostHog.Hosting.Tests.Servers;

[Trait("Category", "Integration")]
public sealed class KafkaServerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task LocalKafka_accepts_a_produce_keeps_the_message_across_restarts_and_leaves_nothing_running()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var host = new ServerTestHost();
        for (var run = 1; run <= 2; run++)
        {
            var builder = host.NewBuilder();
            builder.AddKafka("kafka");
            var (app, elapsed) = await host.StartAsync(builder, cts.Token, "kafka");
            output.WriteLine($"run {run}: kafka healthy in {elapsed.TotalMilliseconds:0} ms");

            var bootstrap = await app.GetConnectionStringAsync("kafka", cts.Token);
            Assert.Matches(@"^127\.0\.0\.1:\d+$", bootstrap);
            if (run == 1)
            {
                using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = bootstrap, Acks = Acks.All }).Build();
                await producer.ProduceAsync("survivors", new Message<string, string> { Key = "k", Value = "kept" }, cts.Token);
            }

            using (var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = $"g{run}", EnableAutoCommit = false }).Build())
            {
                consumer.Assign(new TopicPartitionOffset("survivors", 0, Offset.Beginning));
                var message = consumer.Consume(TimeSpan.FromSeconds(20));
                Assert.Equal("kept", message?.Message.Value);
            }

            await host.StopAndAssertNoLeftoversAsync(app);
        }
    }
}
