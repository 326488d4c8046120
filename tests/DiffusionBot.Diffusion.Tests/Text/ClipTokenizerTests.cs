using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Text;

namespace DiffusionBot.Diffusion.Tests.Text;

public sealed class ClipTokenizerTests
{
    private const int Bos = 49406;
    private const int Eos = 49407;

    private static readonly ClipTokenizer Shared = ClipTokenizer.FromDirectory(TempTokenizerFolder.FixtureDir);

    public static TheoryData<string, int[]> ReferencePrompts => new()
    {
        { "a photo of a cat", [Bos, 320, 1125, 539, 320, 2368, Eos] },
        { "a photo of a dog", [Bos, 320, 1125, 539, 320, 1929, Eos] },
        { "Hello, world!", [Bos, 3306, 267, 1002, 256, Eos] },
        { "A PHOTO of  a Cat!", [Bos, 320, 1125, 539, 320, 2368, 256, Eos] },
        { "don't stop 42 times", [Bos, 847, 713, 1691, 275, 273, 1661, Eos] },
        { "an astronaut riding a horse on mars", [Bos, 550, 18376, 6765, 320, 4558, 525, 7496, Eos] },
    };

    [Theory]
    [MemberData(nameof(ReferencePrompts))]
    public void Tokenize_ReturnsOpenAiIds_WhenPromptIsAReferenceRow(string prompt, int[] expected)
    {
        Assert.Equal(expected, Shared.Tokenize(prompt));
    }

    // Ids from a Python port of openai's simple_tokenizer (ftfy left out) on the same vocabulary.
    public static TheoryData<string, int[]> NonAsciiPrompts => new()
    {
        { "café crème brûlée, 東京タワー at night", [Bos, 15304, 1075, 12138, 614, 711, 127, 119, 75, 13489, 267, 48338, 21078, 105, 34941, 2429, 107, 30391, 536, 930, Eos] },
        { "😀🎉 party!!! ...", [Bos, 12832, 3986, 1580, 995, 678, Eos] },
        { "Ünïcödé ÆØÅ æøå ß straße", [Bos, 6522, 77, 35689, 66, 7255, 67, 4166, 42495, 17483, 127, 354, 42495, 17483, 127, 354, 127, 509, 1894, 127, 253, 324, Eos] },
    };

    [Theory]
    [MemberData(nameof(NonAsciiPrompts))]
    public void Tokenize_MatchesOpenAiBpe_WhenPromptIsNotAscii(string prompt, int[] expected)
    {
        Assert.Equal(expected, Shared.Tokenize(prompt));
    }

    [Fact]
    public void Properties_MatchClipVocabulary_WhenLoadedWithoutConfig()
    {
        Assert.Equal(77, Shared.MaxLength);
        Assert.Equal(Eos, Shared.PadId);
        Assert.Equal(Bos, Shared.BosId);
        Assert.Equal(Eos, Shared.EosId);
        Assert.Equal(49408, Shared.VocabularySize);
    }

    [Fact]
    public void Tokenize_ReturnsBosAndEos_WhenPromptIsEmpty()
    {
        Assert.Equal([Bos, Eos], Shared.Tokenize(""));
        Assert.Equal([Bos, Eos], Shared.Tokenize(" \t\n "));
    }

    [Fact]
    public void Encode_PadsWithEndOfText_WhenPromptIsEmpty()
    {
        var encoded = Shared.Encode("");

        var expected = new int[77];
        expected.AsSpan().Fill(Eos);
        expected[0] = Bos;
        Assert.Equal(expected, encoded.Ids.ToArray());
        Assert.Equal(0, encoded.DroppedTokens);
        Assert.False(encoded.WasTruncated);
    }

    [Fact]
    public void Encode_PadsPromptToMaxLength_WhenPromptIsShort()
    {
        var ids = Shared.Encode("a photo of a cat").Ids.ToArray();

        Assert.Equal(77, ids.Length);
        Assert.Equal([Bos, 320, 1125, 539, 320, 2368, Eos], ids[..7]);
        Assert.All(ids[7..], id => Assert.Equal(Eos, id));
    }

