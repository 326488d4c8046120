using System.Net;
using System.Net.Sockets;

namespace DiffusionBot.Chat.Downloads;

/// <summary>
/// Which addresses a download may connect to: public unicast only. Loopback, private (RFC 1918, unique local
/// <c>fc00::/7</c>), link-local (<c>169.254/16</c>, <c>fe80::/10</c>, where cloud metadata services live), carrier-grade
/// NAT, "this network", multicast and reserved ranges are refused; IPv4-mapped IPv6 is judged as its IPv4 address.
/// </summary>
public static class PublicAddresses
{
    public static bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPublicV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => IsPublicV6(address),
            _ => false,
        };
    }

    private static bool IsPublicV4(byte[] b) => !(
        b[0] == 0 // "this network"
        || b[0] == 10
        || b[0] == 127
        || (b[0] == 100 && b[1] >= 64 && b[1] < 128) // carrier-grade NAT
        || (b[0] == 169 && b[1] == 254)
        || (b[0] == 172 && b[1] >= 16 && b[1] < 32)
        || (b[0] == 192 && b[1] == 168)
        || (b[0] == 192 && b[1] == 0 && b[2] == 0) // IETF protocol assignments
        || (b[0] == 198 && (b[1] == 18 || b[1] == 19)) // benchmarking
        || b[0] >= 224); // multicast and reserved

    private static bool IsPublicV6(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return !(address.IsIPv6LinkLocal
            || address.IsIPv6SiteLocal
            || address.IsIPv6Multicast
            || address.IsIPv6UniqueLocal
            || (b[0] == 0x20 && b[1] == 0x02) // 6to4 can wrap any IPv4 address
            || (b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)); // NAT64 can too
    }
}
