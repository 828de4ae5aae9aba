using HybridSearch.Search;
using HybridSearch.Ingestion;

namespace HybridSearch.Cli.Ingestion;

/// <summary>What an <c>ingest</c> run did, and what the index holds afterwards.</summary>
/// <param name="Summary">The pipeline's own summary (counts, checkpoint and dead-letter paths).</param>
/// <param name="Index">Counts and encoder of the index after the run.</param>
/// <param name="Label">How messages name the index.</param>
internal sealed record IngestOutcome(IngestionSummary Summary, IndexDescription Index, string Label);
