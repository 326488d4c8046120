using System.Text.Json;
using DiffusionBot.Slack.Events;
using DiffusionBot.Slack.SocketMode;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Slack.Mapping;

/// <summary>Reads each acked Socket Mode envelope's payload and hands it to the <see cref="SlackCommandMapper"/>.</summary>
internal sealed class SlackEnvelopeHandler(SlackCommandMapper mapper, ILogger<SlackEnvelopeHandler> logger) : ISocketEnvelopeHandler
{
    public async ValueTask HandleAsync(SocketEnvelope envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (envelope.Payload.ValueKind != JsonValueKind.Object)
        {
            logger.PayloadMalformed(null, envelope.Type);
            return;
        }

        try
        {
            switch (envelope.Kind)
            {
                case EnvelopeKind.SlashCommands:
                    var payload = envelope.Payload;
                    if (SlashCommand.From(name => payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null) is { } command)
                    {
                        await mapper.HandleSlashCommandAsync(command, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        logger.PayloadMalformed(null, envelope.Type);
                    }

                    break;
                case EnvelopeKind.Interactive:
                    if (envelope.Payload.Deserialize(SlackJsonContext.Default.BlockActions) is { } actions)
                    {
                        await mapper.HandleBlockActionsAsync(actions, cancellationToken).ConfigureAwait(false);
                    }

                    break;
                case EnvelopeKind.EventsApi:
                    if (envelope.Payload.Deserialize(SlackJsonContext.Default.EventCallback) is { } callback)
                    {
                        await mapper.HandleEventAsync(callback, cancellationToken).ConfigureAwait(false);
                    }

                    break;
                default:
                    logger.EnvelopeTypeUnknown(envelope.EnvelopeId, envelope.Type);
                    break;
            }
        }
        catch (JsonException exception)
        {
            logger.PayloadMalformed(exception, envelope.Type);
        }
    }
}
