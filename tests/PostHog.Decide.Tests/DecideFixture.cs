using System.Net.Http.Json;
using System.Text.Json;

namespace PostHog.Decide.Tests;

/// <summary>One stack for the flag tests of a class; each test uses its own flag keys and distinct ids.</summary>
public sealed class DecideFixture : IAsyncLifetime
{
    public DecideStack Stack { get; private set; } = null!;

    public async Task InitializeAsync() => Stack = await DecideStack.StartAsync();

    public async Task DisposeAsync() => await Stack.DisposeAsync();
}

public static class FlagsClient
{
    public static async Task<JsonElement> PostFlagsAsync(this HttpClient client, object body, string path = "/flags/?v=2")
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>Publishes the change (as Web does) and waits until Decide serves <paramref name="key"/>.</summary>
    public static async Task ChangedAsync(this DecideStack stack, string key, HttpClient? client = null)
    {
        await stack.PublishChangeAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var flags = await (client ?? stack.Client).PostFlagsAsync(new { token = stack.Token, distinct_id = "probe" });
            if (flags.GetProperty("flags").TryGetProperty(key, out _)) return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"Decide never served flag {key} after the change was published");
    }
}
