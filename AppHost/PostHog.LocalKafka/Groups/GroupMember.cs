namespace PostHog.LocalKafka.Groups;

public sealed class GroupMember(string memberId)
{
    public string MemberId { get; } = memberId;
    public string? GroupInstanceId { get; set; }
    public string ClientId { get; set; } = "";
    public string ClientHost { get; set; } = "";
    public int SessionTimeoutMs { get; set; }
    public int RebalanceTimeoutMs { get; set; }
    public string ProtocolType { get; set; } = "";
    public IReadOnlyList<(string Name, byte[] Metadata)> Protocols { get; set; } = [];
    public byte[] Assignment { get; set; } = [];
    public long SessionDeadline { get; set; }
    /// <summary>A parked JoinGroup, answered when the join phase completes.</summary>
    public TaskCompletionSource<JoinGroupResult>? PendingJoin { get; set; }
    /// <summary>A parked SyncGroup, answered when the leader's assignment arrives.</summary>
    public TaskCompletionSource<SyncGroupResult>? PendingSync { get; set; }
    /// <summary>Generation this member last sent SyncGroup for; members that never sync are dropped.</summary>
    public int SyncedGeneration { get; set; } = -1;

    public byte[] MetadataFor(string? protocol) =>
        Protocols.FirstOrDefault(p => p.Name == protocol).Metadata ?? [];

    public bool HasSameProtocols(IReadOnlyList<(string Name, byte[] Metadata)> protocols) =>
        protocols.Count == Protocols.Count &&
        protocols.Zip(Protocols).All(pair => pair.First.Name == pair.Second.Name && pair.First.Metadata.AsSpan().SequenceEqual(pair.Second.Metadata));
}

public sealed record JoinGroupResult(
    Protocol.ErrorCode Error, int GenerationId, string? ProtocolName, string LeaderId, string MemberId,
    IReadOnlyList<(string MemberId, string? GroupInstanceId, byte[] Metadata)> Members)
{
    public static JoinGroupResult Failure(Protocol.ErrorCode error, string memberId = "") => new(error, -1, null, "", memberId, []);
}

public sealed record SyncGroupResult(Protocol.ErrorCode Error, byte[] Assignment);
