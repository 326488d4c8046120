using System.Text.Json.Serialization;
using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Replies;

namespace DiffusionBot.Chat;

/// <summary>Source-generated JSON for what the chat core stores: camelCase, enums as names, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ReplyAddress))]
[JsonSerializable(typeof(CommandOrigin))]
[JsonSerializable(typeof(Prompts.PromptSpec))]
[JsonSerializable(typeof(ChatPlatform))]
internal sealed partial class ChatJsonContext : JsonSerializerContext;
