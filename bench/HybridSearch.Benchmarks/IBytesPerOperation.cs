namespace HybridSearch.Benchmarks;

/// <summary>A benchmark that knows how many input bytes one operation reads (from its parameters).</summary>
internal interface IBytesPerOperation
{
    double BytesPerOperation { get; }
}
