using System.Diagnostics;
using System.Net.Sockets;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Npgsql;
using PostHog.Ingestion.DeadLetters;
using PostHog.Ingestion.Groups;
using PostHog.Ingestion.Parsing;
using PostHog.Ingestion.Persons;
using PostHog.Ingestion.Projects;
using PostHog.Ingestion.Telemetry;
using PostHog.Ingestion.Writing;
using PostHog.ServiceDefaults.ClickHouse;
using PostHog.ServiceDefaults.Kafka;

namespace PostHog.Ingestion.Consuming;

/// <summary>
/// One batch, top to bottom: parse → resolve project → persons → groups → row, per message in key order; then one
/// ClickHouse write. A message that cannot be processed goes to the dead letter queue and the batch goes on; an
/// infrastructure failure (Postgres, ClickHouse, Kafka unreachable) throws so the caller retries the whole batch.
/// </summary>
public sealed class EventPipeline(
    ProjectResolver projects,
    PersonProcessor persons,
    GroupProcessor groups,
    EventRowWriter writer,
    DeadLetterQueue deadLetters,
    IngestionTelemetry telemetry,
    TimeProvider time,
    IOptions<IngestionOptions> options,
    ILogger<EventPipeline> logger)
{
    public async Task ProcessAsync(IReadOnlyList<ConsumeResult<string, byte[]>> batch, string consumerGroup, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        // Capture keys messages by token:distinct_id: one key's events stay in partition order, different keys run
        // side by side (PostHog's joined ingestion pipeline), so Postgres round trips overlap instead of queueing.
        var keys = batch.GroupBy(message => message.Message.Key ?? string.Empty, StringComparer.Ordinal).ToList();
        var results = new KeyResult[keys.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, keys.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.Concurrency), CancellationToken = cancellationToken },
            async (i, token) => results[i] = await ProcessKeyAsync(keys[i], consumerGroup, token));

        var writes = new BatchWrites(time);
        var links = new List<ActivityLink>();
        var written = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            writes.Append(result.Writes);
            links.AddRange(result.Links.Take(128 - links.Count));
            foreach (var (topic, count) in result.Written)
            {
                written[topic] = written.GetValueOrDefault(topic) + count;
            }
        }

        using (IngestionTelemetry.ActivitySource.StartActivity("write batch", ActivityKind.Internal, parentContext: default, links: links))
        {
            await writer.WriteAsync(writes, cancellationToken);
        }

        foreach (var (topic, count) in written)
        {
            telemetry.Processed(topic, count);
        }

        telemetry.Batch(batch.Count, time.GetElapsedTime(started));
    }

    private async Task<KeyResult> ProcessKeyAsync(IEnumerable<ConsumeResult<string, byte[]>> messages, string consumerGroup, CancellationToken cancellationToken)
    {
        var result = new KeyResult(new BatchWrites(time), [], new Dictionary<string, int>(StringComparer.Ordinal));
        foreach (var message in messages)
        {
            result.Writes.Partition = message.Partition.Value;
            result.Writes.Offset = message.Offset.Value;
            using var activity = message.StartProcessActivity(consumerGroup);
            if (activity is not null && result.Links.Count < 128)
            {
                result.Links.Add(new ActivityLink(activity.Context));
            }

            var before = result.Writes.Events.Count;
            await ProcessMessageAsync(message, result.Writes, activity, cancellationToken);
            result.Written[message.Topic] = result.Written.GetValueOrDefault(message.Topic) + result.Writes.Events.Count - before;
        }

        return result;
    }

    private sealed record KeyResult(BatchWrites Writes, List<ActivityLink> Links, Dictionary<string, int> Written);

    private async Task ProcessMessageAsync(ConsumeResult<string, byte[]> message, BatchWrites writes, Activity? activity, CancellationToken cancellationToken)
    {
        var parsed = EventParser.Parse(message.Message.Value, message.Message.Headers);
        if (parsed.Event is not { } evt)
        {
            await DeadLetterAsync(message, "parse", parsed.FailureReason!, activity, cancellationToken);
            return;
        }

        activity?.SetTag("posthog.event", evt.Event);
        activity?.SetTag("posthog.event_uuid", evt.Uuid.ToString());
        var project = await projects.ResolveAsync(evt.Token, cancellationToken);
        if (project is null)
        {
            telemetry.Dropped("unknown_token");
            activity?.SetTag("posthog.dropped", "unknown_token");
            return;
        }

        activity?.SetTag("posthog.team_id", project.TeamId);
        var step = "person processing";
        try
        {
            var person = await persons.ProcessAsync(project, evt, writes, cancellationToken);
            step = "group processing";
            var eventGroups = await groups.ProcessAsync(project, evt, person.Mode, writes, cancellationToken);
            step = "event row";
            writes.Events.Add(EventRowBuilder.Build(project, evt, person, eventGroups, writes));
        }
        catch (Exception exception) when (!IsInfrastructure(exception) && !cancellationToken.IsCancellationRequested)
        {
            // A message that fails for what it contains would fail forever: park it and keep the partition moving.
            logger.LogWarning(exception, "Event {Uuid} failed in {Step}; sending it to the dead letter queue.", evt.Uuid, step);
            await DeadLetterAsync(message, step, exception.Message, activity, cancellationToken);
            writes.Warning(new IngestionWarning(project.TeamId, "pipeline_step_dlq",
                IngestionJson.Text(new System.Text.Json.Nodes.JsonObject { ["step"] = step, ["reason"] = exception.Message, ["eventUuid"] = evt.Uuid.ToString(), ["distinctId"] = evt.DistinctId }),
                evt.Timestamp));
        }
    }

    private async Task DeadLetterAsync(ConsumeResult<string, byte[]> message, string step, string reason, Activity? activity, CancellationToken cancellationToken)
    {
        activity?.SetStatus(ActivityStatusCode.Error, reason);
        activity?.SetTag("posthog.dlq_step", step);
        await deadLetters.SendAsync(message, step, reason, cancellationToken);
        telemetry.DeadLettered(step);
    }

    /// <summary>Failures of the servers rather than of the message: retrying the batch later will succeed.</summary>
    public static bool IsInfrastructure(Exception exception) => exception switch
    {
        OperationCanceledException => true,
        PersonRaceException => true,
        PostgresException postgres => !postgres.SqlState.StartsWith("22", StringComparison.Ordinal) && !postgres.SqlState.StartsWith("23", StringComparison.Ordinal),
        NpgsqlException => true,
        ClickHouseException => true,
        KafkaException => true,
        HttpRequestException or SocketException or TimeoutException or IOException => true,
        _ => exception.InnerException is { } inner && IsInfrastructure(inner),
    };
}
