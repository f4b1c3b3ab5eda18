using Microsoft.AspNetCore.Http;
using ResearchSite.Serve;

namespace ResearchSite.Tests.Serve;

public class ListenAddressTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("LOCALHOST")]
    [InlineData("0.0.0.0")]
    [InlineData("192.168.1.20")]
    [InlineData("::1")]
    [InlineData("[::1]")]
    [InlineData("::")]
    public void An_IP_address_or_localhost_is_listened_on(string host)
    {
        var (address, error) = ListenAddress.Parse(host, 5080);
        Assert.Null(error);
        Assert.NotNull(address);
    }

    [Theory]
    [InlineData("my-laptop", "--host 'my-laptop' is not an IP address or 'localhost'")]
    [InlineData("example.org", "--host 'example.org' is not an IP address or 'localhost'")]
    [InlineData("5080", "--host '5080' is not an IP address or 'localhost'")]
    [InlineData("127.1", "--host '127.1' is not an IP address or 'localhost'")]
    [InlineData("", "--host '' is not an IP address or 'localhost'")]
    public void A_name_is_not_listened_on(string host, string message)
    {
        var (address, error) = ListenAddress.Parse(host, 5080);
        Assert.Null(address);
        Assert.StartsWith(message, error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65536)]
    [InlineData(99999)]
    public void A_port_out_of_range_is_refused(int port)
    {
        var (address, error) = ListenAddress.Parse("127.0.0.1", port);
        Assert.Null(address);
        Assert.Equal($"--port {port} is not a port: give a number from 1 to 65535.", error);
    }

    [Theory]
    // On loopback: loopback addresses and localhost, whatever the port (a tunnel may forward another).
    [InlineData("127.0.0.1", "127.0.0.1:5080", true)]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("127.0.0.1", "localhost:5080", true)]
    [InlineData("127.0.0.1", "localhost:8080", true)]
    [InlineData("127.0.0.1", "[::1]:5080", true)]
    [InlineData("localhost", "localhost", true)]
    [InlineData("localhost", "[::1]", true)]
    [InlineData("127.0.0.1", "evil.example", false)]
    [InlineData("127.0.0.1", "evil.example:5080", false)]
    [InlineData("127.0.0.1", "localhost.evil.example", false)]
    [InlineData("127.0.0.1", "192.168.1.20:5080", false)]
    [InlineData("127.0.0.1", "", false)]
    // On an address of the network: that address too.
    [InlineData("192.168.1.20", "192.168.1.20:5080", true)]
    [InlineData("192.168.1.20", "127.0.0.1:5080", true)]
    [InlineData("192.168.1.20", "192.168.1.21:5080", false)]
    [InlineData("192.168.1.20", "my-laptop.local:5080", false)]
    // On every interface: any address of the machine, never a name.
    [InlineData("0.0.0.0", "10.0.0.7:5080", true)]
    [InlineData("::", "[fe80::1]:5080", true)]
    [InlineData("0.0.0.0", "my-laptop:5080", false)]
    [InlineData("0.0.0.0", "evil.example", false)]
    public void Only_its_own_addresses_reach_the_preview(string listen, string host, bool allowed) =>
        Assert.Equal(allowed, ListenAddress.Parse(listen, 5080).Address!.Allows(new HostString(host)));
}
