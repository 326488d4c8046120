using DiffusionBot.Diffusion.Models;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Text;

/// <summary>Tokenizes a prompt and runs the text encoder, adapting to its ids dtype and hidden size.</summary>
public sealed class TextEncoder : IDisposable
{
    private readonly OnnxModelPart _part;
    private readonly TensorSpec _ids;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    public TextEncoder(OnnxModelPart part, ClipTokenizer tokenizer)
    {
        _part = part;
        Tokenizer = tokenizer;
        _ids = part.Input("input_ids");
        if (_ids.ElementType is not (Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int32 or Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64))
        {
            throw new ModelFolderException(part.Path, $"declares {_ids}, but input_ids must be int32 or int64.");
        }

        var hidden = part.Output("last_hidden_state");
        TensorValues.RequireFloat(hidden, part.Path);
        _inputNames = ["input_ids"];
        _outputNames = ["last_hidden_state"];
        var fixedLength = _ids.FixedDimension(1);
        SequenceLength = fixedLength ?? tokenizer.MaxLength;
        if (fixedLength is { } length && length != tokenizer.MaxLength)
        {
            throw new ModelFolderException(part.Path, $"expects {length} tokens but the tokenizer's model_max_length is {tokenizer.MaxLength}.");
        }

        HiddenSize = hidden.FixedDimension(2) ?? ProbeHiddenSize();
    }

    public ClipTokenizer Tokenizer { get; }

    public int SequenceLength { get; }

    public int HiddenSize { get; }

    public EncodedPrompt Encode(string prompt, RunOptions runOptions)
    {
        var tokens = Tokenizer.Encode(prompt);
        using var ids = TensorValues.Ids(_ids, tokens.Ids.Span);
        using var outputs = _part.Session.Run(runOptions, _inputNames, [ids], _outputNames);
        var hidden = TensorValues.ReadFloats(outputs[0]);
        return new EncodedPrompt(hidden, SequenceLength, hidden.Length / SequenceLength, tokens.DroppedTokens);
    }

    public void Dispose() => _part.Dispose();

    private int ProbeHiddenSize()
    {
        using var runOptions = new RunOptions();
        return Encode("", runOptions).HiddenSize;
    }
}
