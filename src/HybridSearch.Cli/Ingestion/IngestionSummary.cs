namespace HybridSearch.Cli.Ingestion;

/// <summary>Counts of one ingestion run.</summary>
internal sealed class IngestionSummary
{
    public int Read { get; set; }

    public int Indexed { get; set; }

    public int Unchanged { get; set; }

    public int Passages { get; set; }
}
