using System.Diagnostics;
using System.Net.Sockets;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Npgsql;
using PostHog.Contracts.Storage;
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
/// One batch, top to bottom: decode every message → resolve its project → read the persons of all its distinct ids at
/// once → per distinct id, in order: persons → groups → row; then one ClickHouse write. A message that cannot be processed
/// goes to the dead letter queue and the batch goes on, and so does one whose row ClickHouse refuses for its data; an
/// infrastructure failure (Postgres, ClickHouse, Kafka unreachable) throws so the caller retries the whole batch.
/// </summary>
public sealed class EventPipeline(
    ProjectResolver projects,
    PersonStore personStore,
    PersonProcessor persons,
    GroupProcessor groups,
    EventRowWriter writer,
    DeadLetterQueue deadLetters,
    IngestionTelemetry telemetry,
    TimeProvider time,
    IOptions<IngestionOptions> options,
    ILogger<EventPipeline> logger)
{
    /// <summary>A message after decoding: its event and project, or nothing when it was dead-lettered or dropped.</summary>
    private sealed record Decoded(ConsumeResult<string, byte[]> Message, IncomingEvent? Event, Project? Project);

    /// <summary>Prepares and writes one batch (what the consumer does, less the overlap of one batch's write with the next one's preparation).</summary>
    public async Task ProcessAsync(IReadOnlyList<ConsumeResult<string, byte[]>> batch, string consumerGroup, CancellationToken cancellationToken) =>
        await WriteAsync(await PrepareAsync(batch, consumerGroup, cancellationToken), cancellationToken);

    /// <summary>Everything up to the ClickHouse write: Postgres is up to date and the batch's rows are ready.</summary>
    public async Task<PreparedBatch> PrepareAsync(IReadOnlyList<ConsumeResult<string, byte[]>> batch, string consumerGroup, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var decoded = new List<Decoded>(batch.Count);
        foreach (var message in batch)
        {
            decoded.Add(await DecodeAsync(message, consumerGroup, cancellationToken));
        }

        var decodedAt = time.GetTimestamp();
        var batchWrites = new BatchWrites(time);
        var snapshots = await PrefetchPersonsAsync(decoded, cancellationToken);
        var prefetchedAt = time.GetTimestamp();

        // Capture keys messages by token:distinct_id: one key's events stay in partition order, different keys run
        // side by side (PostHog's joined ingestion pipeline), so Postgres round trips overlap instead of queueing.
        var keys = decoded.Where(d => d.Event is not null)
            .GroupBy(d => d.Message.Message.Key ?? string.Empty, StringComparer.Ordinal).ToList();
        var results = new KeyResult[keys.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, keys.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.Concurrency), CancellationToken = cancellationToken },
            async (i, token) => results[i] = await ProcessKeyAsync(keys[i], snapshots, new BatchWrites(batchWrites), consumerGroup, token));

        var prepared = new PreparedBatch(batch.Count, batchWrites, new RowSources(), [], new Dictionary<string, int>(StringComparer.Ordinal), started);
        foreach (var result in results)
        {
            prepared.Writes.Append(result.Writes);
            prepared.Sources.Add(result.Sources);
            prepared.Links.AddRange(result.Links.Take(128 - prepared.Links.Count));
            foreach (var (topic, count) in result.Written)
            {
                prepared.Written[topic] = prepared.Written.GetValueOrDefault(topic) + count;
            }
        }

        logger.LogDebug("Prepared a batch of {Count}: decode {Decode:F0} ms, person prefetch {Prefetch:F0} ms, persons, groups and rows {Process:F0} ms.",
            batch.Count, time.GetElapsedTime(started, decodedAt).TotalMilliseconds, time.GetElapsedTime(decodedAt, prefetchedAt).TotalMilliseconds,
            time.GetElapsedTime(prefetchedAt).TotalMilliseconds);
        return prepared;
    }

    /// <summary>The batch's one ClickHouse write; once it returns, the batch's offsets may be committed.</summary>
    public async Task WriteAsync(PreparedBatch prepared, CancellationToken cancellationToken)
    {
        var writeStarted = time.GetTimestamp();
        using (IngestionTelemetry.ActivitySource.StartActivity("write batch", ActivityKind.Internal, parentContext: default, links: prepared.Links))
        {
            var rejected = await writer.WriteAsync(prepared.Writes, prepared.Sources.SourceOf, cancellationToken);
            if (rejected.Count > 0)
            {
                await DeadLetterRejectedAsync(prepared, rejected, cancellationToken);
            }
        }

        foreach (var (topic, count) in prepared.Written)
        {
            telemetry.Processed(topic, count);
        }

        telemetry.Batch(prepared.Count, time.GetElapsedTime(prepared.Started));
        logger.LogDebug("Wrote a batch of {Count} in {Write:F0} ms.", prepared.Count, time.GetElapsedTime(writeStarted).TotalMilliseconds);
    }

    /// <summary>Parses the message and resolves its token; unparseable messages are dead-lettered, unknown tokens dropped.</summary>
    private async Task<Decoded> DecodeAsync(ConsumeResult<string, byte[]> message, string consumerGroup, CancellationToken cancellationToken)
    {
        var parsed = EventParser.Parse(message.Message.Value, message.Message.Headers);
        if (parsed.Event is not { } evt)
        {
            using var activity = message.StartProcessActivity(consumerGroup);
            await DeadLetterAsync(message, "parse", parsed.FailureReason!, activity, cancellationToken);
            return new Decoded(message, null, null);
        }

        var project = await projects.ResolveAsync(evt.Token, cancellationToken);
        if (project is null)
        {
            telemetry.Dropped("unknown_token");
            return new Decoded(message, null, null);
        }

        return new Decoded(message, evt, project);
    }

    /// <summary>One Postgres read per project for the persons of every distinct id the batch's events will look up.</summary>
    private async Task<PersonSnapshots> PrefetchPersonsAsync(List<Decoded> decoded, CancellationToken cancellationToken)
    {
        var snapshots = new PersonSnapshots();
        foreach (var team in decoded.Where(d => d.Event is not null).GroupBy(d => d.Project!.TeamId))
        {
            // Text Postgres refuses (NUL) would fail the whole read: such an event fails alone, later, and is dead-lettered.
            var distinctIds = team.SelectMany(d => PersonProcessor.DistinctIdsRead(d.Event!))
                .Where(id => !id.Contains('\0', StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
            using var activity = IngestionTelemetry.ActivitySource.StartActivity("prefetch persons");
            activity?.SetTag("posthog.distinct_ids", distinctIds.Count);
            try
            {
                snapshots.Load(team.Key, distinctIds, await personStore.FetchByDistinctIdsAsync(team.Key, distinctIds, cancellationToken));
            }
            catch (PostgresException exception) when (!IsInfrastructure(exception))
            {
                // Some other id Postgres cannot compare: without the prefetch every event reads its own person.
                logger.LogWarning(exception, "Prefetching persons of team {TeamId} failed; reading them one by one.", team.Key);
            }
        }

        return snapshots;
    }

    private async Task<KeyResult> ProcessKeyAsync(IEnumerable<Decoded> messages, PersonSnapshots snapshots, BatchWrites writes, string consumerGroup,
        CancellationToken cancellationToken)
    {
        var result = new KeyResult(writes, new RowSources(), [], new Dictionary<string, int>(StringComparer.Ordinal));
        foreach (var (message, evt, project) in messages)
        {
            result.Writes.Partition = message.Partition.Value;
            result.Writes.Offset = message.Offset.Value;
            using var activity = message.StartProcessActivity(consumerGroup);
            if (activity is not null && result.Links.Count < 128)
            {
                result.Links.Add(new ActivityLink(activity.Context));
            }

            var before = result.Writes.Events.Count;
            var warningsBefore = result.Writes.Warnings.Count;
            await ProcessEventAsync(message, evt!, project!, snapshots, result.Writes, activity, cancellationToken);
            result.Sources.Claim(message, result.Writes, before, warningsBefore);
            result.Written[message.Topic] = result.Written.GetValueOrDefault(message.Topic) + result.Writes.Events.Count - before;
        }

        return result;
    }

    private sealed record KeyResult(BatchWrites Writes, RowSources Sources, List<ActivityLink> Links, Dictionary<string, int> Written);

    /// <summary>
    /// The messages whose rows ClickHouse refused go to the dead letter queue (each once, with ClickHouse's answer), with
    /// a <c>pipeline_step_dlq</c> warning each, before the batch's offsets are committed. A refused warning row only
    /// costs that warning: its event is written.
    /// </summary>
    private async Task DeadLetterRejectedAsync(PreparedBatch prepared, IReadOnlyList<RejectedRow> rejected, CancellationToken cancellationToken)
    {
        const string step = "clickhouse write";
        var warnings = new BatchWrites(prepared.Writes);
        var parked = new HashSet<ConsumeResult<string, byte[]>>(ReferenceEqualityComparer.Instance);
        foreach (var (table, row, error) in rejected)
        {
            var message = prepared.Sources.SourceOf(row);
            if (table == ClickHouseTables.IngestionWarnings || message is null)
            {
                logger.LogWarning(error, "ClickHouse refused a row of {Table}; it is dropped.", table);
                telemetry.Dropped("clickhouse_refused_" + table);
                continue;
            }

            if (!parked.Add(message))
            {
                continue;
            }

            var evt = EventParser.Parse(message.Message.Value, message.Message.Headers).Event;
            var reason = $"{table}: Code {error.Code}: {error.Message}";
            logger.LogWarning("ClickHouse refused the {Table} row of event {Uuid} ({Position}); sending it to the dead letter queue: {Reason}",
                table, evt?.Uuid, message.TopicPartitionOffset, error.Message);
            using (var activity = IngestionTelemetry.ActivitySource.StartActivity("dead letter refused row"))
            {
                await DeadLetterAsync(message, step, reason, activity, cancellationToken);
            }

            warnings.Partition = message.Partition.Value;
            warnings.Offset = message.Offset.Value;
            warnings.Warning(new IngestionWarning(TeamOf(row), "pipeline_step_dlq", IngestionJson.Text(new System.Text.Json.Nodes.JsonObject
            {
                ["step"] = step, ["reason"] = reason, ["table"] = table, ["eventUuid"] = evt?.Uuid.ToString(), ["distinctId"] = evt?.DistinctId,
            }), evt?.Timestamp ?? warnings.NowUtc));
        }

        // A parked message's event is not in ClickHouse, whether its own row was refused or another of its rows was.
        foreach (var row in prepared.Writes.Events)
        {
            if (prepared.Sources.SourceOf(row) is { } message && parked.Contains(message))
            {
                prepared.Written[message.Topic] = prepared.Written.GetValueOrDefault(message.Topic) - 1;
            }
        }

        foreach (var refused in await writer.WriteWarningsAsync(warnings.Warnings, cancellationToken))
        {
            logger.LogWarning(refused.Error, "ClickHouse refused a dead letter warning; it is dropped.");
        }
    }

    private static long TeamOf(object row) => row switch
    {
        EventRow events => events.TeamId,
        PersonRow person => person.TeamId,
        PersonDistinctIdRow distinctId => distinctId.TeamId,
        GroupRow group => group.TeamId,
        IngestionWarningRow warning => warning.TeamId,
        _ => 0,
    };

    private async Task ProcessEventAsync(ConsumeResult<string, byte[]> message, IncomingEvent evt, Project project, PersonSnapshots snapshots, BatchWrites writes,
        Activity? activity, CancellationToken cancellationToken)
    {
        activity?.SetTag("posthog.event", evt.Event);
        activity?.SetTag("posthog.event_uuid", evt.Uuid.ToString());
        activity?.SetTag("posthog.team_id", project.TeamId);
        var step = "person processing";
        try
        {
            var person = await persons.ProcessAsync(project, evt, snapshots, writes, cancellationToken);
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
