using DiffusionBot.Chat.Prompts;
using DiffusionBot.Diffusion;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Chat.Tests.Prompts;

public sealed class PromptFlagParserTests
{
    private readonly PromptFlagParser _parser = new(Options.Create(new EngineOptions()));

    [Fact]
    public void Parse_ReturnsPromptOnly_WhenThereAreNoFlags()
    {
        var spec = _parser.Parse("  a red fox in the snow  ");

        Assert.Equal(new PromptSpec { Prompt = "a red fox in the snow" }, spec);
    }

    [Theory]
    [InlineData("a fox --seed 42")]
    [InlineData("a fox --seed=42")]
    [InlineData("a fox —seed 42")]
    [InlineData("a fox —seed=42")]
    [InlineData("a fox –seed 42")]
    [InlineData("a fox --SEED 42")]
    public void Parse_ReadsSeed_WhenWrittenAnyAcceptedWay(string text)
    {
        var spec = _parser.Parse(text);

        Assert.Equal("a fox", spec.Prompt);
        Assert.Equal(42, spec.Seed);
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("4294967295", 4294967295L)]
    public void Parse_AcceptsSeed_WhenAtTheEndsOfItsRange(string value, long expected) =>
        Assert.Equal(expected, _parser.Parse($"a fox --seed {value}").Seed);

    [Theory]
    [InlineData("a fox --steps 30", 30)]
    [InlineData("a fox --steps=1", 1)]
    [InlineData("a fox —steps 150", 150)]
    public void Parse_ReadsSteps_WhenInRange(string text, int expected) =>
        Assert.Equal(expected, _parser.Parse(text).Steps);

    [Theory]
    [InlineData("a fox --cfg 7.5")]
    [InlineData("a fox --cfg=7.5")]
    [InlineData("a fox --guidance 7.5")]
    [InlineData("a fox --guidance=7.5")]
    public void Parse_ReadsGuidance_WhenGivenAsCfgOrGuidance(string text) =>
        Assert.Equal(7.5f, _parser.Parse(text).Guidance);

    [Theory]
    [InlineData("a fox --n 3")]
    [InlineData("a fox --n=3")]
    [InlineData("a fox --count 3")]
    [InlineData("a fox --count=3")]
    public void Parse_ReadsCount_WhenGivenAsNOrCount(string text) =>
        Assert.Equal(3, _parser.Parse(text).Count);

    [Theory]
    [InlineData("768x512", 768, 512)]
    [InlineData("768X512", 768, 512)]
    [InlineData("768×512", 768, 512)]
    [InlineData("1024x1024", 1024, 1024)]
    public void Parse_ReadsSize_WhenWidthAndHeightAreValid(string value, int width, int height)
    {
        var spaced = _parser.Parse($"a fox --size {value}");
        var equals = _parser.Parse($"a fox --size={value}");

        Assert.Equal((width, height), (spaced.Width, spaced.Height));
        Assert.Equal(spaced, equals);
    }

    [Theory]
    [InlineData("1:1", 512, 512)]
    [InlineData("16:9", 704, 384)]
    [InlineData("9:16", 384, 704)]
    [InlineData("3:2", 640, 448)]
    [InlineData("4:1", 1024, 256)]
    [InlineData("1:4", 256, 1024)]
    [InlineData("2.39:1", 768, 320)]
    public void Parse_KeepsAboutTheDefaultArea_WhenGivenAnAspectRatio(string ratio, int width, int height)
    {
        var spec = _parser.Parse($"a fox --ar {ratio}");

        Assert.Equal((width, height), (spec.Width, spec.Height));
        Assert.Equal(0, spec.Width!.Value % 64);
        Assert.Equal(0, spec.Height!.Value % 64);
        Assert.Equal(spec, _parser.Parse($"a fox --ar={ratio}"));
    }

    [Fact]
    public void Parse_ShrinksTheAspectRatioSize_WhenThePixelLimitIsBelowTheDefaultArea()
    {
        var parser = new PromptFlagParser(Options.Create(new EngineOptions { MaxPixels = 256 * 256 }));

        var spec = parser.Parse("a fox --ar 16:9");

        Assert.True(spec.Width * spec.Height <= 256 * 256, $"{spec.Width}x{spec.Height}");
        Assert.True(spec.Width > spec.Height);
    }

