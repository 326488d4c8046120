using DiffusionBot.Diffusion.Embeddings;
using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Lora;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Forge;
using DiffusionBot.Diffusion.Tests.Pipeline;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DiffusionBot.Diffusion.Tests.Embeddings;

/// <summary>
/// Textual-inversion embeddings on the demo: a name bound to new token ids whose rows are the vectors the file holds.
/// The demo's encoder is a plain lookup, so an embedding holding a word's row must paint exactly what the word paints.
/// </summary>
public sealed class TextualInversionTests : IDisposable
{
    private const int Size = 64;

    private readonly TempModelFolder _root = new();
    private readonly EngineOptions _options;
    private readonly List<StableDiffusionModel> _models = [];

    public TextualInversionTests()
    {
        DemoModelForge.Write(_root.File("models", "demo"));
        Directory.CreateDirectory(_root.File("embeddings"));
        _options = new EngineOptions { ModelsPath = _root.File("models"), EmbeddingsPath = _root.File("embeddings") };
    }

    [Fact]
    public void A1111Embedding_HoldingRedsRow_PaintsExactlyWhatRedPaints()
    {
        WriteEmbedding("scarletix.safetensors", "emb_params", "red");
        var without = Generate(Pipeline(embeddings: false), "scarletix");
        var pipeline = Pipeline(embeddings: true);

        var bound = Generate(pipeline, "scarletix");

        Assert.Equal(Pixels(Generate(pipeline, "red")), Pixels(bound));
        Assert.NotEqual(Pixels(without), Pixels(bound));
    }

