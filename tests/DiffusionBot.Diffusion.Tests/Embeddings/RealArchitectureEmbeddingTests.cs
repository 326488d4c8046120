using DiffusionBot.Diffusion.Embeddings;
using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Lora;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Tests.Forge;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Tests.Embeddings;

/// <summary>An embedding on CLIP's real architecture as exporters write it (Cast → Gather on the named token table).</summary>
public sealed class RealArchitectureEmbeddingTests : IDisposable
{
    private readonly TempModelFolder _root = new();

    [Fact]
    public void EmbeddingHoldingAWordsRows_EncodesAsTheWord_AndTheTableKeepsItsExportedName()
    {
        var folder = _root.File("models", "sd15-w4");
        Sd15ModelForge.Write(folder, widthDivisor: 4);
        var encoder = Path.Combine(folder, "text_encoder", "model.onnx");
        var table = TokenEmbeddingTable.Find(encoder, ClipVocabulary.Size);
        var values = InitializerData.Read(table.Tensor, encoder);
        var red = values.AsSpan(ClipVocabulary.IdOfWord("red") * table.Width, table.Width).ToArray();
        SafetensorsWriter.Write(_root.File("embeddings", "scarletix.safetensors"), [new SafetensorsTensor("emb_params", [1, table.Width], red)], half: false);

        using var catalog = new ModelCatalog(_root.File("models"), new SessionFactory("cpu"), embeddingsPath: _root.File("embeddings"));
        using var model = catalog.Load("sd15-w4");
        using var run = new RunOptions();
        var bound = model.TextEncoder.Encode("a scarletix fox", run);
        var word = model.TextEncoder.Encode("a red fox", run);

        Assert.Equal("text_model.embeddings.token_embedding.weight", table.Tensor.Name);
        Assert.Equal(ClipVocabulary.Size, model.TextEncoder.Tokenizer.AddedWords!.IdsOf("scarletix")[0]);
        Assert.Equal(word.HiddenStates.Length, bound.HiddenStates.Length);
        Assert.All(word.HiddenStates.Zip(bound.HiddenStates), p => Assert.Equal(p.First, p.Second, 1e-5f));
    }

    public void Dispose() => _root.Dispose();
}