    [Fact]
    public void Encode_PadsWithZero_WhenTokenizerConfigPadTokenIsExclamationMark()
    {
        using var folder = new TempTokenizerFolder()
            .With("tokenizer_config.json", """{ "model_max_length": 77, "pad_token": "!" }""");

        var tokenizer = ClipTokenizer.FromDirectory(folder.Path);
        var ids = tokenizer.Encode("a photo of a cat").Ids.ToArray();

        Assert.Equal(0, tokenizer.PadId);
        Assert.Equal([Bos, 320, 1125, 539, 320, 2368, Eos], ids[..7]);
        Assert.All(ids[7..], id => Assert.Equal(0, id));
    }

    [Fact]
    public void FromDirectory_ReadsPadTokenObject_WhenOnlySpecialTokensMapIsPresent()
    {
        using var folder = new TempTokenizerFolder()
            .With("special_tokens_map.json", """{ "pad_token": { "content": "!", "lstrip": false } }""");

        Assert.Equal(0, ClipTokenizer.FromDirectory(folder.Path).PadId);
    }

    [Fact]
    public void FromDirectory_PrefersTokenizerConfig_WhenBothFilesNamePadToken()
    {
        using var folder = new TempTokenizerFolder()
            .With("special_tokens_map.json", """{ "pad_token": "!" }""")
            .With("tokenizer_config.json", """{ "pad_token": { "content": "<|endoftext|>" } }""");

        Assert.Equal(Eos, ClipTokenizer.FromDirectory(folder.Path).PadId);
    }

    [Fact]
    public void FromDirectory_UsesModelMaxLength_WhenTokenizerConfigSetsIt()
    {
        using var folder = new TempTokenizerFolder().With("tokenizer_config.json", """{ "model_max_length": 16 }""");

        var tokenizer = ClipTokenizer.FromDirectory(folder.Path);

        Assert.Equal(16, tokenizer.MaxLength);
        Assert.Equal(16, tokenizer.Encode("a cat").Ids.Length);
    }

    [Fact]
    public void FromDirectory_KeepsDefaultMaxLength_WhenTokenizerConfigSaysUnlimited()
    {
        using var folder = new TempTokenizerFolder()
            .With("tokenizer_config.json", """{ "model_max_length": 1000000000000000019884624838656 }""");

        Assert.Equal(77, ClipTokenizer.FromDirectory(folder.Path).MaxLength);
    }

    [Fact]
    public void Encode_TruncatesKeepingEosLast_WhenPromptIsLongerThanMaxLength()
    {
        var prompt = string.Join(' ', Enumerable.Repeat("cat", 100));

        var encoded = Shared.Encode(prompt);
        var ids = encoded.Ids.ToArray();

        Assert.Equal(77, ids.Length);
        Assert.Equal(Bos, ids[0]);
        Assert.All(ids[1..76], id => Assert.Equal(2368, id));
        Assert.Equal(Eos, ids[76]);
        Assert.Equal(25, encoded.DroppedTokens);
        Assert.True(encoded.WasTruncated);
        Assert.Equal(102, Shared.Tokenize(prompt).Count);
    }

    [Fact]
    public void Encode_DropsNothing_WhenPromptFillsMaxLengthExactly()
    {
        var encoded = Shared.Encode(string.Join(' ', Enumerable.Repeat("cat", 75)));

        Assert.Equal(0, encoded.DroppedTokens);
        Assert.Equal(Eos, encoded.Ids.Span[76]);
    }

    [Fact]
    public void Tokenize_UnescapesHtmlEntities_WhenPromptContainsThem()
    {
        var expected = Shared.Tokenize("salt & pepper");

        Assert.Equal(expected, Shared.Tokenize("salt &amp; pepper"));
        Assert.Equal(expected, Shared.Tokenize("salt &amp;amp; pepper"));
        Assert.Equal(Shared.Tokenize("&"), [Bos, 261, Eos]);
    }

    [Fact]
    public void Tokenize_SplitsDigitsOneByOne_WhenPromptContainsANumber()
    {
        Assert.Equal([Bos, 273, 271, 273, 275, Eos], Shared.Tokenize("2024"));
    }

    [Fact]
    public void Tokenize_MapsSpecialTokenText_ToItsId()
    {
        Assert.Equal([Bos, 2368, Eos, 1929, Eos], Shared.Tokenize("cat<|endoftext|>dog"));
    }

