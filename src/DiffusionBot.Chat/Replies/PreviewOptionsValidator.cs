using Microsoft.Extensions.Options;

namespace DiffusionBot.Chat.Replies;

/// <summary>Checks <see cref="PreviewOptions"/>' attribute rules at startup (source-generated).</summary>
[OptionsValidator]
internal sealed partial class PreviewOptionsValidator : IValidateOptions<PreviewOptions>;
