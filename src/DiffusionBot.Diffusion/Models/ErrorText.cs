namespace DiffusionBot.Diffusion.Models;

/// <summary>ONNX Runtime's messages span several lines; users get the first.</summary>
internal static class ErrorText
{
    public static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
