namespace DiffusionBot.Diffusion.Models;

/// <summary>
/// A model folder that is incomplete or corrupt. The message names the file and what is wrong,
/// in one line a user can act on.
/// </summary>
public sealed class ModelFolderException : Exception
{
    public ModelFolderException(string file, string problem, Exception? inner = null)
        : base($"{file}: {problem}", inner)
    {
        File = file;
        Problem = problem;
    }

    public string File { get; }

    public string Problem { get; }
}
