using System.Text.Json;

namespace PostHog.Hosting.Processes;

/// <summary>
/// One launched child, written to <c>{state}/pids/{instance}.json</c> while it runs, so the next AppHost start can
/// kill what a SIGKILLed AppHost left behind. The start time tells a live child from an unrelated reused pid.
/// </summary>
internal sealed record ProcessRecord(string ResourceId, int ProcessId, long StartTicks, string Command)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static string DirectoryFor(string stateDirectory) => Path.Combine(stateDirectory, "pids");

    public string Save(string stateDirectory)
    {
        var directory = DirectoryFor(stateDirectory);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{ResourceId}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(this, Json));
        return path;
    }

    public static IEnumerable<(string Path, ProcessRecord? Record)> LoadAll(string stateDirectory)
    {
        var directory = DirectoryFor(stateDirectory);
        if (!Directory.Exists(directory))
        {
            yield break;
        }

        foreach (var path in Directory.EnumerateFiles(directory, "*.json"))
        {
            ProcessRecord? record;
            try
            {
                record = JsonSerializer.Deserialize<ProcessRecord>(File.ReadAllText(path), Json);
            }
            catch (Exception e) when (e is JsonException or IOException)
            {
                record = null;
            }

            yield return (path, record);
        }
    }
}
