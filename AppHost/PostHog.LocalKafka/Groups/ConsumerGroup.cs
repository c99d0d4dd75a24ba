using PostHog.LocalKafka.Protocol;

namespace PostHog.LocalKafka.Groups;

public sealed record JoinRequest(
    string MemberId, string? GroupInstanceId, string ClientId, string ClientHost,
    int SessionTimeoutMs, int RebalanceTimeoutMs, string ProtocolType,
    IReadOnlyList<(string Name, byte[] Metadata)> Protocols, bool RequireKnownMemberId);

/// <summary>
/// One consumer group and Kafka's classic rebalance protocol: Empty → PreparingRebalance (collect JoinGroups) →
/// CompletingRebalance (wait for the leader's SyncGroup) → Stable. Every method runs under the group's lock;
/// parked requests are TaskCompletionSources completed from inside the lock with continuations run asynchronously,
/// and deadlines are driven by <see cref="Tick"/>.
/// </summary>
public sealed class ConsumerGroup(string groupId)
{
    private readonly Lock _lock = new();
    private readonly List<GroupMember> _members = [];
    private readonly Dictionary<string, long> _pendingMemberIds = [];
    private long _rebalanceDeadline;
    private long _syncDeadline;

    public string GroupId { get; } = groupId;
    public GroupState State { get; private set; } = GroupState.Empty;
    public int GenerationId { get; private set; }
    public string? ProtocolType { get; private set; }
    public string? ProtocolName { get; private set; }
    public string? LeaderId { get; private set; }

    private static long Now => Environment.TickCount64;

    public Task<JoinGroupResult> Join(JoinRequest request)
    {
        lock (_lock)
        {
            if (_members.Count > 0 && request.ProtocolType != ProtocolType)
                return Task.FromResult(JoinGroupResult.Failure(ErrorCode.InconsistentGroupProtocol, request.MemberId));
            if (request.Protocols.Count == 0 || (_members.Count > 0 && !_members.Where(m => m.MemberId != request.MemberId)
                    .All(m => m.Protocols.Any(p => request.Protocols.Any(r => r.Name == p.Name)))))
                return Task.FromResult(JoinGroupResult.Failure(ErrorCode.InconsistentGroupProtocol, request.MemberId));

            GroupMember? member;
            if (request.MemberId.Length == 0)
            {
                var newId = $"{request.ClientId}-{Guid.NewGuid()}";
                if (request.RequireKnownMemberId && request.GroupInstanceId is null)
                {
                    // KIP-394: hand out the id first so a client that dies now leaves no ghost member behind.
                    _pendingMemberIds[newId] = Now + request.SessionTimeoutMs;
                    return Task.FromResult(JoinGroupResult.Failure(ErrorCode.MemberIdRequired, newId));
                }
                member = AddMember(newId);
            }
            else
            {
                member = Find(request.MemberId);
                if (member is null)
                {
                    if (!_pendingMemberIds.Remove(request.MemberId))
                        return Task.FromResult(JoinGroupResult.Failure(ErrorCode.UnknownMemberId, request.MemberId));
                    member = AddMember(request.MemberId);
                }
            }

            var unchanged = member.ProtocolType == request.ProtocolType && member.HasSameProtocols(request.Protocols);
            member.GroupInstanceId = request.GroupInstanceId;
            member.ClientId = request.ClientId;
            member.ClientHost = request.ClientHost;
            member.SessionTimeoutMs = request.SessionTimeoutMs;
            member.RebalanceTimeoutMs = request.RebalanceTimeoutMs;
            member.ProtocolType = request.ProtocolType;
            member.Protocols = request.Protocols;
            member.SessionDeadline = Now + request.SessionTimeoutMs;
            ProtocolType = request.ProtocolType;

            // A follower re-joining with nothing changed gets the current generation back without a rebalance.
            if (unchanged && member.MemberId != LeaderId && State is GroupState.Stable or GroupState.CompletingRebalance)
                return Task.FromResult(new JoinGroupResult(ErrorCode.None, GenerationId, ProtocolName, LeaderId ?? "", member.MemberId, []));

            member.PendingJoin?.TrySetResult(JoinGroupResult.Failure(ErrorCode.UnknownMemberId, member.MemberId));
            member.PendingJoin = new TaskCompletionSource<JoinGroupResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            var pending = member.PendingJoin.Task;
            if (State != GroupState.PreparingRebalance) PrepareRebalance();
            TryCompleteJoin();
            return pending;
        }
    }

