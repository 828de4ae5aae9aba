using HybridSearch.Worker.Testing;
using Microsoft.Extensions.Options;

namespace HybridSearch.Worker;

/// <summary>Checks at start-up that the configured encoder and index exist in this build, naming the setting at fault.</summary>
internal sealed class ComponentOptionsValidator : IValidateOptions<EncoderOptions>, IValidateOptions<IndexOptions>
{
    public ValidateOptionsResult Validate(string? name, EncoderOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Model))
        {
            return ValidateOptionsResult.Fail($"{EncoderOptions.SectionName}:Model must name a model (minilm, arctic-xs or a folder).");
        }

        if (options.FakeDelayPerDocument < TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail($"{EncoderOptions.SectionName}:FakeDelayPerDocument must not be negative.");
        }

        return options.Model == FakeHashEncoder.ModelName
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(EncoderUnavailable(options.Model));
    }

    public ValidateOptionsResult Validate(string? name, IndexOptions options)
    {
        if (options.Kind is "embedded" or "fake-files" && string.IsNullOrWhiteSpace(options.Path))
        {
            return ValidateOptionsResult.Fail($"{IndexOptions.SectionName}:Path must name the index folder.");
        }

        return options.Kind == "fake-files" ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(IndexUnavailable(options.Kind));
    }

    public static string EncoderUnavailable(string model) =>
        $"{EncoderOptions.SectionName}:Model '{model}' cannot be loaded: this build of the worker has no ONNX encoder yet " +
        $"(only the '{FakeHashEncoder.ModelName}' test aid).";

    public static string IndexUnavailable(string kind) =>
        $"{IndexOptions.SectionName}:Kind '{kind}' is not available in this build of the worker (only the 'fake-files' test aid).";
}