    [Fact]
    public void FromStreams_MatchesFromDirectory_WhenGivenTheSameFiles()
    {
        using var vocabulary = File.OpenRead(Path.Combine(TempTokenizerFolder.FixtureDir, "vocab.json"));
        using var merges = File.OpenRead(Path.Combine(TempTokenizerFolder.FixtureDir, "merges.txt"));

        var tokenizer = ClipTokenizer.FromStreams(vocabulary, merges, new TokenizerSettings { PadToken = "!" });

        Assert.Equal(0, tokenizer.PadId);
        Assert.Equal(Shared.Tokenize("an astronaut riding a horse on mars"), tokenizer.Tokenize("an astronaut riding a horse on mars"));
    }

    [Fact]
    public void FromDirectory_ThrowsNamingMergesFile_WhenMergesIsMissing()
    {
        using var folder = new TempTokenizerFolder().Without("merges.txt");

        var error = Assert.Throws<ModelFolderException>(() => ClipTokenizer.FromDirectory(folder.Path));

        Assert.Equal("merges.txt", Path.GetFileName(error.File));
        Assert.Contains("merges.txt is missing", error.Message);
    }

    [Fact]
    public void FromDirectory_ThrowsNamingVocabularyFile_WhenVocabularyIsMissing()
    {
        using var folder = new TempTokenizerFolder().Without("vocab.json");

        var error = Assert.Throws<ModelFolderException>(() => ClipTokenizer.FromDirectory(folder.Path));

        Assert.Equal("vocab.json", Path.GetFileName(error.File));
    }

    [Theory]
    [InlineData("{ \"a\": 1, ")]
    [InlineData("[\"a\", \"b\"]")]
    [InlineData("{ \"a\": \"one\" }")]
    public void FromDirectory_ThrowsNamingVocabularyFile_WhenVocabularyIsMalformed(string content)
    {
        using var folder = new TempTokenizerFolder().With("vocab.json", content);

        var error = Assert.Throws<ModelFolderException>(() => ClipTokenizer.FromDirectory(folder.Path));

        Assert.Equal("vocab.json", Path.GetFileName(error.File));
        Assert.Contains("is not a JSON object of token → id", error.Problem);
    }

    [Fact]
    public void FromDirectory_Throws_WhenVocabularyLacksEndOfText()
    {
        using var folder = new TempTokenizerFolder().With("vocab.json", """{ "<|startoftext|>": 0 }""");

        var error = Assert.Throws<ModelFolderException>(() => ClipTokenizer.FromDirectory(folder.Path));

        Assert.Contains("<|endoftext|>", error.Problem);
    }

    [Fact]
    public void FromDirectory_ThrowsWithLineNumber_WhenMergesLineIsMalformed()
    {
        using var folder = new TempTokenizerFolder().With("merges.txt", "#version: 0.2\ni n\nt h e\n");

        var error = Assert.Throws<ModelFolderException>(() => ClipTokenizer.FromDirectory(folder.Path));

        Assert.Contains("line 3", error.Problem);
    }

    [Fact]
    public void FromDirectory_Throws_WhenTokenizerConfigPadTokenIsNotInVocabulary()
    {
        using var folder = new TempTokenizerFolder().With("tokenizer_config.json", """{ "pad_token": "<pad>" }""");

        var error = Assert.Throws<ModelFolderException>(() => ClipTokenizer.FromDirectory(folder.Path));

        Assert.Contains("'<pad>'", error.Problem);
    }

    [Fact]
    public void Encode_GivesSameIds_WhenCalledFromManyThreadsAtOnce()
    {
        string[] prompts =
        [
            "a photo of a cat", "an astronaut riding a horse on mars", "Hello, world!", "don't stop 42 times",
            "a watercolor painting of a lighthouse at dusk, highly detailed, trending on artstation",
            "café crème brûlée, 東京, 😀 emoji", "salt &amp; pepper", string.Join(' ', Enumerable.Repeat("cat", 90)),
        ];
        var expected = prompts.Select(p => Shared.Encode(p).Ids.ToArray()).ToArray();
        var cold = ClipTokenizer.FromDirectory(TempTokenizerFolder.FixtureDir);
        const int threadCount = 8;
        using var start = new Barrier(threadCount);

        var results = new int[threadCount][][];
        var threads = Enumerable.Range(0, threadCount).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            results[t] = [.. Enumerable.Range(0, 200).Select(i => cold.Encode(prompts[(i + t) % prompts.Length]).Ids.ToArray())];
        })).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        for (var t = 0; t < threadCount; t++)
        {
            for (var i = 0; i < results[t].Length; i++)
            {
                Assert.Equal(expected[(i + t) % prompts.Length], results[t][i]);
            }
        }
    }
}
