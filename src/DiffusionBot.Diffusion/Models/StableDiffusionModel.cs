using DiffusionBot.Diffusion.Embeddings;
using System.Diagnostics;
using System.Text.Json;
using DiffusionBot.Diffusion.Safety;
using DiffusionBot.Diffusion.Schedulers;
using DiffusionBot.Diffusion.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DiffusionBot.Diffusion.Models;

/// <summary>
/// One model folder in the diffusers/Optimum ONNX layout, each sub-model opened once. Everything
/// shape- or dtype-dependent is read from the sessions and configs, never assumed.
/// </summary>
public sealed class StableDiffusionModel : IDisposable
{
    /// <summary>Used when the VAE's config names no scaling factor (SD 1.x/2.x).</summary>
    public const float DefaultScalingFactor = 0.18215f;

    private StableDiffusionModel(string name, string folder)
    {
        Name = name;
        Folder = folder;
    }

    public string Name { get; }

    public string Folder { get; }

    public string ProviderName { get; private set; } = "";

    public TextEncoder TextEncoder { get; private set; } = null!;

    /// <summary>SDXL base's second encoder (OpenCLIP bigG) beside <see cref="TextEncoder"/>; null otherwise (the refiner's only encoder is <see cref="TextEncoder"/>).</summary>
    public TextEncoder? TextEncoder2 { get; private set; }

    /// <summary>How this family embeds a prompt pair for the UNet (one CLIP encoder, or SDXL's two plus added conditioning).</summary>
    public PromptConditioner Conditioner { get; private set; } = null!;

    /// <summary>"SDXL" or "SDXL refiner" for the SDXL layout, "SD" otherwise.</summary>
    public string Family => Conditioner is SdxlPromptConditioner sdxl ? (sdxl.TimeIds.AestheticScore ? "SDXL refiner" : "SDXL") : "SD";

    public Unet Unet { get; private set; } = null!;

    /// <summary>The decoder tried first (<c>vae_decoder_fp16_fix/</c> when present, else <c>vae_decoder/</c>).</summary>
    public VaeDecoder VaeDecoder => Vae.Decoder;

    /// <summary>How latents are decoded, with the fp32 and fp16-fix fallbacks (<see cref="VaeDecoding"/>).</summary>
    public VaeDecoding Vae { get; private set; } = null!;

    public VaeEncoder? VaeEncoder { get; private set; }

    public SafetyChecker? SafetyChecker { get; private set; }

    public SchedulerConfig SchedulerConfig { get; private set; } = null!;

    public float ScalingFactor { get; private set; } = DefaultScalingFactor;

    /// <summary>The settings this model runs with when a request leaves them out (<see cref="ModelDefaults"/>).</summary>
    public ModelDefaults Defaults { get; private set; } = ModelDefaults.None;

    /// <summary>Whether the sessions were released (an unloaded model); a test's proof that unloading is real.</summary>
    public bool IsDisposed { get; private set; }

    /// <summary>The textual-inversion embeddings bound to new tokens of this model's text encoders.</summary>
    public IReadOnlyList<TextualInversion> Embeddings { get; private set; } = [];

    /// <summary>Embedding files that could not be used (a pickle, a malformed file), by name, with the reason.</summary>
    public IReadOnlyDictionary<string, string> RefusedEmbeddings { get; private set; } = new Dictionary<string, string>();

    public static StableDiffusionModel Open(string folder, ISessionFactory sessions, ILogger? logger = null, EmbeddingLibrary? embeddings = null)
    {
        logger ??= NullLogger.Instance;
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        var clock = Stopwatch.StartNew();
        RequireFile(Path.Combine(folder, "model_index.json"));
        var model = new StableDiffusionModel(name, folder);
        EmbeddingBinding? binding = null;
        try
        {
            model.ProviderName = sessions.ProviderName;
            var schedulerConfig = Path.Combine(folder, "scheduler", "scheduler_config.json");
            RequireFile(schedulerConfig);
            model.SchedulerConfig = SchedulerConfig.Load(schedulerConfig, logger);
            model.Defaults = ModelDefaults.Read(folder);
            binding = BindEmbeddings(model, folder, embeddings ?? new EmbeddingLibrary(null), logger);
            sessions = binding?.Sessions(sessions) ?? sessions;
            model.Unet = new Unet(OnnxModelPart.Open(folder, "unet", sessions), sessions);
            if (SdxlTextEncoders.IsSdxl(folder))
            {
                var (first, second, conditioner) = SdxlTextEncoders.Open(folder, sessions, model.Unet, binding);
                (model.TextEncoder, model.TextEncoder2, model.Conditioner) = (first ?? second, first is null ? null : second, conditioner);
            }
            else
            {
                var tokenizer = ClipTokenizer.FromDirectory(Path.Combine(folder, "tokenizer"));
                tokenizer = binding?.Tokenizer("text_encoder", tokenizer) ?? tokenizer;
                model.TextEncoder = new TextEncoder(OnnxModelPart.Open(folder, "text_encoder", sessions), tokenizer);
                model.Conditioner = new ClipPromptConditioner(model.TextEncoder);
                if (model.Unet.HasAddedConditioning)
                {
                    throw new ModelFolderException(Path.Combine(folder, SdxlTextEncoders.SecondEncoder, "model.onnx"), "is missing; the UNet takes SDXL's text_embeds and time_ids, which come from a second text encoder.");
                }
            }

            model.Vae = VaeDecoding.Open(folder, sessions);
            model.ScalingFactor = ReadScalingFactor(folder);
            if (File.Exists(Path.Combine(folder, "vae_encoder", "model.onnx")))
            {
                model.VaeEncoder = new VaeEncoder(OnnxModelPart.Open(folder, "vae_encoder", sessions));
            }

            if (File.Exists(Path.Combine(folder, "safety_checker", "model.onnx")))
            {
                model.SafetyChecker = new SafetyChecker(OnnxModelPart.Open(folder, "safety_checker", sessions));
            }

            var hidden = model.Unet.HiddenStates.FixedDimension(2);
            if (hidden is { } expected && expected != model.Conditioner.HiddenSize)
            {
                var produced = model.TextEncoder2 is { } second ? $"the text encoders produce {model.TextEncoder.HiddenSize} + {second.HiddenSize} = {model.Conditioner.HiddenSize}" : $"the text encoder produces {model.Conditioner.HiddenSize}";
                throw new ModelFolderException(Path.Combine(folder, "unet", "model.onnx"), $"expects hidden size {expected} but {produced}.");
            }
        }
        catch
        {
            model.Dispose();
            throw;
        }
        finally
        {
            binding?.DisposeUnused();
        }

        logger.ModelOpened(name, sessions.ProviderName, clock.ElapsedMilliseconds);
        return model;
    }

