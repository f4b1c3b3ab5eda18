using System.Net;
using Microsoft.AspNetCore.Http;

namespace ResearchSite.Serve;

/// <summary>
/// Where `serve` listens (--host, --port), and which Host headers it answers. The preview is for the
/// author's own browser: a page on another site may point a name of its own at 127.0.0.1 (DNS
/// rebinding) and read the preview as same-origin, so only addresses, never names but localhost, pass.
/// </summary>
/// <param name="Ip">The listening address, or null for <see cref="Localhost"/> (both loopback addresses).</param>
/// <param name="Port">The listening port.</param>
public sealed record ListenAddress(IPAddress? Ip, int Port)
{
    public const string Localhost = "localhost";

    /// <summary>The address, or the one-line reason the command line's --host or --port cannot be served on.</summary>
    public static (ListenAddress? Address, string? Error) Parse(string host, int port)
    {
        if (port is < 1 or > IPEndPoint.MaxPort)
        {
            return (null, $"--port {port} is not a port: give a number from 1 to {IPEndPoint.MaxPort}.");
        }

        if (host.Equals(Localhost, StringComparison.OrdinalIgnoreCase))
        {
            return (new ListenAddress(null, port), null);
        }

        // IPAddress also parses "5080" or "127.1" as IPv4; only the dotted form is what the user meant.
        var text = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (IPAddress.TryParse(text, out var ip) && (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 || ip.ToString() == text))
        {
            return (new ListenAddress(ip, port), null);
        }

        // Kestrel would listen on every interface for a name, silently.
        return (null, $"--host '{host}' is not an IP address or 'localhost': give 127.0.0.1 (the default), this machine's IP address, or 0.0.0.0 for every interface.");
    }

    /// <summary>
    /// Loopback addresses and localhost, with any port (an SSH tunnel may forward another); the address
    /// it listens on; when that is every interface, any address of this machine, so any IP literal: a
    /// rebinding page always presents a name.
    /// </summary>
    public bool Allows(HostString header)
    {
        if (!header.HasValue)
        {
            return false;
        }

        var name = header.Host;
        if (name.Equals(Localhost, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!IPAddress.TryParse(name.StartsWith('[') && name.EndsWith(']') ? name[1..^1] : name, out var ip))
        {
            return false;
        }

        return IPAddress.IsLoopback(ip)
            || (Ip is { } own && (own.Equals(ip) || own.Equals(IPAddress.Any) || own.Equals(IPAddress.IPv6Any)));
    }
}
