namespace DiffusionBot.Diffusion.Forge;

/// <summary>Writes a Hugging Face <c>CLIPTokenizer</c> folder from the embedded vocabulary.</summary>
internal static class TokenizerFolder
{
    public const int ModelMaxLength = 77;
    public const string EndOfTextToken = "<|endoftext|>";
    public const string StartOfTextToken = "<|startoftext|>";

    /// <summary>OpenCLIP (SD2.x) pads with "!", id 0, where SD1.x pads with the end-of-text token.</summary>
    public const string OpenClipPadToken = "!";

    public static void Write(string folder, bool openClipPad)
    {
        Directory.CreateDirectory(folder);
        Copy(ClipVocabulary.VocabFile, folder);
        Copy(ClipVocabulary.MergesFile, folder);
        var pad = openClipPad ? OpenClipPadToken : EndOfTextToken;
        ForgeJson.Write(Path.Combine(folder, "tokenizer_config.json"), json =>
        {
            json.WriteBoolean("add_prefix_space", false);
            json.WriteString("bos_token", StartOfTextToken);
            json.WriteBoolean("do_lower_case", true);
            json.WriteString("eos_token", EndOfTextToken);
            json.WriteString("errors", "replace");
            json.WriteNumber("model_max_length", ModelMaxLength);
            json.WriteString("pad_token", pad);
            json.WriteString("tokenizer_class", "CLIPTokenizer");
            json.WriteString("unk_token", EndOfTextToken);
        });
        ForgeJson.Write(Path.Combine(folder, "special_tokens_map.json"), json =>
        {
            json.WriteString("bos_token", StartOfTextToken);
            json.WriteString("eos_token", EndOfTextToken);
            json.WriteString("pad_token", pad);
            json.WriteString("unk_token", EndOfTextToken);
        });
    }

    private static void Copy(string fileName, string folder)
    {
        using var source = ClipVocabulary.Open(fileName);
        using var target = File.Create(Path.Combine(folder, fileName));
        source.CopyTo(target);
    }
}
