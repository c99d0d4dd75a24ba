using PostHog.ServiceDefaults.Kafka;

namespace PostHog.ServiceDefaults.Tests.Kafka;

public sealed class KafkaStatisticsTests
{
    [Fact]
    public void Reads_totals_and_sums_consumer_lag_of_real_partitions()
    {
        const string json = """
            {"name":"rdkafka#consumer-1","client_id":"rdkafka","type":"consumer","ts":1,"replyq":2,"msg_cnt":0,"msg_size":0,
             "tx":10,"tx_bytes":1000,"rx":9,"rx_bytes":900,"txmsgs":0,"txmsg_bytes":0,"rxmsgs":500,"rxmsg_bytes":50000,
             "topics":{"events":{"partitions":{"0":{"consumer_lag":5},"1":{"consumer_lag":-1},"-1":{"consumer_lag":7},"2":{"consumer_lag":3}}}}}
            """;

        var statistics = KafkaStatistics.Parse(json);

        Assert.Equal("rdkafka#consumer-1", statistics.ClientName);
        Assert.Equal("consumer", statistics.ClientType);
        Assert.Equal(2, statistics.ReplyQueue);
        Assert.Equal(1000, statistics.BytesSent);
        Assert.Equal(500, statistics.MessagesReceived);
        Assert.Equal(8, statistics.ConsumerLag);
    }

    [Fact]
    public void Malformed_statistics_are_ignored()
    {
        KafkaMetrics.Record("{not json");
        KafkaMetrics.Record("""{"name":"tests-producer","type":"producer","msg_cnt":4}""");

        Assert.Equal(4, KafkaMetrics.LatestFor("tests-producer")!.ProducerQueueMessages);
        KafkaMetrics.Forget("tests-producer");
        Assert.Null(KafkaMetrics.LatestFor("tests-producer"));
    }
}
