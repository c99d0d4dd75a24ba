using System.Buffers;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PostHog.Decide.Definitions;
using PostHog.Decide.Requests;
using PostHog.Decide.Responses;
using PostHog.Flags;
using PostHog.RequestDecoding;

namespace PostHog.Decide.Tests;

/// <summary>Response shapes, version mapping, request parsing and decoding, without servers.</summary>
public sealed class ShapeTests
{
    private static readonly FlagResult On = new("on", true, null, JsonDocument.Parse("\"{\\\"a\\\":1}\"").RootElement, new FlagReason("condition_match", 0, "Matched condition set 1"), 1, 3, "On flag");
    private static readonly FlagResult Variant = new("variant", true, "blue", null, new FlagReason("condition_match", 1, "Matched condition set 2"), 2, 1, null);
    private static readonly FlagResult Off = new("off", false, null, null, new FlagReason("out_of_rollout_bound", 0, "Out of rollout bound"), 3, 1, null);

    private static JsonElement Render(ResponseFormat format, bool config = false, bool errors = false)
    {
        var buffer = new ArrayBufferWriter<byte>();
        FlagsResponseWriter.Write(buffer, new FlagsOutcome([On, Variant, Off], errors), format, config, Guid.Empty, 1234);
        return JsonDocument.Parse(buffer.WrittenMemory).RootElement;
    }

    [Theory]
    [InlineData(true, null, ResponseFormat.DecideV1)]
    [InlineData(true, 1, ResponseFormat.DecideV1)]
    [InlineData(true, 2, ResponseFormat.DecideV2)]
    [InlineData(true, 3, ResponseFormat.FlagsV1)]
    [InlineData(true, 4, ResponseFormat.FlagsV2)]
    [InlineData(true, 9, ResponseFormat.FlagsV2)]
    [InlineData(false, null, ResponseFormat.FlagsV2)]
    [InlineData(false, 1, ResponseFormat.FlagsV1)]
    [InlineData(false, 2, ResponseFormat.FlagsV2)]
    [InlineData(false, 3, ResponseFormat.FlagsV2)]
    public void Versions_map_to_the_rust_services_formats(bool decide, int? version, ResponseFormat expected) =>
        Assert.Equal(expected, ResponseFormats.For(decide, version));

    [Theory]
    [InlineData(true, "3", null, true)]
    [InlineData(false, null, null, true)]
    [InlineData(false, "2", null, false)]
    [InlineData(false, "2", "true", true)]
    [InlineData(false, null, "false", false)]
    public void Config_fields_come_with_decide_or_when_asked(bool decide, string? v, string? config, bool expected) =>
        Assert.Equal(expected, ResponseFormats.IncludeConfig(decide, v, config));

    [Fact]
    public void Decide_v1_lists_enabled_keys_and_v2_maps_them_to_values()
    {
        Assert.Equal(["on", "variant"], Render(ResponseFormat.DecideV1).GetProperty("featureFlags").EnumerateArray().Select(e => e.GetString()!).ToArray());
        var v2 = Render(ResponseFormat.DecideV2).GetProperty("featureFlags");
        Assert.Equal("""{"on":true,"variant":"blue"}""", v2.GetRawText());
    }

    [Fact]
    public void Flags_v1_has_every_value_and_payloads_of_matched_flags()
    {
        var body = Render(ResponseFormat.FlagsV1, errors: true);
        Assert.Equal("""{"on":true,"variant":"blue","off":false}""", body.GetProperty("featureFlags").GetRawText());
        Assert.Equal("""{"on":"{\"a\":1}"}""", body.GetProperty("featureFlagPayloads").GetRawText());
        Assert.True(body.GetProperty("errorsWhileComputingFlags").GetBoolean());
        Assert.Equal(0, body.GetProperty("quotaLimited").GetArrayLength());
        Assert.Equal(Guid.Empty, body.GetProperty("requestId").GetGuid());
    }

    [Fact]
    public void Flags_v2_carries_reason_and_metadata_and_optionally_config()
    {
        var body = Render(ResponseFormat.FlagsV2, config: true);
        Assert.Equal(
            """{"key":"on","enabled":true,"variant":null,"reason":{"code":"condition_match","condition_index":0,"description":"Matched condition set 1"},"metadata":{"id":1,"version":3,"description":"On flag","payload":"{\"a\":1}"}}""",
            body.GetProperty("flags").GetProperty("on").GetRawText());
        Assert.Equal("blue", body.GetProperty("flags").GetProperty("variant").GetProperty("variant").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("flags").GetProperty("off").GetProperty("metadata").GetProperty("payload").ValueKind);
        Assert.False(body.GetProperty("errorsWhileComputingFlags").GetBoolean());
        Assert.Equal(1234, body.GetProperty("evaluatedAt").GetInt64());
        Assert.Equal("/i/v0/e/", body.GetProperty("analytics").GetProperty("endpoint").GetString());
        Assert.False(body.GetProperty("sessionRecording").GetBoolean());
    }

