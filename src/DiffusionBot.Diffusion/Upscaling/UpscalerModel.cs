using DiffusionBot.Diffusion.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DiffusionBot.Diffusion.Upscaling;

/// <summary>
/// An image upscaler exported to ONNX (Real-ESRGAN style: one NCHW float RGB image in [0, 1] in, one larger out). The
/// scale is read from the shapes where both are fixed, else from a probe run. Images larger than a tile are upscaled in
/// overlapping tiles whose seams are blended, so a model sized for small inputs still takes a large image.
/// </summary>
public sealed class UpscalerModel : IDisposable
{
    private const int ProbeSide = 16;

    private readonly InferenceSession _session;
    private readonly string _input;
    private readonly int? _fixedSide;

    private UpscalerModel(string name, InferenceSession session, string input, int scale, int? fixedSide)
    {
        Name = name;
        _session = session;
        _input = input;
        Scale = scale;
        _fixedSide = fixedSide;
    }

    /// <summary>The file name without <c>.onnx</c>, as A1111 names upscalers in its parameters.</summary>
    public string Name { get; }

    /// <summary>How many times larger each side of the output is.</summary>
    public int Scale { get; }

    public static UpscalerModel Open(string path, ISessionFactory sessions)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var session = sessions.Open(path);
        try
        {
            if (session.InputMetadata.Count != 1 || session.OutputMetadata.Count != 1)
            {
                throw new ModelFolderException(path, $"has {session.InputMetadata.Count} inputs and {session.OutputMetadata.Count} outputs; an upscaler takes one image and returns one.");
            }

            var (input, inputMeta) = session.InputMetadata.Single();
            var output = session.OutputMetadata.Single().Value;
            if (inputMeta.ElementDataType != TensorElementType.Float || inputMeta.Dimensions.Length != 4 || inputMeta.Dimensions[1] is not (3 or -1))
            {
                throw new ModelFolderException(path, "must take a float image of shape [batch, 3, height, width].");
            }

            int? fixedSide = inputMeta.Dimensions[2] > 0 ? inputMeta.Dimensions[2] : null;
            if (fixedSide is not null && inputMeta.Dimensions[3] != fixedSide)
            {
                throw new ModelFolderException(path, "takes a fixed input that is not square; export it with dynamic or square height and width.");
            }

            var scale = fixedSide is { } side && output.Dimensions[2] > 0
                ? output.Dimensions[2] / side
                : Probe(session, input);
            if (scale < 2)
            {
                throw new ModelFolderException(path, $"returns an image {scale}× the size it is given; an upscaler must enlarge.");
            }

            return new UpscalerModel(Path.GetFileNameWithoutExtension(path), session, input, scale, fixedSide);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Upscales <paramref name="image"/> by <see cref="Scale"/>, in square tiles of <paramref name="tile"/> input pixels
    /// overlapping by <paramref name="overlap"/> when the image is larger (a fixed-size model always uses its own size).
    /// </summary>
    public Image<Rgb24> Upscale(Image<Rgb24> image, int tile, int overlap, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var side = _fixedSide ?? tile;
        var tileWidth = _fixedSide ?? Math.Min(side, image.Width);
        var tileHeight = _fixedSide ?? Math.Min(side, image.Height);
        var canvas = new TileCanvas(image.Width * Scale, image.Height * Scale, overlap * Scale, Scale);
        foreach (var y in TileCanvas.Starts(image.Height, tileHeight, overlap))
        {
            foreach (var x in TileCanvas.Starts(image.Width, tileWidth, overlap))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var input = Crop(image, x, y, tileWidth, tileHeight);
                using var results = _session.Run([NamedOnnxValue.CreateFromTensor(_input, input)]);
                var output = results[0].AsTensor<float>();
                canvas.Add(output, x * Scale, y * Scale, Math.Min(tileWidth, image.Width - x) * Scale, Math.Min(tileHeight, image.Height - y) * Scale);
            }
        }

        return canvas.ToImage();
    }

    /// <summary>The tile at (<paramref name="left"/>, <paramref name="top"/>) as [1, 3, h, w] in [0, 1]; past the image's edge its border pixels repeat.</summary>
    private static DenseTensor<float> Crop(Image<Rgb24> image, int left, int top, int width, int height)
    {
        var data = new float[3 * width * height];
        var plane = width * height;
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < height; y++)
            {
                var row = rows.GetRowSpan(Math.Min(top + y, image.Height - 1));
                for (var x = 0; x < width; x++)
                {
                    var p = row[Math.Min(left + x, image.Width - 1)];
                    var i = (y * width) + x;
                    data[i] = p.R / 255f;
                    data[plane + i] = p.G / 255f;
                    data[(2 * plane) + i] = p.B / 255f;
                }
            }
        });
        return new DenseTensor<float>(data, [1, 3, height, width]);
    }

    private static int Probe(InferenceSession session, string input)
    {
        var probe = new DenseTensor<float>([1, 3, ProbeSide, ProbeSide]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(input, probe)]);
        var dims = results[0].AsTensor<float>().Dimensions;
        return dims.Length == 4 && dims[2] == dims[3] ? dims[2] / ProbeSide : 0;
    }

    public void Dispose() => _session.Dispose();
}
