using System.Text.RegularExpressions;

namespace DiffusionBot.Diffusion.Lora;

/// <summary>
/// kohya's SDXL LoRAs name UNet modules as Stability's generative-models (SGM) code does
/// (<c>input_blocks_4_1_transformer_blocks_0_attn1_to_q</c>); this maps such a name onto the diffusers module path the
/// ONNX export keeps (<c>down_blocks_1_attentions_0_transformer_blocks_0_attn1_to_q</c>), as diffusers' own conversion
/// does. With two resnets per level, SGM's input block n ≥ 1 is level (n−1)/3, slot (n−1)%3 (slot 2: the downsampler);
/// output block n is level n/3, resnet n%3, with the upsampler after the resnet (and attention, when the level has one).
/// </summary>
internal static partial class SgmUnetNames
{
    private const int SlotsPerLevel = 3;

    /// <summary>The diffusers kohya-style name for an SGM one, or null when <paramref name="name"/> is not SGM-shaped.</summary>
    public static string? ToDiffusers(string name)
    {
        if (InputBlock().Match(name) is { Success: true } input)
        {
            var n = int.Parse(input.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var (part, rest) = (int.Parse(input.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), input.Groups[3].Value);
            if (n == 0)
            {
                return null;
            }

            var (level, slot) = ((n - 1) / SlotsPerLevel, (n - 1) % SlotsPerLevel);
            return slot == 2
                ? rest == "op" ? $"down_blocks_{level}_downsamplers_0_conv" : null
                : part == 0 ? Resnet($"down_blocks_{level}_resnets_{slot}", rest) : $"down_blocks_{level}_attentions_{slot}_{rest}";
        }

        if (MiddleBlock().Match(name) is { Success: true } middle)
        {
            var rest = middle.Groups[2].Value;
            return middle.Groups[1].Value switch
            {
                "0" => Resnet("mid_block_resnets_0", rest),
                "1" => $"mid_block_attentions_0_{rest}",
                "2" => Resnet("mid_block_resnets_1", rest),
                _ => null,
            };
        }

        if (OutputBlock().Match(name) is { Success: true } output)
        {
            var n = int.Parse(output.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var (part, rest) = (int.Parse(output.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), output.Groups[3].Value);
            var (level, resnet) = (n / SlotsPerLevel, n % SlotsPerLevel);
            return part switch
            {
                0 => Resnet($"up_blocks_{level}_resnets_{resnet}", rest),
                _ when rest == "conv" => $"up_blocks_{level}_upsamplers_0_conv",
                1 => $"up_blocks_{level}_attentions_{resnet}_{rest}",
                _ => null,
            };
        }

        return name switch
        {
            "time_embed_0" => "time_embedding_linear_1",
            "time_embed_2" => "time_embedding_linear_2",
            "label_emb_0_0" => "add_embedding_linear_1",
            "label_emb_0_2" => "add_embedding_linear_2",
            "input_blocks_0_0" => "conv_in",
            "out_2" => "conv_out",
            _ => null,
        };
    }

    /// <summary>SGM's ResBlock layers under diffusers' ResnetBlock2D names.</summary>
    private static string? Resnet(string path, string rest) => rest switch
    {
        "in_layers_0" => $"{path}_norm1",
        "in_layers_2" => $"{path}_conv1",
        "emb_layers_1" => $"{path}_time_emb_proj",
        "out_layers_0" => $"{path}_norm2",
        "out_layers_3" => $"{path}_conv2",
        "skip_connection" => $"{path}_conv_shortcut",
        _ => null,
    };

    [GeneratedRegex(@"^input_blocks_(\d+)_(\d+)_(.+)$")]
    private static partial Regex InputBlock();

    [GeneratedRegex(@"^middle_block_(\d+)_(.+)$")]
    private static partial Regex MiddleBlock();

    [GeneratedRegex(@"^output_blocks_(\d+)_(\d+)_(.+)$")]
    private static partial Regex OutputBlock();
}
