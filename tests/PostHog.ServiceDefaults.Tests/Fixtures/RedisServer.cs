namespace PostHog.ServiceDefaults.Tests.Fixtures;

/// <summary>A throw-away redis-server on a free loopback port, no persistence, with a password.</summary>
public sealed class RedisServer : IAsyncLifetime
{
    public const string Password = "redis-test-pw";

    private ServerProcess? server;

    public int Port { get; } = FreePort.Next();

    public string ConnectionString => $"127.0.0.1:{Port},password={Password}";

    public async Task InitializeAsync()
    {
        var directory = ServerProcess.NewDirectory("redis-test");
        server = ServerProcess.Start(directory, "redis-server",
            "--bind", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--dir", directory,
            "--save", "", "--appendonly", "no", "--daemonize", "no", "--requirepass", Password);
        await server.WaitUntilAsync(() => TcpProbe.AcceptsAsync(Port), TimeSpan.FromSeconds(15), "redis-server");
    }

    public Task DisposeAsync()
    {
        server?.Dispose();
        return Task.CompletedTask;
    }
}