    public Task<SyncGroupResult> Sync(string memberId, int generationId, IReadOnlyDictionary<string, byte[]> assignments)
    {
        lock (_lock)
        {
            var member = Find(memberId);
            if (member is null) return Task.FromResult(new SyncGroupResult(ErrorCode.UnknownMemberId, []));
            if (generationId != GenerationId) return Task.FromResult(new SyncGroupResult(ErrorCode.IllegalGeneration, []));
            member.SessionDeadline = Now + member.SessionTimeoutMs;
            member.SyncedGeneration = generationId;
            switch (State)
            {
                case GroupState.PreparingRebalance:
                    return Task.FromResult(new SyncGroupResult(ErrorCode.RebalanceInProgress, []));
                case GroupState.Stable:
                    return Task.FromResult(new SyncGroupResult(ErrorCode.None, member.Assignment));
                case GroupState.CompletingRebalance:
                    member.PendingSync?.TrySetResult(new SyncGroupResult(ErrorCode.RebalanceInProgress, []));
                    member.PendingSync = new TaskCompletionSource<SyncGroupResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                    var pending = member.PendingSync.Task;
                    if (memberId == LeaderId)
                    {
                        foreach (var m in _members) m.Assignment = assignments.GetValueOrDefault(m.MemberId) ?? [];
                        State = GroupState.Stable;
                        foreach (var m in _members)
                        {
                            m.PendingSync?.TrySetResult(new SyncGroupResult(ErrorCode.None, m.Assignment));
                            m.PendingSync = null;
                        }
                    }
                    return pending;
                default:
                    return Task.FromResult(new SyncGroupResult(ErrorCode.UnknownMemberId, []));
            }
        }
    }

    public ErrorCode Heartbeat(string memberId, int generationId)
    {
        lock (_lock)
        {
            var member = Find(memberId);
            if (member is null) return ErrorCode.UnknownMemberId;
            if (generationId != GenerationId) return ErrorCode.IllegalGeneration;
            member.SessionDeadline = Now + member.SessionTimeoutMs;
            return State switch
            {
                GroupState.PreparingRebalance => ErrorCode.RebalanceInProgress,
                GroupState.CompletingRebalance or GroupState.Stable => ErrorCode.None,
                _ => ErrorCode.UnknownMemberId,
            };
        }
    }

    public ErrorCode Leave(string memberId)
    {
        lock (_lock)
        {
            if (_pendingMemberIds.Remove(memberId)) return ErrorCode.None;
            var member = Find(memberId);
            if (member is null) return ErrorCode.UnknownMemberId;
            RemoveMember(member);
            return ErrorCode.None;
        }
    }

    /// <summary>Kafka's ClassicGroup.validateOffsetCommit.</summary>
    public ErrorCode ValidateCommit(string memberId, int generationId)
    {
        lock (_lock)
        {
            if (generationId < 0 && State == GroupState.Empty) return ErrorCode.None; // a manual/admin commit
            var member = Find(memberId);
            if (member is null) return ErrorCode.UnknownMemberId;
            if (generationId != GenerationId) return ErrorCode.IllegalGeneration;
            if (State == GroupState.CompletingRebalance) return ErrorCode.RebalanceInProgress;
            member.SessionDeadline = Now + member.SessionTimeoutMs;
            return ErrorCode.None;
        }
    }

    public GroupDescription Describe()
    {
        lock (_lock)
        {
            return new GroupDescription(GroupId, State, ProtocolType ?? "", State == GroupState.Stable || State == GroupState.CompletingRebalance ? ProtocolName ?? "" : "",
                [.. _members.Select(m => new MemberDescription(m.MemberId, m.GroupInstanceId, m.ClientId, m.ClientHost, m.MetadataFor(ProtocolName), m.Assignment))]);
        }
    }

