using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using PostHog.LocalKafka.Benchmarks;
using PostHog.LocalKafka.Tests;

// Produce (acks=all, librdkafka's own batching) and consume throughput against the broker process, with 1 KB messages
// on loopback, reported next to a raw disk-append baseline measured in the same run.
var messages = Option("--messages", 300_000);
var size = Option("--size", 1024);
var partitions = Option("--partitions", 4);
var acks = Option("--acks", -1) switch { 0 => Acks.None, 1 => Acks.Leader, _ => Acks.All };
var topic = "bench";

await using var broker = await BrokerProcess.StartAsync(partitions: partitions);
var totalBytes = (long)messages * size;
var disk = DiskAppendBaseline.Measure(broker.DataDir, totalBytes);
var loopbackMbps = LoopbackEchoBaseline.MeasureMegabytesPerSecond(totalBytes);
var storage = StorageAppendBaseline.Measure(broker.DataDir, totalBytes, size);
var loadAverage = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

var payload = new byte[size];
Random.Shared.NextBytes(payload);
var producerConfig = new ProducerConfig
{
    BootstrapServers = broker.BootstrapServers, Acks = acks, LingerMs = 5,
    QueueBufferingMaxMessages = 2_000_000, QueueBufferingMaxKbytes = 4 * 1024 * 1024,
};

// Warm-up: JIT, topic creation, connections.
using (var warm = new ProducerBuilder<int, byte[]>(producerConfig).Build())
{
    for (var i = 0; i < 20_000; i++) warm.Produce("warmup", new Message<int, byte[]> { Key = i, Value = payload });
    warm.Flush(TimeSpan.FromMinutes(1));
}

var brokerProcess = Process.GetProcessById(broker.ProcessId!.Value);
TimeSpan BrokerCpu() { brokerProcess.Refresh(); return brokerProcess.TotalProcessorTime; }
TimeSpan BrokerUserCpu() { brokerProcess.Refresh(); return brokerProcess.UserProcessorTime; }
var userBeforeProduce = BrokerUserCpu();
var cpuBeforeProduce = BrokerCpu();
var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var sentAt = new long[messages];
var latencyTicks = new long[messages];
var failures = 0;
var produceWatch = Stopwatch.StartNew();
using (var producer = new ProducerBuilder<int, byte[]>(producerConfig).Build())
{
    Action<DeliveryReport<int, byte[]>> onDelivery = report =>
    {
        if (report.Error.IsError) Interlocked.Increment(ref failures);
        latencyTicks[report.Message.Key] = Stopwatch.GetTimestamp() - sentAt[report.Message.Key];
    };
    for (var i = 0; i < messages; i++)
    {
        sentAt[i] = Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                producer.Produce(topic, new Message<int, byte[]> { Key = i, Value = payload }, onDelivery);
                break;
            }
            catch (ProduceException<int, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(5));
            }
        }
    }
    producer.Flush(TimeSpan.FromMinutes(5));
}
produceWatch.Stop();
var produceCpu = BrokerCpu() - cpuBeforeProduce;
var produceUserCpu = BrokerUserCpu() - userBeforeProduce;
var clientProduceCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore;

var consumeWatch = Stopwatch.StartNew();
var consumed = 0L;
var consumedBytes = 0L;
using (var consumer = new ConsumerBuilder<Ignore, byte[]>(new ConsumerConfig { BootstrapServers = broker.BootstrapServers, GroupId = "bench", EnableAutoCommit = false }).Build())
{
    consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
    while (consumed < messages && consumeWatch.Elapsed < TimeSpan.FromMinutes(5))
    {
        var result = consumer.Consume(TimeSpan.FromSeconds(1));
        if (result is null || result.IsPartitionEOF) continue;
        consumed++;
        consumedBytes += result.Message.Value.Length;
    }
}
consumeWatch.Stop();
var consumeCpu = BrokerCpu() - cpuBeforeProduce - produceCpu;