    [Theory]
    [InlineData("euler_a", "euler_a")]
    [InlineData("EULER_A", "euler_a")]
    [InlineData("dpm++2m_karras", "dpm++2m_karras")]
    public void Parse_ReadsSampler_InItsCanonicalSpelling(string value, string expected)
    {
        Assert.Equal(expected, _parser.Parse($"a fox --sampler {value}").Sampler);
        Assert.Equal(expected, _parser.Parse($"a fox --sampler={value}").Sampler);
    }

    [Theory]
    [InlineData("a fox --sampler \"DPM++ 2M Karras\"", "dpm++2m_karras")]
    [InlineData("a fox --sampler=\"DPM++ 2M Karras\" --seed 1", "dpm++2m_karras")]
    [InlineData("a fox —sampler “DPM++ 2M Karras” —seed 1", "dpm++2m_karras")]
    [InlineData("a fox --sampler “Euler a”", "euler_a")]
    [InlineData("a fox --sampler Euler a --seed 1", "euler_a")]
    [InlineData("a fox --sampler euler A", "euler_a")]
    [InlineData("a fox --sampler \"DPM++ 2M\"", "dpm++2m")]
    [InlineData("a fox --sampler DDIM", "ddim")]
    [InlineData("a fox --sampler PLMS", "pndm")]
    [InlineData("a fox --sampler PNDM", "pndm")]
    [InlineData("a fox --sampler Euler", "euler")]
    [InlineData("a fox --sampler LCM", "lcm")]
    public void Parse_ReadsTheSamplerNamesA1111UsersType(string text, string expected) =>
        Assert.Equal(expected, _parser.Parse(text).Sampler);

    [Theory]
    [InlineData("a fox --no \"blurry, text\" --seed 3")]
    [InlineData("a fox --no “blurry, text” --seed 3")]
    [InlineData("a fox —no=“blurry, text” —seed 3")]
    [InlineData("a fox --seed \"3\" --no blurry, text")]
    public void Parse_ReadsQuotedValues_WithStraightOrCurlyQuotes(string text)
    {
        var spec = _parser.Parse(text);

        Assert.Equal("a fox", spec.Prompt);
        Assert.Equal("blurry, text", spec.NegativePrompt);
        Assert.Equal(3, spec.Seed);
    }

    [Fact]
    public void Parse_DropsTheQuotesButKeepsTheWords_WhenNoMixesQuotedAndPlainWords() =>
        Assert.Equal("blurry, text watermark", _parser.Parse("a fox --no \"blurry, text\" watermark").NegativePrompt);

    [Fact]
    public void Parse_KeepsQuotesInTheDescription()
    {
        Assert.Equal("a sign saying \"open\"", _parser.Parse("a sign saying \"open\" --seed 1").Prompt);
        Assert.Equal("a 6\" ruler", _parser.Parse("a 6\" ruler --seed 1").Prompt);
    }

    [Fact]
    public void Parse_ReadsModel_WhenItIsAPlainName()
    {
        Assert.Equal("sd-1.5_onnx", _parser.Parse("a fox --model sd-1.5_onnx").Model);
        Assert.Equal("demo", _parser.Parse("a fox --model=demo").Model);
    }

    [Theory]
    [InlineData("a fox --strength 0.6", 0.6f)]
    [InlineData("a fox --strength=1", 1f)]
    [InlineData("a fox --strength .25", 0.25f)]
    public void Parse_ReadsStrength_WhenInRange(string text, float expected) =>
        Assert.Equal(expected, _parser.Parse(text).Strength);

    [Fact]
    public void Parse_TakesEveryWordUntilTheNextFlag_ForNo()
    {
        var spec = _parser.Parse("a fox --no people, text  watermark --seed 7");

        Assert.Equal("a fox", spec.Prompt);
        Assert.Equal("people, text  watermark", spec.NegativePrompt);
        Assert.Equal(7, spec.Seed);
    }

