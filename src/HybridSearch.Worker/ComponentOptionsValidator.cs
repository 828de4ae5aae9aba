using HybridSearch.Onnx;
using Microsoft.Extensions.Options;

namespace HybridSearch.Worker;

/// <summary>Checks at start-up that the configured encoder and index exist, naming the setting at fault.</summary>
internal sealed class ComponentOptionsValidator : IValidateOptions<EncoderOptions>, IValidateOptions<IndexOptions>
{
    public ValidateOptionsResult Validate(string? name, EncoderOptions options)
    {
        const string S = EncoderOptions.SectionName;
        if (options.IntraOpThreads < 0)
        {
            return ValidateOptionsResult.Fail($"{S}:IntraOpThreads must not be negative (was {options.IntraOpThreads}).");
        }

        return OnnxEncoders.Validate(options.Model) is { } error
            ? ValidateOptionsResult.Fail($"{S}:Model {error}.")
            : ValidateOptionsResult.Success;
    }

    public ValidateOptionsResult Validate(string? name, IndexOptions options)
    {
        const string S = IndexOptions.SectionName;
        if (WorkerIndex.IsElasticsearch(options.Kind))
        {
            return ValidateOptionsResult.Success;
        }

        if (!WorkerIndex.IsEmbedded(options.Kind))
        {
            return ValidateOptionsResult.Fail(
                $"{S}:Kind '{options.Kind}' is unknown: use '{WorkerIndex.Embedded}' or '{WorkerIndex.Elasticsearch}'.");
        }

        return string.IsNullOrWhiteSpace(options.Path)
            ? ValidateOptionsResult.Fail($"{S}:Path must name the index folder.")
            : ValidateOptionsResult.Success;
    }
}
