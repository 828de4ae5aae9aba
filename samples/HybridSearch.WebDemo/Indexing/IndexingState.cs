namespace HybridSearch.WebDemo.Indexing;

/// <summary>Where start-up indexing is.</summary>
internal enum IndexingState
{
    Pending,
    Running,
    Completed,
    Failed,
}
