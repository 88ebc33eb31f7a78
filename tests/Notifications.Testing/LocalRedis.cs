using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Notifications.Testing;

/// <summary>The machine's Redis, without persistence, on a loopback port; can be stopped and started again on the same port.</summary>
public sealed class LocalRedis : IAsyncDisposable
{
    /// <summary>How long Redis gets to answer PING.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private ChildProcess? _process;

    private LocalRedis(int port) => Port = port;

    public int Port { get; }

    /// <summary><c>host:port</c>, as StackExchange.Redis's configuration starts.</summary>
    public string Endpoint => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Starts Redis on <paramref name="port"/> (a free one when null) and waits until it answers PING.</summary>
    public static async Task<LocalRedis> StartAsync(int? port = null)
    {
        var redis = new LocalRedis(port ?? LoopbackPorts.Free());
        await redis.StartAsync();
        return redis;
    }

    /// <summary>Starts Redis again (after <see cref="StopAsync"/>), on the same port.</summary>
    public async Task StartAsync()
    {
        if (_process is { HasExited: false })
        {
            return;
        }

        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        var process = ChildProcess.Start("redis-server", $"redis-{Port.ToString(CultureInfo.InvariantCulture)}", ["--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
        _process = process;
        await Eventually.SucceedsAsync(
            async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"Redis exited with {process.Process.ExitCode}:{Environment.NewLine}{process.Output}");
                }

                await PingAsync();
            },
            $"Redis to answer PING on port {Port}",
            StartTimeout,
            retryOn: ex => ex is SocketException or IOException);
    }

    /// <summary>Stops Redis at once, as an outage would.</summary>
    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.KillAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    private async Task PingAsync()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, Port);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray());
        var buffer = new byte[16];
        var read = await stream.ReadAsync(buffer);
        var answer = Encoding.ASCII.GetString(buffer, 0, read);
        if (!answer.StartsWith("+PONG", StringComparison.Ordinal))
        {
            throw new IOException($"Redis answered PING with \"{answer.TrimEnd()}\".");
        }
    }
}
