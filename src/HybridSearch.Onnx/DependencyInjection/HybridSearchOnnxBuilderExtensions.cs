using HybridSearch.DependencyInjection;
using HybridSearch.Onnx.DependencyInjection;
using HybridSearch.Encoders;
using HybridSearch.Onnx;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>ONNX encoders for <see cref="IHybridSearchBuilder"/>.</summary>
public static class HybridSearchOnnxBuilderExtensions
{
    /// <summary>Configuration section of the ONNX run settings (<see cref="OnnxEncoderOptions"/>).</summary>
    public const string OnnxSectionName = HybridSearchOptions.SectionName + ":Onnx";

    /// <summary>
    /// Encodes queries and documents with one ONNX model and its own query and document prefixes: <paramref name="model"/>,
    /// else the setting <c>HybridSearch:Model</c> (a packaged name such as <c>minilm</c> or <c>arctic-xs</c>, or a model
    /// folder). Run settings bind from <c>HybridSearch:Onnx</c> (<c>BatchSize</c>, <c>IntraOpThreads</c>,
    /// <c>ModelCacheDirectory</c>, <c>QueryBatchWindow</c>, <c>MaxQueryBatch</c>), then <paramref name="configure"/>. The model is checked at start-up and loaded once.
    /// </summary>
    public static IHybridSearchBuilder AddOnnxEncoders(
        this IHybridSearchBuilder builder, string? model = null, Action<OnnxEncoderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var onnx = builder.Services.AddOptions<OnnxEncoderOptions>()
            .Configure<IServiceProvider>(static (options, services) => services.GetService<IConfiguration>()?.GetSection(OnnxSectionName).Bind(options));
        if (configure is not null)
        {
            onnx.Configure(configure);
        }

        builder.Services.AddSingleton<IValidateOptions<HybridSearchOptions>>(new OnnxModelValidator(model));
        return builder
            .AddEncoder(services => OnnxEncoders.Load(
                model ?? services.GetRequiredService<IOptions<HybridSearchOptions>>().Value.Model!,
                services.GetRequiredService<IOptions<OnnxEncoderOptions>>().Value))
            .AddDualEncoder(static services =>
            {
                var dual = OnnxDualEncoders.Create(services.GetRequiredService<ITextEncoder>());
                var options = services.GetRequiredService<IOptions<OnnxEncoderOptions>>().Value;
                return options.QueryBatchWindow > TimeSpan.Zero
                    ? DualEncoder.Asymmetric(
                        new CoalescingTextEncoder(dual.QueryEncoder, options.QueryBatchWindow, options.MaxQueryBatch), dual.DocumentEncoder)
                    : dual;
            });
    }
}
