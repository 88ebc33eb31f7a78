using System.Net;
using System.Net.Sockets;

namespace Notifications;

/// <summary>
/// Free loopback ports for servers started a moment later (PostgreSQL, Redis, the service's own
/// processes), shared as source by the AppHost and by tests/Notifications.Testing, the launcher the
/// integration tests and the benchmarks share.
/// </summary>
internal static class LoopbackPorts
{
    /// <summary>
    /// A port that is free now, taken from just below the kernel's ephemeral range. The server binds it
    /// seconds later; a port from the ephemeral range could meanwhile become the source port of any
    /// outgoing connection on the machine ("Address already in use"), one below it cannot.
    /// </summary>
    public static int Free()
    {
        var ephemeralStart = EphemeralRangeStart();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(Math.Max(1024, ephemeralStart - 12_000), ephemeralStart);
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The first port of the ephemeral range: Linux's setting, else the IANA range's 49152.</summary>
    private static int EphemeralRangeStart()
    {
        const string linuxRange = "/proc/sys/net/ipv4/ip_local_port_range";
        if (File.Exists(linuxRange)
            && int.TryParse(File.ReadAllText(linuxRange).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[0], out var start)
            && start > 2_048)
        {
            return start;
        }

        return 49_152;
    }
}