    private static EmbeddingBinding? BindEmbeddings(StableDiffusionModel model, string folder, EmbeddingLibrary library, ILogger logger)
    {
        var (loaded, refused) = library.Load(folder);
        foreach (var (name, reason) in refused)
        {
            logger.EmbeddingRefused(name, reason);
        }

        model.RefusedEmbeddings = refused;
        if (loaded.Count == 0)
        {
            return null;
        }

        IReadOnlyList<(string Encoder, string Tokenizer)> folders = SdxlTextEncoders.IsSdxl(folder) ? SdxlTextEncoders.Folders(folder) : [("text_encoder", "tokenizer")];
        var encoders = folders.Select(f => (f.Encoder, ClipTokenizer.FromDirectory(Path.Combine(folder, f.Tokenizer)))).ToList();
        var binding = EmbeddingBinding.Prepare(folder, encoders, loaded, logger);
        model.Embeddings = binding?.Bound ?? [];
        return binding;
    }

    /// <summary>One line per sub-model with its declared inputs and outputs.</summary>
    public IEnumerable<string> Describe()
    {
        yield return $"family: {Defaults.FamilyTag}; provider: {ProviderName}; scheduler: {SchedulerConfig.ClassName}; scaling factor: {ScalingFactor}; hidden size: {Conditioner.HiddenSize}; tokens: {Conditioner.SequenceLength}; latent channels: {Unet.LatentChannels}";
        var defaults = Defaults.Describe();
        yield return $"defaults: {(defaults.Length == 0 ? "the engine's" : defaults)}";
        yield return $"added conditioning: {AddedConditioning()}";
        yield return $"unet: {Unet.Describe()}";
        yield return Vae.Describe();
        yield return VaeEncoder is null ? "vae_encoder: none (no img2img)" : $"vae_encoder: {VaeEncoder.Describe()}";
        yield return SafetyChecker is null ? "safety_checker: none" : $"safety_checker: {SafetyChecker.Describe()}";
    }

    // The UNet inputs beyond sample, timestep and encoder_hidden_states that this model's family feeds.
    private string AddedConditioning()
    {
        var inputs = new[] { Unet.TextEmbeds, Unet.TimeIds, Unet.TimestepCond }.OfType<TensorSpec>().Select(spec => spec.ToString()).ToList();
        return inputs.Count == 0 ? "none" : string.Join(", ", inputs);
    }

    private static float ReadScalingFactor(string folder)
    {
        foreach (var part in new[] { "vae_decoder", "vae_encoder", "vae" })
        {
            var path = Path.Combine(folder, part, "config.json");
            if (!File.Exists(path))
            {
                continue;
            }

            try
            {
                using var json = JsonDocument.Parse(File.ReadAllText(path));
                if (json.RootElement.TryGetProperty("scaling_factor", out var factor))
                {
                    return factor.GetSingle();
                }
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                throw new ModelFolderException(path, "is not valid JSON with a numeric scaling_factor.", e);
            }
        }

        return DefaultScalingFactor;
    }

    private static void RequireFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelFolderException(path, "is missing; every model folder needs it (diffusers/Optimum ONNX layout).");
        }
    }

    public void Dispose()
    {
        IsDisposed = true;
        TextEncoder?.Dispose();
        TextEncoder2?.Dispose();
        Unet?.Dispose();
        Vae?.Dispose();
        VaeEncoder?.Dispose();
        SafetyChecker?.Dispose();
    }
}
