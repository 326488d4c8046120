namespace DiffusionBot.Discord.Gateway;

/// <summary>Receives every dispatch, in order, on the gateway's receive loop.</summary>
/// <remarks>
/// Return quickly (queue the work): heartbeat ACKs are read on the same loop, and interactions must be answered within 3 s.
/// An exception is logged and the next event is delivered.
/// </remarks>
internal interface IGatewayDispatchHandler
{
    ValueTask HandleAsync(GatewayDispatch dispatch, CancellationToken cancellationToken);
}
