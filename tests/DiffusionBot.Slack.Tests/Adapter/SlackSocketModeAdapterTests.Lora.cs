using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.TestSupport;

namespace DiffusionBot.Slack.Tests.Adapter;

/// <summary>A LoRA tag typed into /imagine on Slack, which arrives entity-escaped as Slack sends &lt; and &gt;.</summary>
public sealed partial class SlackSocketModeAdapterTests
{
    [Fact]
    public async Task Imagine_AppliesALoraTag_ThatSlackSentEscaped()
    {
        // Slack escapes &, < and > in the text it sends (api.slack.com/reference/surfaces/formatting#escaping).
        var result = await ImagineAsync("C-LORA", "red &lt;lora:red-to-blue:1&gt; --size 64x64 --steps 20 --seed 1");

        var file = Assert.Single(Fake.Thread("C-LORA", result.Status.Ts), m => m.Files.Count > 0).Files.Single();
        var png = Fake.FileBytes(file.Id);
        var (r, _, b) = Colours.Mean(png);
        Assert.True(b > r + 100, $"red with red-to-blue:1 should paint blue, got R {r:F0} B {b:F0}");
        Assert.StartsWith("red <lora:red-to-blue:1>\n", PngWithParameters.Read(png), StringComparison.Ordinal);
    }
}
