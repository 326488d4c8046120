namespace DiffusionBot.Chat.Prompts;

/// <summary>Collects flag values while parsing; refuses a flag given twice.</summary>
internal sealed class PromptSpecBuilder(string prompt)
{
    private readonly HashSet<string> _claimed = new(StringComparer.Ordinal);
    private readonly List<string> _negatives = [];

    public long? Seed { get; set; }

    public int? Steps { get; set; }

    public float? Guidance { get; set; }

    public int? Width { get; set; }

    public int? Height { get; set; }

    public double? AspectRatio { get; set; }

    public int? Count { get; set; }

    public string? Sampler { get; set; }

    public string? Model { get; set; }

    public float? Strength { get; set; }

    /// <summary>Several <c>--lora</c> flags and <c>&lt;lora:…&gt;</c> tags add up.</summary>
    public List<Diffusion.Lora.LoraSpec> Loras { get; } = [];

    public bool? Refine { get; set; }

    /// <summary>Several <c>--no</c> flags add up.</summary>
    public void AddNegative(string words) => _negatives.Add(words.Trim());

    public void Claim(string flag) => Claim(flag, $"{flag} appears twice; please keep one.");

    public void Claim(string key, string messageWhenTaken)
    {
        if (!_claimed.Add(key))
        {
            throw new PromptFlagException(messageWhenTaken);
        }
    }

    public PromptSpec Build() => new()
    {
        Prompt = prompt,
        NegativePrompt = string.Join(", ", _negatives),
        Seed = Seed,
        Steps = Steps,
        Guidance = Guidance,
        Width = Width,
        Height = Height,
        AspectRatio = AspectRatio,
        Count = Count,
        Sampler = Sampler,
        Model = Model,
        Strength = Strength,
        Loras = Loras.Count == 0 ? null : [.. Loras],
        Refine = Refine,
    };
}