    /// <summary>Expires sessions, pending member ids, and the join and sync phases.</summary>
    public void Tick()
    {
        lock (_lock)
        {
            var now = Now;
            foreach (var expired in _pendingMemberIds.Where(p => p.Value < now).Select(p => p.Key).ToList())
                _pendingMemberIds.Remove(expired);
            foreach (var member in _members.Where(m => m.PendingJoin is null && m.SessionDeadline < now).ToList())
                RemoveMember(member);
            if (State == GroupState.PreparingRebalance && now >= _rebalanceDeadline)
                CompleteJoin();
            else if (State == GroupState.CompletingRebalance && now >= _syncDeadline)
            {
                foreach (var member in _members.Where(m => m.SyncedGeneration != GenerationId).ToList()) RemoveMember(member);
                if (State == GroupState.CompletingRebalance) PrepareRebalance();
            }
        }
    }

    private GroupMember? Find(string memberId) => _members.Find(m => m.MemberId == memberId);

    private GroupMember AddMember(string memberId)
    {
        var member = new GroupMember(memberId);
        _members.Add(member);
        return member;
    }

    private void RemoveMember(GroupMember member)
    {
        _members.Remove(member);
        member.PendingJoin?.TrySetResult(JoinGroupResult.Failure(ErrorCode.UnknownMemberId, member.MemberId));
        member.PendingSync?.TrySetResult(new SyncGroupResult(ErrorCode.UnknownMemberId, []));
        member.PendingJoin = null;
        member.PendingSync = null;
        if (State is GroupState.Stable or GroupState.CompletingRebalance) PrepareRebalance();
        if (State == GroupState.PreparingRebalance) TryCompleteJoin();
    }

    private void PrepareRebalance()
    {
        if (State == GroupState.CompletingRebalance)
            foreach (var member in _members)
            {
                member.PendingSync?.TrySetResult(new SyncGroupResult(ErrorCode.RebalanceInProgress, []));
                member.PendingSync = null;
            }
        State = GroupState.PreparingRebalance;
        var timeout = _members.Count == 0 ? 0 : _members.Max(m => Math.Max(m.RebalanceTimeoutMs, m.SessionTimeoutMs));
        _rebalanceDeadline = Now + timeout;
    }

    private void TryCompleteJoin()
    {
        if (State == GroupState.PreparingRebalance && _members.All(m => m.PendingJoin is not null)) CompleteJoin();
    }

    private void CompleteJoin()
    {
        foreach (var member in _members.Where(m => m.PendingJoin is null).ToList()) _members.Remove(member);
        GenerationId++;
        if (_members.Count == 0)
        {
            State = GroupState.Empty;
            ProtocolName = null;
            LeaderId = null;
            return;
        }
        ProtocolName = SelectProtocol();
        if (LeaderId is null || Find(LeaderId) is null) LeaderId = _members[0].MemberId;
        State = GroupState.CompletingRebalance;
        var now = Now;
        _syncDeadline = now + _members.Max(m => Math.Max(m.RebalanceTimeoutMs, m.SessionTimeoutMs));
        var everyone = _members.Select(m => (m.MemberId, m.GroupInstanceId, m.MetadataFor(ProtocolName))).ToList();
        foreach (var member in _members)
        {
            member.SessionDeadline = now + member.SessionTimeoutMs;
            var result = new JoinGroupResult(ErrorCode.None, GenerationId, ProtocolName, LeaderId, member.MemberId,
                member.MemberId == LeaderId ? everyone : []);
            member.PendingJoin!.TrySetResult(result);
            member.PendingJoin = null;
        }
    }

    /// <summary>Kafka's vote: among protocols every member supports, each votes for its most preferred; most votes wins.</summary>
    private string SelectProtocol()
    {
        var candidates = _members[0].Protocols.Select(p => p.Name)
            .Where(name => _members.All(m => m.Protocols.Any(p => p.Name == name))).ToList();
        if (candidates.Count == 0) return _members[0].Protocols[0].Name;
        return _members
            .Select(m => m.Protocols.First(p => candidates.Contains(p.Name)).Name)
            .GroupBy(name => name)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => candidates.IndexOf(g.Key))
            .First().Key;
    }
}

public sealed record MemberDescription(string MemberId, string? GroupInstanceId, string ClientId, string ClientHost, byte[] Metadata, byte[] Assignment);

public sealed record GroupDescription(string GroupId, GroupState State, string ProtocolType, string ProtocolName, IReadOnlyList<MemberDescription> Members);
