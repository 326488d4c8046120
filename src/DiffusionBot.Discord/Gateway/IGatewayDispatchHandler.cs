namespace DiffusionBot.Discord.Gateway;

/// <summary>Receives every dispatch, in order, on the gateway's receive loop.</summary>
/// <remarks>
/// Return quickly (queue the work): heartbeat ACKs are read on the same loop, and interactions must be answered within 3 s.
/// An exception is logged and the next event is delivered. The token is the gateway's run token (the host stopping), never
/// the connection's: work started for an event (an acknowledged command) must survive op 7, a resume or a zombie connection.
/// </remarks>
internal interface IGatewayDispatchHandler
{
    ValueTask HandleAsync(GatewayDispatch dispatch, CancellationToken cancellationToken);
}