    [Fact]
    public void Parse_TakesTheRestOfTheText_WhenNoIsLast()
    {
        var spec = _parser.Parse("a fox —no=blurry low quality");

        Assert.Equal("blurry low quality", spec.NegativePrompt);
    }

    [Fact]
    public void Parse_JoinsNegatives_WhenNoIsGivenTwice()
    {
        var spec = _parser.Parse("a fox --no people --steps 10 --no text");

        Assert.Equal("people, text", spec.NegativePrompt);
    }

    [Fact]
    public void Parse_ReadsEveryFlag_WhenAllAreGivenTogether()
    {
        var spec = _parser.Parse(
            "a lighthouse at dusk, oil painting --no people --seed 123 --steps 25 --cfg 6 --ar 3:2 --n 2 --sampler ddim --model demo --strength 0.5");

        Assert.Equal(
            new PromptSpec
            {
                Prompt = "a lighthouse at dusk, oil painting",
                NegativePrompt = "people",
                Seed = 123,
                Steps = 25,
                Guidance = 6,
                Width = 640,
                Height = 448,
                AspectRatio = 1.5,
                Count = 2,
                Sampler = "ddim",
                Model = "demo",
                Strength = 0.5f,
            },
            spec);
    }

    [Theory]
    [InlineData("a fox — sitting")]
    [InlineData("a fox -ish thing")]
    [InlineData("a fox --- thing")]
    [InlineData("a fox — -- thing")]
    public void Parse_KeepsDashesInTheDescription_WhenTheyAreNotFlags(string text) =>
        Assert.Equal(text, _parser.Parse(text).Prompt);

    [Fact]
    public void Parse_KeepsLineBreaksInTheDescription()
    {
        Assert.Equal("a fox\n(snow:1.2)", _parser.Parse("a fox\n(snow:1.2)\n--steps 5").Prompt);
    }

