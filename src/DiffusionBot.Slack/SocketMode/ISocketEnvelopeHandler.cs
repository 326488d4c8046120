namespace DiffusionBot.Slack.SocketMode;

/// <summary>Receives each envelope once, after it has been acked. The mapping layer implements it.</summary>
internal interface ISocketEnvelopeHandler
{
    /// <summary>Handles one envelope. Runs apart from the receive loop, so a slow handler never delays the next ack.</summary>
    ValueTask HandleAsync(SocketEnvelope envelope, CancellationToken cancellationToken);
}
