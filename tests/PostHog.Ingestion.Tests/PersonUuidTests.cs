using PostHog.Ingestion.Persons;

namespace PostHog.Ingestion.Tests;

public sealed class PersonUuidTests
{
    [Fact]
    public void Is_stable_per_team_and_distinct_id_and_a_version_5_uuid()
    {
        var id = PersonUuid.FromDistinctId(1, "user-1");

        Assert.Equal(id, PersonUuid.FromDistinctId(1, "user-1"));
        Assert.NotEqual(id, PersonUuid.FromDistinctId(2, "user-1"));
        Assert.NotEqual(id, PersonUuid.FromDistinctId(1, "user-2"));
        Assert.Equal(5, id.Version);
        Assert.InRange(id.Variant, 8, 11);
    }
}