    [Theory]
    [InlineData("a fox --steps 0", "--steps must be between 1 and 150 (you wrote 0).")]
    [InlineData("a fox --steps 151", "--steps must be between 1 and 150 (you wrote 151).")]
    [InlineData("a fox --steps -3", "--steps must be between 1 and 150 (you wrote -3).")]
    [InlineData("a fox --steps 99999999999", "--steps must be between 1 and 150 (you wrote 99999999999).")]
    [InlineData("a fox --steps ten", "--steps needs a whole number, for example --steps 30 (you wrote 'ten').")]
    [InlineData("a fox --steps 12.5", "--steps needs a whole number, for example --steps 30 (you wrote '12.5').")]
    [InlineData("a fox --seed -1", "--seed must be between 0 and 4294967295 (you wrote -1).")]
    [InlineData("a fox --seed 4294967296", "--seed must be between 0 and 4294967295 (you wrote 4294967296).")]
    [InlineData("a fox --seed 99999999999999999999999", "--seed must be between 0 and 4294967295 (you wrote 99999999999999999999999).")]
    [InlineData("a fox --seed lucky", "--seed needs a whole number, for example --seed 42 (you wrote 'lucky').")]
    [InlineData("a fox --cfg 60", "--cfg must be between 0 and 50 (you wrote 60).")]
    [InlineData("a fox --guidance -1", "--cfg must be between 0 and 50 (you wrote -1).")]
    [InlineData("a fox --cfg high", "--cfg needs a number, for example --cfg 7.5 (you wrote 'high').")]
    [InlineData("a fox --cfg NaN", "--cfg needs a number, for example --cfg 7.5 (you wrote 'NaN').")]
    [InlineData("a fox --n 50", "--n 50: you can ask for 1 to 4 images.")]
    [InlineData("a fox --count 0", "--n 0: you can ask for 1 to 4 images.")]
    [InlineData("a fox --n many", "--n needs a whole number, for example --n 4 (you wrote 'many').")]
    [InlineData("a fox --ar 100:1", "--ar 100:1 is too extreme; use ratios between 1:4 and 4:1.")]
    [InlineData("a fox --ar 1:5", "--ar 1:5 is too extreme; use ratios between 1:4 and 4:1.")]
    [InlineData("a fox --ar wide", "--ar needs a ratio of two positive numbers, for example --ar 16:9 (you wrote 'wide').")]
    [InlineData("a fox --ar 16:0", "--ar needs a ratio of two positive numbers, for example --ar 16:9 (you wrote '16:0').")]
    [InlineData("a fox --ar 16x9", "--ar needs a ratio of two positive numbers, for example --ar 16:9 (you wrote '16x9').")]
    [InlineData("a fox --size big", "--size needs a width and a height, for example --size 768x512 (you wrote 'big').")]
    [InlineData("a fox --size 512", "--size needs a width and a height, for example --size 768x512 (you wrote '512').")]
    [InlineData("a fox --size 500x500", "--size must use multiples of 8, for example 768x512 (you wrote 500x500).")]
    [InlineData("a fox --size 32x512", "--size must be at least 64x64 (you wrote 32x512).")]
    [InlineData("a fox --size 2048x2048", "--size 2048x2048 is too large; images can have at most 1,048,576 pixels, for example 1024x1024.")]
    [InlineData("a fox --sampler turbo", "--sampler turbo is not one I know; choose one of ddim, pndm, euler, euler_a, dpm++2m, dpm++2m_karras, lcm (A1111 names such as \"Euler a\" or \"DPM++ 2M Karras\" work too).")]
    [InlineData("a fox --sampler \"DPM++ 2M SDE Karras\"", "--sampler DPM++ 2M SDE Karras is not one I know; choose one of ddim, pndm, euler, euler_a, dpm++2m, dpm++2m_karras, lcm (A1111 names such as \"Euler a\" or \"DPM++ 2M Karras\" work too).")]
    [InlineData("a fox --sampler euler a red fox", "--sampler euler a red fox is not one I know; choose one of ddim, pndm, euler, euler_a, dpm++2m, dpm++2m_karras, lcm (A1111 names such as \"Euler a\" or \"DPM++ 2M Karras\" work too).")]
    [InlineData("a fox --no \"blurry, text", "The quoted value of --no has no closing quote (you wrote '\"blurry, text'); add a \" at its end.")]
    [InlineData("a fox --sampler “DPM++ 2M Karras --seed 3", "The quoted value of --sampler has no closing quote (you wrote '“DPM++ 2M Karras --seed 3'); add a \" at its end.")]
    [InlineData("a fox --seed \"4 2\"", "--seed needs a whole number, for example --seed 42 (you wrote '4 2').")]
    [InlineData("a fox --model ../secrets", "--model must be a plain model name such as demo: letters, digits, '-', '_' and '.' (you wrote '../secrets').")]
    [InlineData("a fox --model .hidden", "--model must be a plain model name such as demo: letters, digits, '-', '_' and '.' (you wrote '.hidden').")]
    [InlineData("a fox --strength 0", "--strength must be above 0 and at most 1 (you wrote 0).")]
    [InlineData("a fox --strength 1.5", "--strength must be above 0 and at most 1 (you wrote 1.5).")]
    [InlineData("a fox --strength lots", "--strength needs a number, for example --strength 0.6 (you wrote 'lots').")]
    public void Parse_ThrowsOnePoliteLine_WhenAValueIsBad(string text, string message) =>
        AssertRefused(text, message);

    [Theory]
    [InlineData("a fox --foo 3", "--foo")]
    [InlineData("a fox --Foo=3", "--foo")]
    [InlineData("a fox —quality 2", "--quality")]
    public void Parse_ListsTheFlags_WhenAFlagIsUnknown(string text, string written) =>
        AssertRefused(text, $"Unknown flag {written}; flags are --no, --seed, --steps, --cfg, --ar, --size, --n, --sampler, --model, --strength, --lora, --refine.");

