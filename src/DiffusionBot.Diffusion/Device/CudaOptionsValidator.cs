using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Diffusion.Device;

/// <summary>Checks <c>Diffusion:Cuda</c> (nested, so data annotations on <see cref="EngineOptions"/> do not reach it), collecting every error.</summary>
public sealed class CudaOptionsValidator : IValidateOptions<EngineOptions>
{
    public ValidateOptionsResult Validate(string? name, EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options.Cuda, new ValidationContext(options.Cuda), results, validateAllProperties: true))
        {
            foreach (var result in results)
            {
                builder.AddError($"Diffusion:Cuda: {result.ErrorMessage}");
            }
        }

        if (options.Cuda.EnableCudaGraph && options.Device == "cpu")
        {
            builder.AddError("Diffusion:Cuda:EnableCudaGraph needs Diffusion:Device cuda or auto; the CPU provider has no CUDA graphs.");
        }

        return builder.Build();
    }
}