    [Fact]
    public void DiffusersEmbedding_IsNamedByItsToken_AndRecordedWithA1111sTiHash()
    {
        var path = WriteEmbedding("learned_embeds.safetensors", "<cat-toy>", "blue");
        var pipeline = Pipeline(embeddings: true);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)))[..12];

        var png = Generate(pipeline, "a <cat-toy>, studio light");

        Assert.Equal(Pixels(Generate(pipeline, "a blue, studio light")), Pixels(png));
        Assert.EndsWith($", TI hashes: \"<cat-toy>: {hash}\"", PngWithParameters.Read(png), StringComparison.Ordinal);
    }

    [Fact]
    public void MultiVectorEmbedding_StandsForAllItsTokens()
    {
        WriteEmbedding("duo.safetensors", "emb_params", "red", "yellow");
        var pipeline = Pipeline(embeddings: true);

        Assert.Equal(Pixels(Generate(pipeline, "red yellow")), Pixels(Generate(pipeline, "duo")));
    }

    [Fact]
    public void EmbeddingInTheNegativePrompt_WorksAsTheWordDoes()
    {
        WriteEmbedding("notred.safetensors", "emb_params", "red");
        var pipeline = Pipeline(embeddings: true);

        var negated = Generate(pipeline, "red blue", negative: "notred");

        Assert.Equal(Pixels(Generate(pipeline, "red blue", negative: "red")), Pixels(negated));
        Assert.NotEqual(Pixels(Generate(pipeline, "red blue")), Pixels(negated));
        Assert.Contains("TI hashes: \"notred: ", PngWithParameters.Read(negated), StringComparison.Ordinal);
    }

    [Fact]
    public void PickledEmbedding_IsRefusedWithAMessage_AndTheModelStillServes()
    {
        File.WriteAllBytes(_root.File("embeddings", "easynegative.pt"), [0x80, 0x02, 0x7D, 0x71]);
        var pipeline = Pipeline(embeddings: true);

        var error = Assert.Throws<InvalidRequestException>(() => Generate(pipeline, "red", negative: "easynegative"));

        Assert.Equal("The embedding 'easynegative' cannot be used: easynegative.pt is a pickled PyTorch file, which can run code when loaded; convert it to .safetensors.", error.Message);
        Assert.NotEmpty(Generate(pipeline, "red"));
    }

    [Fact]
    public void ModelFolderEmbedding_WinsOverTheGlobalOne()
    {
        WriteEmbedding("tint.safetensors", "emb_params", "red");
        Directory.CreateDirectory(_root.File("models", "demo", "embeddings"));
        WriteEmbedding(Path.Combine("..", "models", "demo", "embeddings", "tint.safetensors"), "emb_params", "green");
        var pipeline = Pipeline(embeddings: true);

        Assert.Equal(Pixels(Generate(pipeline, "green")), Pixels(Generate(pipeline, "tint")));
    }

    [Fact]
    public void EmbeddingOfAnotherWidth_IsLeftOut_AndItsNameStaysText()
    {
        SafetensorsWriter.Write(_root.File("embeddings", "wide.safetensors"), [new SafetensorsTensor("emb_params", [1, 7], new float[7])]);
        var pipeline = Pipeline(embeddings: true);

        Assert.DoesNotContain("wide", pipeline.Model.Embeddings.Select(e => e.Name));
        Assert.Equal(Pixels(Generate(Pipeline(embeddings: false), "wide red")), Pixels(Generate(pipeline, "wide red")));
    }

    [Fact]
    public void SdxlEmbedding_CarriesClipLAndClipG_ForItsTwoEncoders()
    {
        SdxlDemoModelForge.Write(_root.File("models", "xl"));
        var path = _root.File("embeddings", "scarletxl.safetensors");
        SafetensorsWriter.Write(path, [
            Rows("clip_l", _root.File("models", "xl", "text_encoder", "model.onnx"), "red"),
            Rows("clip_g", _root.File("models", "xl", "text_encoder_2", "model.onnx"), "red"),
        ]);
        var pipeline = Pipeline(embeddings: true, model: "xl");

        Assert.Equal(["scarletxl"], pipeline.Model.Embeddings.Select(e => e.Name));
        Assert.Equal(Pixels(Generate(pipeline, "red")), Pixels(Generate(pipeline, "scarletxl")));
        Assert.NotEqual(Pixels(Generate(Pipeline(embeddings: false, model: "xl"), "scarletxl")), Pixels(Generate(pipeline, "scarletxl")));
    }

    private DiffusionPipeline Pipeline(bool embeddings, string model = "demo")
    {
        using var catalog = new ModelCatalog(_root.File("models"), new SessionFactory("cpu"), embeddingsPath: embeddings ? _root.File("embeddings") : _root.File("none"));
        var loaded = catalog.Load(model);
        _models.Add(loaded);
        return new DiffusionPipeline(loaded, _options);
    }

    /// <summary>Writes an embedding whose vectors are the demo encoder's rows for <paramref name="words"/>.</summary>
    private string WriteEmbedding(string file, string key, params string[] words)
    {
        var path = _root.File("embeddings", file);
        SafetensorsWriter.Write(path, [Rows(key, _root.File("models", "demo", "text_encoder", "model.onnx"), words)]);
        return path;
    }

    private static SafetensorsTensor Rows(string key, string encoder, params string[] words)
    {
        var table = TokenEmbeddingTable.Find(encoder, ClipVocabulary.Size);
        var values = InitializerData.Read(table.Tensor, encoder);
        var rows = words.SelectMany(w => values.AsSpan(ClipVocabulary.IdOfWord(w) * table.Width, table.Width).ToArray()).ToArray();
        return new SafetensorsTensor(key, [words.Length, table.Width], rows);
    }

    private static byte[] Generate(DiffusionPipeline pipeline, string prompt, string negative = "") =>
        pipeline.Generate(new GenerationRequest { Prompt = prompt, NegativePrompt = negative, Seed = 3, Steps = 12, Width = Size, Height = Size, Sampler = "euler" }).Images[0].Png;

    private static Rgb24[] Pixels(byte[] png)
    {
        using var image = Image.Load<Rgb24>(png);
        var pixels = new Rgb24[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        return pixels;
    }

    [Fact]
    public void TheShippedDemoEmbedding_PaintsYellow()
    {
        var pipeline = Pipeline(embeddings: false);

        Assert.True(ImageStats.Of(Generate(pipeline, DemoEmbeddingForge.Name)).Mean.IsYellow);
        Assert.False(ImageStats.Of(Generate(pipeline, "gold leaf")).Mean.IsYellow);
    }

    public void Dispose()
    {
        foreach (var model in _models)
        {
            model.Dispose();
        }

        _root.Dispose();
    }
}
