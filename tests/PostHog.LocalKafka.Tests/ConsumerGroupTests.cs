using PostHog.LocalKafka.Groups;
using PostHog.LocalKafka.Protocol;

namespace PostHog.LocalKafka.Tests;

public sealed class ConsumerGroupTests
{
    private static JoinRequest Join(string memberId, bool requireKnownId = false, int sessionTimeoutMs = 10_000) =>
        new(memberId, null, "client", "127.0.0.1", sessionTimeoutMs, 10_000, "consumer", [("range", [1]), ("roundrobin", [2])], requireKnownId);

    [Fact]
    public async Task Members_joining_together_share_a_generation_with_one_leader()
    {
        var group = new ConsumerGroup("g");
        var first = await group.Join(Join(""));
        Assert.Equal(ErrorCode.None, first.Error);
        Assert.Equal(1, first.GenerationId);
        Assert.Equal("range", first.ProtocolName);
        Assert.Equal(first.MemberId, first.LeaderId);
        Assert.Single(first.Members);

        // A second member triggers a rebalance; the first learns about it through its heartbeat and rejoins.
        var secondJoin = group.Join(Join(""));
        Assert.False(secondJoin.IsCompleted);
        Assert.Equal(ErrorCode.RebalanceInProgress, group.Heartbeat(first.MemberId, 1));
        var firstRejoin = await group.Join(Join(first.MemberId));
        var second = await secondJoin;
        Assert.Equal(2, firstRejoin.GenerationId);
        Assert.Equal(2, second.GenerationId);
        Assert.Equal(2, firstRejoin.Members.Count);
        Assert.Empty(second.Members); // only the leader sees the member list

        var followerSync = group.Sync(second.MemberId, 2, new Dictionary<string, byte[]>());
        Assert.False(followerSync.IsCompleted);
        var leaderSync = await group.Sync(first.MemberId, 2, new Dictionary<string, byte[]> { [first.MemberId] = [1], [second.MemberId] = [2] });
        Assert.Equal([1], leaderSync.Assignment);
        Assert.Equal([2], (await followerSync).Assignment);
        Assert.Equal(GroupState.Stable, group.State);
    }

    [Fact]
    public async Task Join_v4_hands_out_a_member_id_first()
    {
        var group = new ConsumerGroup("g");
        var required = await group.Join(Join("", requireKnownId: true));
        Assert.Equal(ErrorCode.MemberIdRequired, required.Error);
        Assert.NotEmpty(required.MemberId);
        var joined = await group.Join(Join(required.MemberId, requireKnownId: true));
        Assert.Equal(ErrorCode.None, joined.Error);
        Assert.Equal(required.MemberId, joined.MemberId);
        Assert.Equal(ErrorCode.UnknownMemberId, (await group.Join(Join("someone-else"))).Error);
    }

    [Fact]
    public async Task Leaving_and_expiring_members_rebalance_and_commits_follow_the_generation()
    {
        var group = new ConsumerGroup("g");
        var member = await group.Join(Join("", sessionTimeoutMs: 100));
        await group.Sync(member.MemberId, member.GenerationId, new Dictionary<string, byte[]> { [member.MemberId] = [] });
        Assert.Equal(ErrorCode.None, group.ValidateCommit(member.MemberId, member.GenerationId));
        Assert.Equal(ErrorCode.IllegalGeneration, group.ValidateCommit(member.MemberId, member.GenerationId + 5));
        Assert.Equal(ErrorCode.UnknownMemberId, group.ValidateCommit("ghost", member.GenerationId));

        await Task.Delay(250);
        group.Tick(); // session expired: the only member is removed and the group is empty again
        Assert.Equal(GroupState.Empty, group.State);
        Assert.Equal(ErrorCode.None, group.ValidateCommit("", -1)); // manual commits into an empty group

        var again = await group.Join(Join(""));
        Assert.Equal(ErrorCode.None, group.Leave(again.MemberId));
        Assert.Equal(GroupState.Empty, group.State);
        Assert.Equal(ErrorCode.UnknownMemberId, group.Leave(again.MemberId));
    }
}
