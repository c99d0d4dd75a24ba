using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using PostHog.LocalKafka.Telemetry;

namespace PostHog.LocalKafka.Network;

/// <summary>Accepts Kafka clients on the loopback port; binds in StartAsync so the broker is reachable once the host has started.</summary>
public sealed class KafkaListener(RequestDispatcher dispatcher, BrokerOptions options, BrokerMetrics metrics, ILogger<KafkaListener> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private Socket? _socket;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var address = IPAddress.Parse(options.Host);
        _socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _socket.Bind(new IPEndPoint(address, options.Port));
        _socket.Listen(512);
        options.BoundPort = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        logger.LogInformation("LocalKafka listening on {Host}:{Port}, advertising {Advertised}:{Port}, data in {DataDir}",
            options.Host, options.BoundPort, options.AdvertisedHostName, options.BoundPort, options.DataDir);
        Console.Out.WriteLine($"LocalKafka listening on {options.Host}:{options.BoundPort}");
        Console.Out.Flush();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket client;
            try { client = await _socket!.AcceptAsync(stoppingToken); }
            catch (OperationCanceledException) { break; }
            catch (SocketException ex)
            {
                logger.LogWarning(ex, "Accept failed");
                continue;
            }
            client.NoDelay = true;
            metrics.ConnectionAccepted();
            var connection = new KafkaConnection(client, dispatcher, options, metrics, logger);
            var task = Task.Run(() => connection.RunAsync(stoppingToken), CancellationToken.None);
            _connections[task] = 0;
            _ = task.ContinueWith(t => _connections.TryRemove(t, out _), TaskScheduler.Default);
        }
        _socket?.Dispose();
        await Task.WhenAll(_connections.Keys);
    }
}
