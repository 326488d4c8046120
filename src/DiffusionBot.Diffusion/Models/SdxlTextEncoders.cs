using DiffusionBot.Diffusion.Embeddings;
using System.Globalization;
using DiffusionBot.Diffusion.Text;

namespace DiffusionBot.Diffusion.Models;

/// <summary>
/// Opens an SDXL folder's text side: <c>text_encoder/</c> + <c>tokenizer/</c> (CLIP ViT-L; absent in the refiner) and
/// <c>text_encoder_2/</c> + <c>tokenizer_2/</c> (OpenCLIP bigG with projection, pooled output <c>text_embeds</c>), and
/// checks them against the UNet's added conditioning inputs so a mismatch is one line naming the file.
/// </summary>
internal static class SdxlTextEncoders
{
    public const string SecondEncoder = "text_encoder_2";
    public const string SecondTokenizer = "tokenizer_2";
    public const string PooledOutput = "text_embeds";

    /// <summary>Whether <paramref name="folder"/> is in the SDXL layout (it has a second text encoder).</summary>
    public static bool IsSdxl(string folder) => Directory.Exists(Path.Combine(folder, SecondEncoder));

    public static (TextEncoder? First, TextEncoder Second, SdxlPromptConditioner Conditioner) Open(string folder, ISessionFactory sessions, Unet unet, EmbeddingBinding? embeddings = null)
    {
        var unetPath = Path.Combine(folder, "unet", "model.onnx");
        if (unet.TextEmbeds is null || unet.TimeIds is null)
        {
            throw new ModelFolderException(unetPath, "has no text_embeds and time_ids inputs, but the folder has text_encoder_2 (SDXL); export the SDXL UNet with its added conditioning.");
        }

        TextEncoder? first = null;
        TextEncoder? second = null;
        try
        {
            if (File.Exists(Path.Combine(folder, "text_encoder", "model.onnx")))
            {
                first = OpenEncoder(folder, "text_encoder", "tokenizer", sessions, pooled: null, embeddings);
            }

            second = OpenEncoder(folder, SecondEncoder, SecondTokenizer, sessions, PooledOutput, embeddings);
            var secondPath = Path.Combine(folder, SecondEncoder, "model.onnx");
            if (first is not null && first.SequenceLength != second.SequenceLength)
            {
                throw new ModelFolderException(secondPath, $"takes {second.SequenceLength} tokens but text_encoder takes {first.SequenceLength}; both SDXL encoders read the same prompt length.");
            }

            var pooledSize = second.PooledSize;
            if (unet.TextEmbeds.FixedDimension(1) is { } expectedPooled && pooledSize is { } actual && actual != expectedPooled)
            {
                throw new ModelFolderException(unetPath, $"expects text_embeds of width {expectedPooled} but {SecondEncoder}'s text_embeds has {actual}.");
            }

            var config = SdxlPipelineConfig.Read(folder);
            var declared = unet.TimeIds.FixedDimension(1);
            var timeIds = new SdxlTimeIds(config.RequiresAestheticsScore ?? declared == 5);
            if (declared is { } length && length != timeIds.Length)
            {
                throw new ModelFolderException(unetPath, string.Create(CultureInfo.InvariantCulture,
                    $"expects time_ids of {length} numbers but model_index.json's requires_aesthetics_score={timeIds.AestheticScore.ToString().ToLowerInvariant()} gives {timeIds.Length}."));
            }

            return (first, second, new SdxlPromptConditioner(first, second, timeIds, config.ForceZerosForEmptyPrompt));
        }
        catch
        {
            first?.Dispose();
            second?.Dispose();
            throw;
        }
    }

    /// <summary>The (encoder, tokenizer) folders of an SDXL model: the refiner has only the second.</summary>
    public static IReadOnlyList<(string Encoder, string Tokenizer)> Folders(string folder) =>
        File.Exists(Path.Combine(folder, "text_encoder", "model.onnx"))
            ? [("text_encoder", "tokenizer"), (SecondEncoder, SecondTokenizer)]
            : [(SecondEncoder, SecondTokenizer)];

    private static TextEncoder OpenEncoder(string folder, string encoder, string tokenizerFolder, ISessionFactory sessions, string? pooled, EmbeddingBinding? embeddings)
    {
        var tokenizer = ClipTokenizer.FromDirectory(Path.Combine(folder, tokenizerFolder));
        tokenizer = embeddings?.Tokenizer(encoder, tokenizer) ?? tokenizer;
        var part = OnnxModelPart.Open(folder, encoder, sessions);
        try
        {
            return new TextEncoder(part, tokenizer, TextEncoderOutputs.Penultimate(part, pooled));
        }
        catch
        {
            part.Dispose();
            throw;
        }
    }
}
