using System.Text.Json.Serialization;
using DiffusionBot.Slack.Events;
using DiffusionBot.Slack.Http;
using DiffusionBot.Slack.Mapping;
using DiffusionBot.Slack.SocketMode;
using DiffusionBot.Slack.WebApi;

namespace DiffusionBot.Slack;

/// <summary>Source-generated JSON for Slack's wire: every name is explicit snake_case on the DTO, nulls are left out.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SocketFrame))]
[JsonSerializable(typeof(Hello))]
[JsonSerializable(typeof(Disconnect))]
[JsonSerializable(typeof(SocketEnvelope))]
[JsonSerializable(typeof(SocketAck))]
[JsonSerializable(typeof(ChatPostMessageRequest))]
[JsonSerializable(typeof(ChatUpdateRequest))]
[JsonSerializable(typeof(ChatPostEphemeralRequest))]
[JsonSerializable(typeof(ViewsOpenRequest))]
[JsonSerializable(typeof(EditFormState))]
[JsonSerializable(typeof(ResponseUrlMessage))]
[JsonSerializable(typeof(ChatMessageResponse))]
[JsonSerializable(typeof(ChatPostEphemeralResponse))]
[JsonSerializable(typeof(UsersInfoResponse))]
[JsonSerializable(typeof(UploadUrlResponse))]
[JsonSerializable(typeof(UploadedFile[]))]
[JsonSerializable(typeof(CompleteUploadResponse))]
[JsonSerializable(typeof(ConnectionsOpenResponse))]
[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(UrlVerification))]
[JsonSerializable(typeof(ConversationsRepliesResponse))]
[JsonSerializable(typeof(BlockActions))]
[JsonSerializable(typeof(EventCallback))]
internal sealed partial class SlackJsonContext : JsonSerializerContext;