    [Fact]
    public void Requests_resolve_aliases_numbers_and_long_ids()
    {
        var request = FlagRequestParser.Parse(Encoding.UTF8.GetBytes("""
            {"$token":"phc_x","$distinct_id":12345,"$groups":{"company":"acme","n":7},"$properties":{"plan":"pro"},
             "$group_properties":{"company":{"size":5}},"flag_keys":["a"],"$anon_distinct_id":"anon","$device_id":"dev","disable_flags":false,}
            """));
        Assert.Equal("phc_x", request.Token);
        Assert.Equal("12345", request.DistinctId);
        Assert.Equal("7", request.Groups["n"]);
        Assert.Equal("pro", request.PersonProperties["plan"].GetString());
        Assert.Equal(5, request.GroupProperties["company"]["size"].GetInt32());
        Assert.Equal(["a"], request.FlagKeys!);
        Assert.Equal("anon", request.AnonDistinctId);
        Assert.Equal("dev", request.DeviceId);
        Assert.Equal(200, FlagRequestParser.Parse(Encoding.UTF8.GetBytes($$"""{"distinct_id":"{{new string('x', 500)}}"}""")).DistinctId!.Length);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("\"text\"")]
    [InlineData("{\"distinct_id\":[1]}")]
    public void Malformed_requests_are_400(string json)
    {
        var error = Assert.Throws<DecideException>(() => FlagRequestParser.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(400, error.Error.Status);
    }

    [Fact]
    public void The_shared_decoder_reads_gzip_and_base64_form_bodies()
    {
        var decoder = new RequestDecoder(Options.Create(new DecodingOptions()));
        var json = """{"token":"t","distinct_id":"d"}"""u8.ToArray();
        var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(json);
        Assert.Equal(json, decoder.Decode(new EncodedRequest(gzipped.ToArray(), "text/plain"), 1 << 20).ToArray());
        var form = Encoding.ASCII.GetBytes("data=" + Uri.EscapeDataString(Convert.ToBase64String(json)));
        Assert.Equal(json, decoder.Decode(new EncodedRequest(form, "application/x-www-form-urlencoded", QueryCompression: "base64"), 1 << 20).ToArray());
    }

    [Fact]
    public void Person_lookup_is_skipped_when_overrides_hold_every_key_and_no_cohort_is_used()
    {
        var definitions = TeamDefinitions.FromEnvelope("""
            {"loaded_at":0,"team_id":1,"group_type_mapping":{"0":"company"},"cohorts":{},"flags":[
              {"id":1,"key":"a","active":true,"filters":{"groups":[{"properties":[{"key":"plan","value":"pro","type":"person"}],"rollout_percentage":100}]}},
              {"id":2,"key":"g","active":true,"filters":{"aggregation_group_type_index":0,"groups":[{"properties":[{"key":"tier","value":"x","type":"group","group_type_index":0}]}]}},
              {"id":3,"key":"off","active":false,"filters":{"groups":[{"properties":[{"key":"secret","value":"x"}]}]}}]}
            """);
        Assert.Equal(["plan"], definitions.Needs.PersonKeys);
        Assert.False(definitions.Needs.UsesCohorts);

        FlagRequest Request(string json) => FlagRequestParser.Parse(Encoding.UTF8.GetBytes(json));
        var covered = FlagsEvaluation.Query(1, Request("""{"distinct_id":"d","person_properties":{"plan":"free"},"groups":{"company":"c"},"group_properties":{"company":{"tier":"y"}}}"""), definitions.Needs);
        Assert.False(covered.Person);
        Assert.Empty(covered.Groups);

        var missing = FlagsEvaluation.Query(1, Request("""{"distinct_id":"d","groups":{"company":"c"}}"""), definitions.Needs);
        Assert.True(missing.Person);
        Assert.Equal([(0, "company", "c")], missing.Groups);
    }

    [Fact]
    public void Definitions_bodies_differ_only_in_cohorts_and_have_stable_etags()
    {
        const string envelope = """{"loaded_at":5,"team_id":9,"flags":[{"id":1,"key":"a","filters":{}}],"group_type_mapping":{"0":"company"},"cohorts":{"4":{"type":"AND","values":[]}}}""";
        var first = TeamDefinitions.FromEnvelope(envelope);
        var again = TeamDefinitions.FromEnvelope(envelope);
        Assert.Equal(first.ETagWithCohorts, again.ETagWithCohorts);
        Assert.NotEqual(first.ETagWithCohorts, first.ETagWithoutCohorts);
        Assert.Equal("""{"flags":[{"id":1,"key":"a","filters":{}}],"group_type_mapping":{"0":"company"},"cohorts":{}}""", Encoding.UTF8.GetString(first.BodyWithoutCohorts));
        Assert.Contains("\"4\"", Encoding.UTF8.GetString(first.BodyWithCohorts));
        Assert.Equal(9, first.TeamId);
    }

    [Fact]
    public void Remote_config_script_registers_the_config_under_the_token()
    {
        var script = RemoteConfig.Script("phc_a\"b", hasFeatureFlags: true);
        Assert.Contains("window._POSTHOG_REMOTE_CONFIG[\"phc_a\\u0022b\"]", script);
        var json = JsonDocument.Parse(RemoteConfig.Json("phc_t", false)).RootElement;
        Assert.False(json.GetProperty("hasFeatureFlags").GetBoolean());
        Assert.Equal(["gzip", "gzip-js"], json.GetProperty("supportedCompression").EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    [Fact]
    public void Request_ids_are_unique_uuid_v7_with_the_given_milliseconds()
    {
        const long ms = 1_765_000_000_123;
        var ids = Enumerable.Range(0, 100_000).Select(_ => RequestId.NewVersion7(ms)).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        foreach (var id in ids.Take(1000))
        {
            Assert.Equal(7, id.Version);
            var text = id.ToString("N");
            Assert.Equal(ms, Convert.ToInt64(text[..12], 16));
            Assert.Contains(text[16], "89ab");
        }
    }
}
