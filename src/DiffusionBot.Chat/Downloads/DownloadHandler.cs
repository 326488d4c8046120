using System.Net;
using System.Net.Sockets;

namespace DiffusionBot.Chat.Downloads;

/// <summary>
/// The HTTP handler for fetching user images: no automatic redirects (the downloader follows them after its own checks),
/// no proxy, and — unless private addresses are allowed — a connect step that resolves the host itself and connects
/// only to public addresses. Checking the address the socket actually connects to is what stops DNS tricks: a name that
/// resolves to 127.0.0.1 or 10.0.0.1, a redirect to such a name, or a DNS answer that changes between check and use.
/// </summary>
public static class DownloadHandler
{
    public static SocketsHttpHandler Create(bool allowPrivateAddresses)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (!allowPrivateAddresses)
        {
            handler.ConnectCallback = ConnectToPublicAddressAsync;
        }

        return handler;
    }

    /// <summary>The refusal a download gets when its host is, or resolves to, a private address.</summary>
    public static ImageDownloadException PrivateAddressRefused() =>
        new(ImageDownloadFailure.PrivateAddress, "That link points into a private network, so I did not fetch it; please attach the image directly.");

    private static async ValueTask<Stream> ConnectToPublicAddressAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endPoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken).ConfigureAwait(false);
        var allowed = addresses.Where(PublicAddresses.Contains).ToArray();
        if (allowed.Length == 0 || allowed.Length != addresses.Length)
        {
            // Any private answer is refused, not just skipped: a name that mixes both is someone's trick.
            throw PrivateAddressRefused();
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