    [Theory]
    [InlineData("a fox --seed", "--seed needs a value, for example --seed 42.")]
    [InlineData("a fox --seed=", "--seed needs a value, for example --seed 42.")]
    [InlineData("a fox --seed --steps 5", "--seed needs a value, for example --seed 42.")]
    [InlineData("a fox --steps", "--steps needs a value, for example --steps 30.")]
    [InlineData("a fox --no", "--no needs a value, for example --no text, watermark.")]
    [InlineData("a fox --no --seed 1", "--no needs a value, for example --no text, watermark.")]
    [InlineData("a fox --ar", "--ar needs a value, for example --ar 16:9.")]
    [InlineData("a fox --size", "--size needs a value, for example --size 768x512.")]
    [InlineData("a fox --guidance", "--guidance needs a value, for example --cfg 7.5.")]
    [InlineData("a fox --count", "--count needs a value, for example --n 4.")]
    [InlineData("a fox --sampler", "--sampler needs a value, for example --sampler \"Euler a\".")]
    [InlineData("a fox --sampler \"\"", "--sampler needs a value, for example --sampler \"Euler a\".")]
    [InlineData("a fox --no “ ” --seed 1", "--no needs a value, for example --no text, watermark.")]
    [InlineData("a fox --model", "--model needs a value, for example --model demo.")]
    [InlineData("a fox --strength", "--strength needs a value, for example --strength 0.6.")]
    public void Parse_ShowsAnExample_WhenAValueIsMissing(string text, string message) =>
        AssertRefused(text, message);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("--seed 5")]
    [InlineData(" —ar 16:9 --steps 10")]
    public void Parse_AsksForADescription_WhenThePromptIsEmpty(string text) =>
        AssertRefused(text, "Please describe the picture you want, for example: a lighthouse at dusk --ar 16:9.");

    [Fact]
    public void Parse_Refuses_WhenAFlagIsGivenTwice()
    {
        AssertRefused("a fox --steps 10 --steps 20", "--steps appears twice; please keep one.");
        AssertRefused("a fox --cfg 5 --guidance 6", "--cfg appears twice; please keep one.");
    }

    [Fact]
    public void Parse_Refuses_WhenBothAspectRatioAndSizeAreGiven() =>
        AssertRefused("a fox --ar 16:9 --size 512x512", "Use either --ar or --size, not both.");

    [Fact]
    public void Parse_Refuses_WhenWordsFollowASingleValueFlag() =>
        AssertRefused(
            "a fox --seed 5 on a mat",
            "--seed takes one value, but you wrote '5 on a mat'; put the description before the flags.");

    [Fact]
    public void Parse_QuotesUserTextOnOneShortLine_WhenRefusingIt()
    {
        AssertRefused(
            "a fox --seed 5 on\na   mat",
            "--seed takes one value, but you wrote '5 on a mat'; put the description before the flags.");
        AssertRefused(
            "a fox --cfg " + new string('9', 30) + "x" + new string('9', 30),
            "--cfg needs a number, for example --cfg 7.5 (you wrote '" + new string('9', 30) + "x" + new string('9', 8) + "…').");
    }

    [Fact]
    public void Parse_UsesTheConfiguredLimits_InItsMessages()
    {
        var parser = new PromptFlagParser(Options.Create(new EngineOptions { MaxSteps = 50, MaxImages = 8 }));

        Assert.Equal("--steps must be between 1 and 50 (you wrote 60).", Assert.Throws<PromptFlagException>(() => parser.Parse("a --steps 60")).Message);
        Assert.Equal("--n 9: you can ask for 1 to 8 images.", Assert.Throws<PromptFlagException>(() => parser.Parse("a --n 9")).Message);
        Assert.Equal(8, parser.Parse("a --n 8").Count);
    }

    [Fact]
    public void Validate_Refuses_WhenASpecBuiltElsewhereIsOutOfRange()
    {
        var exception = Assert.Throws<PromptFlagException>(() => _parser.Validate(new PromptSpec { Prompt = "a fox", Steps = 0 }));

        Assert.Equal("--steps must be between 1 and 150 (you wrote 0).", exception.Message);
    }

    private void AssertRefused(string text, string message)
    {
        var exception = Assert.Throws<PromptFlagException>(() => _parser.Parse(text));
        Assert.Equal(message, exception.Message);
        Assert.DoesNotContain('\n', exception.Message);
    }
}
