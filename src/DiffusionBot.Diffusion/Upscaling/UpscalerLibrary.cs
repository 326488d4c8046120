using DiffusionBot.Diffusion.Models;

namespace DiffusionBot.Diffusion.Upscaling;

/// <summary>
/// The configured ONNX upscaler from <see cref="EngineOptions.UpscalersPath"/>, opened on first use and kept; null when
/// the folder has none or <see cref="EngineOptions.Upscaler"/> is <c>sd</c>, so Upscale 2× falls back to SD upscale.
/// </summary>
public sealed class UpscalerLibrary(EngineOptions options, ISessionFactory sessions) : IDisposable
{
    public const string SdUpscaleOnly = "sd";

    private readonly Lock _gate = new();
    private UpscalerModel? _model;
    private bool _looked;

    /// <summary>The upscaler's file, or null when Upscale 2× runs SD upscale.</summary>
    public string? File
    {
        get
        {
            if (options.Upscaler == SdUpscaleOnly || !Directory.Exists(options.UpscalersPath))
            {
                return null;
            }

            if (options.Upscaler.Length > 0)
            {
                var named = Path.Combine(options.UpscalersPath, options.Upscaler + ".onnx");
                return System.IO.File.Exists(named) && Path.GetFileName(named) == options.Upscaler + ".onnx"
                    ? named
                    : throw new ModelFolderException(named, "is not there; Diffusion:Upscaler names a file in Diffusion:UpscalersPath without '.onnx'.");
            }

            return Directory.GetFiles(options.UpscalersPath, "*.onnx").Order(StringComparer.Ordinal).FirstOrDefault();
        }
    }

    /// <summary>The opened upscaler, or null for SD upscale.</summary>
    public UpscalerModel? Current()
    {
        lock (_gate)
        {
            if (!_looked)
            {
                _model = File is { } file ? UpscalerModel.Open(file, sessions) : null;
                _looked = true;
            }

            return _model;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _model?.Dispose();
        }
    }
}