// Latency at a steady rate below saturation: in the throughput run above, delivery latency is mostly time spent
// queued inside librdkafka, so p99 is measured separately at --rate msgs/s.
var rate = Option("--rate", 20_000);
var latencyMessages = Math.Min(messages, rate * 5);
var steadyLatency = new double[latencyMessages];
using (var producer = new ProducerBuilder<int, byte[]>(producerConfig).Build())
{
    var start = Stopwatch.GetTimestamp();
    var steadySent = new long[latencyMessages];
    Action<DeliveryReport<int, byte[]>> onDelivery = report =>
        steadyLatency[report.Message.Key] = (Stopwatch.GetTimestamp() - steadySent[report.Message.Key]) * 1000.0 / Stopwatch.Frequency;
    for (var i = 0; i < latencyMessages; i++)
    {
        var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
        while (Stopwatch.GetTimestamp() < due) Thread.SpinWait(50);
        steadySent[i] = Stopwatch.GetTimestamp();
        producer.Produce(topic, new Message<int, byte[]> { Key = i, Value = payload }, onDelivery);
    }
    producer.Flush(TimeSpan.FromMinutes(1));
}
Array.Sort(steadyLatency);
double SteadyPercentile(double p) => steadyLatency[Math.Min(steadyLatency.Length - 1, (int)(p * steadyLatency.Length))];

var latenciesMs = latencyTicks.Select(t => t * 1000.0 / Stopwatch.Frequency).Order().ToArray();
double Percentile(double p) => latenciesMs[Math.Min(latenciesMs.Length - 1, (int)(p * latenciesMs.Length))];
var produceMbps = totalBytes / 1e6 / produceWatch.Elapsed.TotalSeconds;
var consumeMbps = consumedBytes / 1e6 / consumeWatch.Elapsed.TotalSeconds;

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
    LocalKafka benchmark: {messages:N0} messages x {size} B, {partitions} partitions, loopback, {Environment.ProcessorCount} cores
    machine   load average at start {loadAverage} (the cores are shared with whatever else runs)
    baseline  raw disk append (1 MiB writes + fsync each): {disk.MegabytesPerSecond,8:F1} MB/s
    baseline  loopback TCP, 1 MiB frames + 4-byte acks:    {loopbackMbps,8:F1} MB/s
    baseline  broker storage in-process (1 MB batches: CRC, append, fsync each): {storage.MessagesPerSecond,10:N0} msgs/s {storage.MegabytesPerSecond,8:F1} MB/s
    produce   acks={(acks == Acks.All ? "all" : acks == Acks.Leader ? "1" : "0")}, linger 5 ms:  {messages / produceWatch.Elapsed.TotalSeconds,10:N0} msgs/s {produceMbps,8:F1} MB/s  ({produceMbps / storage.MegabytesPerSecond:P0} of storage baseline, {produceMbps / disk.MegabytesPerSecond:P0} of raw disk, {produceMbps / loopbackMbps:P0} of loopback), failures {failures}, broker CPU {produceCpu.TotalSeconds:F1} s ({produceUserCpu.TotalSeconds:F1} s user), client CPU {clientProduceCpu.TotalSeconds:F1} s, wall {produceWatch.Elapsed.TotalSeconds:F1} s
              delivery latency ms (saturated, includes client queueing) p50 {Percentile(0.50):F1}  p99 {Percentile(0.99):F1}  max {latenciesMs[^1]:F1}
    latency   steady {rate:N0} msgs/s for {latencyMessages:N0} messages: p50 {SteadyPercentile(0.50):F1} ms  p99 {SteadyPercentile(0.99):F1} ms  max {steadyLatency[^1]:F1} ms
    consume   assign, from beginning: {consumed / consumeWatch.Elapsed.TotalSeconds,10:N0} msgs/s {consumeMbps,8:F1} MB/s  ({consumed:N0} messages), broker CPU {consumeCpu.TotalSeconds:F1} s
    """));
return failures == 0 && consumed == messages ? 0 : 1;

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
