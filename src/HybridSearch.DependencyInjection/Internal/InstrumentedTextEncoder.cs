using HybridSearch.Diagnostics;
using HybridSearch.Encoders;

namespace HybridSearch.DependencyInjection.Internal;

/// <summary>Reports every model call as the <c>encode</c> stage (span and duration histogram).</summary>
internal sealed class InstrumentedTextEncoder(ITextEncoder innerEncoder) : DelegatingTextEncoder(innerEncoder)
{
    public override async Task EncodeAsync(
        IReadOnlyList<string> texts, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        using var stage = HybridSearchTelemetry.StartStage(HybridSearchTelemetry.EncodeStage);
        stage.Activity?.SetTag("hybridsearch.model", Identity.Model);
        stage.Activity?.SetTag("hybridsearch.texts", texts.Count);
        try
        {
            await InnerEncoder.EncodeAsync(texts, destination, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            stage.Fail(exception);
            throw;
        }
    }
}
