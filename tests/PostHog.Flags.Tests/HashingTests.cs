namespace PostHog.Flags.Tests;

public class HashingTests
{
    [Fact]
    public void Rollout_and_variant_hashes_match_the_spec_examples()
    {
        Assert.Equal(0.0070417598, FlagHash.ForFlag("test-flag", "user-1"), 9);
        Assert.Equal(0.5657896835, FlagHash.ForFlag("test-flag", "user-1", "variant"), 9);
        Assert.Equal(0x01cd7d2042a2fbdUL / (double)0xFFFFFFFFFFFFFFF, FlagHash.ForFlag("test-flag", "user-1"));
    }

    [Fact]
    public void Long_identifiers_hash_without_failing()
    {
        var hash = FlagHash.ForFlag("flag", new string('é', 2000));
        Assert.InRange(hash, 0, 1);
    }

    [Fact]
    public void Simple_flag_at_45_percent_matches_posthog_python_consistency_vector()
    {
        var definitions = Definitions.Flags("""{"id":1,"key":"simple-flag","active":true,"filters":{"groups":[{"properties":[],"rollout_percentage":45}]}}""");
        bool[] expected = [false, true, true, false, true, false, false, true, false, true, false, true, true, false, true, false, false, false, true];
        for (var i = 0; i < expected.Length; i++)
        {
            var result = FlagEvaluator.EvaluateFlag(definitions, Definitions.Person($"distinct_id_{i}"), "simple-flag")!;
            Assert.True(expected[i] == result.Enabled, $"distinct_id_{i}: expected {expected[i]}");
            Assert.Equal(result.Enabled ? FlagReason.ConditionMatch : FlagReason.OutOfRolloutBound, result.Reason.Code);
        }
    }

    [Fact]
    public void Multivariate_flag_matches_posthog_python_consistency_vector()
    {
        var definitions = Definitions.Flags("""
            {"id":2,"key":"multivariate-flag","active":true,"filters":{"groups":[{"properties":[],"rollout_percentage":55}],
             "multivariate":{"variants":[
               {"key":"first","name":"First Variant","rollout_percentage":50},
               {"key":"second","name":"Second Variant","rollout_percentage":20},
               {"key":"third","name":"Third Variant","rollout_percentage":20},
               {"key":"fourth","name":"Fourth Variant","rollout_percentage":5},
               {"key":"fifth","name":"Fifth Variant","rollout_percentage":5}]}}}
            """);
        object[] expected = ["second", "second", "first", false, false, "second", "first", false, false, false];
        for (var i = 0; i < expected.Length; i++)
        {
            var result = FlagEvaluator.EvaluateFlag(definitions, Definitions.Person($"distinct_id_{i}"), "multivariate-flag")!;
            Assert.Equal(expected[i], result.Value);
        }
    }

    [Fact]
    public void Experience_continuity_hashes_the_override_key_instead_of_the_distinct_id()
    {
        var definitions = Definitions.Flags("""{"id":1,"key":"simple-flag","active":true,"ensure_experience_continuity":true,"filters":{"groups":[{"rollout_percentage":45}]}}""");
        // distinct_id_1 is inside 45 %, distinct_id_0 is not.
        var context = new EvaluationContext
        {
            DistinctId = "distinct_id_0",
            HashKeyOverrides = new Dictionary<string, string> { ["simple-flag"] = "distinct_id_1" },
        };
        Assert.True(FlagEvaluator.EvaluateFlag(definitions, context, "simple-flag")!.Enabled);
        Assert.False(FlagEvaluator.EvaluateFlag(definitions, Definitions.Person("distinct_id_0"), "simple-flag")!.Enabled);
    }

    [Fact]
    public void Device_bucketing_hashes_the_device_id_and_skips_person_conditions_without_one()
    {
        var definitions = Definitions.Flags("""{"id":1,"key":"simple-flag","active":true,"bucketing_identifier":"device_id","filters":{"groups":[{"rollout_percentage":45}]}}""");
        var withDevice = new EvaluationContext { DistinctId = "distinct_id_0", DeviceId = "distinct_id_1" };
        Assert.True(FlagEvaluator.EvaluateFlag(definitions, withDevice, "simple-flag")!.Enabled);
        var without = FlagEvaluator.EvaluateFlag(definitions, Definitions.Person("distinct_id_1"), "simple-flag")!;
        Assert.Equal((false, "out_of_rollout_bound", (int?)0), (without.Enabled, without.Reason.Code, without.Reason.ConditionIndex));
    }

    [Fact]
    public void Empty_distinct_id_hashes_to_zero_as_the_rust_service_does()
    {
        var definitions = Definitions.Flags("""{"id":1,"key":"f","active":true,"filters":{"groups":[{"rollout_percentage":1}],"multivariate":{"variants":[{"key":"a","rollout_percentage":10},{"key":"b","rollout_percentage":90}]}}}""");
        Assert.Equal("a", FlagEvaluator.EvaluateFlag(definitions, Definitions.Person(""), "f")!.Variant);
    }

    [Fact]
    public void Managed_sha1_prefix_equals_the_platform_sha1_for_every_length_around_the_block_boundaries()
    {
        var random = new Random(42);
        for (var length = 0; length <= 300; length++)
        {
            var message = new byte[length];
            random.NextBytes(message);
            var expected = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(System.Security.Cryptography.SHA1.HashData(message));
            Assert.True(expected == Sha1Prefix.First64Bits(message), $"length {length}");
        }
    }
}
