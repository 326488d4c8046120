using DiffusionBot.Diffusion.Text;

namespace DiffusionBot.Diffusion.Tests.Text;

public sealed class AttentionPromptParserTests
{
    private static (string Text, double Weight)[] Parse(string prompt) =>
        [.. AttentionPromptParser.Parse(prompt).Select(f => f.IsBreak ? ("BREAK", -1.0) : (f.Text, f.Weight))];

    private static void AssertFragments(string prompt, params (string Text, double Weight)[] expected)
    {
        var actual = Parse(prompt);
        Assert.Equal(expected.Select(e => e.Text), actual.Select(a => a.Text));
        Assert.Equal(expected.Select(e => e.Weight), actual.Select(a => a.Weight), (x, y) => Math.Abs(x - y) < 1e-12);
    }

    [Fact]
    public void Parse_ReturnsOneFragment_WhenTextHasNoSyntax()
    {
        AssertFragments("normal text", ("normal text", 1.0));
    }

    [Fact]
    public void Parse_MultipliesBy1Point1_WhenWordIsInRoundBrackets()
    {
        AssertFragments("an (important) word", ("an ", 1.0), ("important", 1.1), (" word", 1.0));
    }

    [Fact]
    public void Parse_MultipliesBy1Point21_WhenWordIsInDoubleRoundBrackets()
    {
        AssertFragments("((x))", ("x", 1.1 * 1.1));
    }

    [Fact]
    public void Parse_DividesBy1Point1_WhenWordIsInSquareBrackets()
    {
        AssertFragments("a [quiet] b [[quieter]]", ("a ", 1.0), ("quiet", 1 / 1.1), (" b ", 1.0), ("quieter", 1 / 1.1 / 1.1));
    }

    [Theory]
    [InlineData("(x:1.5)", 1.5)]
    [InlineData("(x: 1.5 )", 1.5)]
    [InlineData("(x:0.25)", 0.25)]
    [InlineData("(x:.5)", 0.5)]
    [InlineData("(x:2.)", 2.0)]
    [InlineData("(x:-1)", -1.0)]
    [InlineData("(x:+3)", 3.0)]
    public void Parse_UsesTheGivenWeight_WhenRoundBracketsEndInAColonAndNumber(string prompt, double weight)
    {
        AssertFragments(prompt, ("x", weight));
    }

    [Fact]
    public void Parse_MultipliesNestedGroups_AsA1111sDocumentedExample()
    {
        // modules/prompt_parser.py's doctest for parse_prompt_attention.
        AssertFragments(
            "a (((house:1.3)) [on] a (hill:0.5), sun, (((sky))).",
            ("a ", 1.0), ("house", 1.3 * 1.1 * 1.1), (" ", 1.1), ("on", 1.0), (" a ", 1.1), ("hill", 0.55), (", sun, ", 1.1), ("sky", 1.1 * 1.1 * 1.1 * 1.1), (".", 1.1));
    }

    [Fact]
    public void Parse_MergesNeighbours_WhenTheirWeightsAreEqual()
    {
        AssertFragments("(unnecessary)(parens)", ("unnecessaryparens", 1.1));
    }

    [Fact]
    public void Parse_WeighsToTheEnd_WhenABracketIsNeverClosed()
    {
        AssertFragments("(unbalanced", ("unbalanced", 1.1));
        AssertFragments("a [b (c", ("a ", 1.0), ("b ", 1 / 1.1), ("c", 1.1 / 1.1));
    }

    [Theory]
    [InlineData("red)", "red)")]
    [InlineData("red]", "red]")]
    [InlineData("red:1.5)", "red:1.5)")]
    [InlineData("a: b", "a: b")]
    [InlineData("ratio 16:9", "ratio 16:9")]
    public void Parse_KeepsClosingBracketsAsText_WhenNothingIsOpen(string prompt, string text)
    {
        AssertFragments(prompt, (text, 1.0));
    }

    [Fact]
    public void Parse_ClosesTheRightKind_WhenBracketsCross()
    {
        // ']' closes the open '[' even though '(' opened later; the ')' then closes the '('.
        AssertFragments("[a (b] c)", ("a ", 1 / 1.1), ("b", 1.1 / 1.1), (" c", 1.1));
    }

    [Fact]
    public void Parse_ReadsWeightAsText_WhenItIsNotANumber()
    {
        // A1111's float() raises on "1.2.3"; here the ':1.2.3)' is text and the '(' stays open (×1.1 to the end).
        AssertFragments("(x:1.2.3) y", ("x:1.2.3) y", 1.1));
        AssertFragments("(x:.)", ("x:.)", 1.1));
    }

    [Fact]
    public void Parse_KeepsEscapedBracketsAsLiteralText()
    {
        AssertFragments(@"\(literal\]", ("(literal]", 1.0));
        AssertFragments(@"(a \(b\) \[c\])", (@"a (b) [c]", 1.1));
        AssertFragments(@"back\\slash", (@"back\slash", 1.0));
    }

    [Fact]
    public void Parse_DropsABackslash_WhenItEscapesNothing()
    {
        AssertFragments(@"a\b", ("ab", 1.0));
    }

    [Fact]
    public void Parse_ReturnsOneEmptyFragment_WhenPromptIsEmpty()
    {
        AssertFragments("", ("", 1.0));
        AssertFragments("()", ("", 1.0));
    }

    [Fact]
    public void Parse_SplitsAtBreak_WhenBreakIsAWordInCapitals()
    {
        AssertFragments("red cat BREAK blue sky", ("red cat", 1.0), ("BREAK", -1), ("blue sky", 1.0));
        AssertFragments("red,BREAK,blue", ("red,", 1.0), ("BREAK", -1), (",blue", 1.0));
    }

    [Theory]
    [InlineData("breakfast BREAKS aBREAK")]
    [InlineData("break Break")]
    public void Parse_KeepsBreakAsText_WhenItIsPartOfAWordOrNotInCapitals(string prompt)
    {
        AssertFragments(prompt, (prompt, 1.0));
    }

    [Fact]
    public void Parse_BreaksAndKeepsWeights_WhenBreakIsInsideBrackets()
    {
        AssertFragments("(red BREAK blue)", ("red", 1.1), ("BREAK", -1), ("blue", 1.1));
    }

    [Fact]
    public void Parse_KeepsAngleBracketNamesAsText_WhenPromptHasALoraTag()
    {
        AssertFragments("<lora:ink:0.8> red", ("<lora:ink:0.8> red", 1.0));
        AssertFragments("(a <lora:ink:0.8>)", ("a <lora:ink:0.8>", 1.1));
    }

    [Fact]
    public void Parse_NeverThrows_WhenTextIsRandomSyntax()
    {
        const string alphabet = @"()[]:\ .-+1.5aBREAKbreak<>,";
        var random = new Random(16);
        for (var i = 0; i < 2000; i++)
        {
            var prompt = new string([.. Enumerable.Range(0, random.Next(0, 40)).Select(_ => alphabet[random.Next(alphabet.Length)])]);

            var fragments = AttentionPromptParser.Parse(prompt);

            Assert.NotEmpty(fragments);
            Assert.All(fragments, f => Assert.True(double.IsFinite(f.Weight), prompt));
        }
    }
}
