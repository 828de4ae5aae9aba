using HybridSearch.DependencyInjection;
using HybridSearch.Onnx;
using Microsoft.Extensions.Options;

namespace HybridSearch.Onnx.DependencyInjection;

/// <summary>At start-up: the model <c>AddOnnxEncoders</c> will load passes <see cref="OnnxEncoders.Validate"/>.</summary>
internal sealed class OnnxModelValidator(string? explicitModel) : IValidateOptions<HybridSearchOptions>
{
    private const string Setting = HybridSearchOptions.SectionName + ":" + nameof(HybridSearchOptions.Model);

    public ValidateOptionsResult Validate(string? name, HybridSearchOptions options)
    {
        var model = explicitModel ?? options.Model;
        if (string.IsNullOrWhiteSpace(model))
        {
            return ValidateOptionsResult.Fail(
                $"{Setting} is required by AddOnnxEncoders(): a packaged model name ({string.Join(", ", OnnxEncoders.PackagedModels)}) " +
                "or a model folder.");
        }

        return OnnxEncoders.Validate(model) is { } error
            ? ValidateOptionsResult.Fail($"{Setting} {error}.")
            : ValidateOptionsResult.Success;
    }
}
