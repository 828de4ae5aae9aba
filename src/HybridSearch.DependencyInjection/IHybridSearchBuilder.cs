namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Returned by <see cref="HybridSearchServiceCollectionExtensions.AddHybridSearch(IServiceCollection)"/>: add an encoder and
/// one backend to it (<c>AddOnnxEncoders</c>, <c>AddEmbeddedIndex</c> or <c>AddElasticsearch</c>).
/// </summary>
public interface IHybridSearchBuilder
{
    /// <summary>The services being configured.</summary>
    IServiceCollection Services { get; }
}
