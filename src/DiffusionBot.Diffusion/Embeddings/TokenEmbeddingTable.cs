using DiffusionBot.Diffusion.Lora;
using DiffusionBot.Diffusion.Models;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DiffusionBot.Diffusion.Embeddings;

/// <summary>
/// A text encoder's token-embedding table: the initializer a Gather reads rows of, with at least one row per
/// tokenizer id (the position table is far shorter). Exporters name it <c>text_model.embeddings.token_embedding.weight</c>,
/// but the graph's shape is what is trusted. Any further per-token table of the same length (none in CLIP; the SDXL
/// demo's pooled shape table) gets zero rows for the new tokens, so that every lookup of them stays in range.
/// </summary>
internal sealed class TokenEmbeddingTable
{
    private readonly IReadOnlyList<TensorProto> _others;

    private TokenEmbeddingTable(string modelPath, TensorProto tensor, IReadOnlyList<TensorProto> others)
    {
        ModelPath = modelPath;
        Tensor = tensor;
        _others = others;
    }

    public string ModelPath { get; }

    public TensorProto Tensor { get; }

    public int Rows => (int)Tensor.Dims[0];

    public int Width => (int)Tensor.Dims[1];

    public static TokenEmbeddingTable Find(string modelPath, int vocabularySize)
    {
        ModelProto model;
        using (var stream = File.OpenRead(modelPath))
        {
            model = ModelProto.Parser.ParseFrom(stream);
        }

        var initializers = model.Graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var tables = model.Graph.Node
            .Where(n => n.OpType == "Gather" && n.Input.Count == 2)
            .Select(n => initializers.GetValueOrDefault(n.Input[0]))
            .OfType<TensorProto>()
            .Where(t => t.Dims.Count == 2 && t.Dims[0] >= vocabularySize && (DataType)t.DataType is DataType.Float or DataType.Float16)
            .DistinctBy(t => t.Name)
            .ToList();
        return tables.Count == 0
            ? throw new ModelFolderException(modelPath, "has no float token-embedding table (a Gather over one row per token), so textual-inversion embeddings cannot be added.")
            : new TokenEmbeddingTable(modelPath, tables[0], [.. tables.Skip(1).Where(t => t.Dims[0] == tables[0].Dims[0])]);
    }

    /// <summary>The table with <paramref name="rows"/> appended, as an override of the same initializer and type.</summary>
    public InitializerOverrides Extended(IReadOnlyList<float[]> rows)
    {
        var overrides = new InitializerOverrides();
        try
        {
            Add(overrides, Tensor, rows);
            foreach (var other in _others)
            {
                Add(overrides, other, [.. rows.Select(_ => new float[other.Dims[1]])]);
            }
        }
        catch
        {
            overrides.Dispose();
            throw;
        }

        return overrides;
    }

    private void Add(InitializerOverrides overrides, TensorProto tensor, IReadOnlyList<float[]> rows)
    {
        var width = (int)tensor.Dims[1];
        var values = InitializerData.Read(tensor, ModelPath);
        var extended = new float[values.Length + (rows.Count * width)];
        values.CopyTo(extended, 0);
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].CopyTo(extended, values.Length + (i * width));
        }

        long[] shape = [tensor.Dims[0] + rows.Count, width];
        if ((DataType)tensor.DataType == DataType.Float16)
        {
            overrides.AddHalf(tensor.Name, extended, shape);
        }
        else
        {
            overrides.AddFloat(tensor.Name, extended, shape);
        }
    }
}
