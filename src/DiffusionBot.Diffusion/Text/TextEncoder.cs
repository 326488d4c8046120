using DiffusionBot.Diffusion.Models;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Text;

/// <summary>
/// Tokenizes a prompt and runs the text encoder, adapting to its ids dtype and hidden size. Reads
/// <c>last_hidden_state</c> unless <see cref="TextEncoderOutputs"/> names another layer (SDXL's penultimate one) and
/// a pooled output.
/// </summary>
public sealed class TextEncoder : IDisposable
{
    private readonly OnnxModelPart _part;
    private readonly TensorSpec _ids;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    public TextEncoder(OnnxModelPart part, ClipTokenizer tokenizer, TextEncoderOutputs? outputs = null)
    {
        outputs ??= TextEncoderOutputs.LastHiddenState;
        _part = part;
        Tokenizer = tokenizer;
        _ids = part.Input("input_ids");
        if (_ids.ElementType is not (Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int32 or Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64))
        {
            throw new ModelFolderException(part.Path, $"declares {_ids}, but input_ids must be int32 or int64.");
        }

        var hidden = part.Output(outputs.HiddenStates);
        TensorValues.RequireFloat(hidden, part.Path);
        _inputNames = ["input_ids"];
        var pooledSpec = outputs.Pooled is { } pooled ? part.Output(pooled) : null;
        _outputNames = pooledSpec is null ? [outputs.HiddenStates] : [outputs.HiddenStates, pooledSpec.Name];
        PooledSize = pooledSpec?.FixedDimension(1);
        var fixedLength = _ids.FixedDimension(1);
        SequenceLength = fixedLength ?? tokenizer.MaxLength;
        if (fixedLength is { } length && length != tokenizer.MaxLength)
        {
            throw new ModelFolderException(part.Path, $"expects {length} tokens but the tokenizer's model_max_length is {tokenizer.MaxLength}.");
        }

        Chunker = new PromptChunker(tokenizer);
        HiddenSize = hidden.FixedDimension(2) ?? ProbeHiddenSize();
    }

    public ClipTokenizer Tokenizer { get; }

    public int SequenceLength { get; }

    public int HiddenSize { get; }

    /// <summary>The pooled output's declared width, when one is read and its width is fixed.</summary>
    public int? PooledSize { get; }

    /// <summary>Splits weighted prompts into this encoder's chunks (<see cref="PromptPairEncoder"/>).</summary>
    public PromptChunker Chunker { get; }

    /// <summary>One chunk, the prompt read as plain text and cut to one chunk (no weights, no <c>BREAK</c>).</summary>
    public EncodedPrompt Encode(string prompt, RunOptions runOptions)
    {
        var tokens = Tokenizer.Encode(prompt);
        var chunk = EncodeChunk(tokens.Ids.ToArray(), runOptions);
        return new EncodedPrompt(chunk.HiddenStates, SequenceLength, chunk.HiddenStates.Length / SequenceLength, tokens.DroppedTokens) { Pooled = chunk.Pooled };
    }

    /// <summary>The hidden states (and pooled output, when read) of one chunk of <see cref="SequenceLength"/> ids.</summary>
    public EncodedChunk EncodeChunk(int[] ids, RunOptions runOptions)
    {
        using var input = TensorValues.Ids(_ids, ids);
        using var outputs = _part.Session.Run(runOptions, _inputNames, [input], _outputNames);
        return new EncodedChunk(TensorValues.ReadFloats(outputs[0]), outputs.Count > 1 ? TensorValues.ReadFloats(outputs[1]) : null);
    }

    public void Dispose() => _part.Dispose();

    private int ProbeHiddenSize()
    {
        using var runOptions = new RunOptions();
        return Encode("", runOptions).HiddenSize;
    }
}
