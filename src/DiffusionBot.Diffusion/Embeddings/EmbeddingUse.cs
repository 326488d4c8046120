using System.Text.RegularExpressions;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;

namespace DiffusionBot.Diffusion.Embeddings;

/// <summary>What a request's prompts do with the model's embeddings: refused files answered, used ones recorded.</summary>
internal static class EmbeddingUse
{
    /// <summary>Refuses a request whose prompt names an embedding file that could not be used (a pickle), saying why.</summary>
    public static void RefuseUnusable(StableDiffusionModel model, GenerationRequest request)
    {
        foreach (var (name, reason) in model.RefusedEmbeddings)
        {
            var word = new Regex($@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(name)}(?![\p{{L}}\p{{N}}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            if (word.IsMatch(request.Prompt) || word.IsMatch(request.NegativePrompt ?? ""))
            {
                throw new InvalidRequestException($"The embedding '{name}' cannot be used: {reason}");
            }
        }
    }

    /// <summary>A1111's <c>TI hashes</c> field for the embeddings the prompts use; empty when they use none.</summary>
    public static string Parameters(StableDiffusionModel model, GenerationRequest request)
    {
        if (model.TextEncoder.Tokenizer.AddedWords is not { } words)
        {
            return "";
        }

        var used = words.UsedIn(request.Prompt + "\n" + request.NegativePrompt);
        if (used.Count == 0)
        {
            return "";
        }

        var hashes = used
            .Select(name => model.Embeddings.First(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase)))
            .Select(e => $"{e.Name}: {e.ShortHash}");
        return $", TI hashes: \"{string.Join(", ", hashes)}\"";
    }
}
