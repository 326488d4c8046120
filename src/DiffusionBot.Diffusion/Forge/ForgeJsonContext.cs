using System.Text.Json.Serialization;

namespace DiffusionBot.Diffusion.Forge;

[JsonSerializable(typeof(Dictionary<string, int>))]
internal sealed partial class ForgeJsonContext : JsonSerializerContext;
