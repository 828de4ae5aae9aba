using HybridSearch.DependencyInjection;
using HybridSearch.Onnx;
using Microsoft.Extensions.Options;

namespace HybridSearch.Onnx.DependencyInjection;

/// <summary>At start-up: the model <c>AddOnnxEncoders</c> will load is a packaged name or an existing folder.</summary>
internal sealed class OnnxModelValidator(string? explicitModel) : IValidateOptions<HybridSearchOptions>
{
    private const string Setting = HybridSearchOptions.SectionName + ":" + nameof(HybridSearchOptions.Model);

    public ValidateOptionsResult Validate(string? name, HybridSearchOptions options)
    {
        var model = explicitModel ?? options.Model;
        var packaged = string.Join(", ", OnnxEncoders.PackagedModels);
        if (string.IsNullOrWhiteSpace(model))
        {
            return ValidateOptionsResult.Fail(
                $"{Setting} is required by AddOnnxEncoders(): a packaged model name ({packaged}) or a model folder.");
        }

        foreach (var known in OnnxEncoders.PackagedModels)
        {
            if (string.Equals(known, model, StringComparison.OrdinalIgnoreCase))
            {
                return ValidateOptionsResult.Success;
            }
        }

        return Directory.Exists(model)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{Setting} '{model}' is neither a packaged model ({packaged}) nor an existing folder ('{Path.GetFullPath(model)}').");
    }
}
