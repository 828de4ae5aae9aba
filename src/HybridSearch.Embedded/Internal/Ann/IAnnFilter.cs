namespace HybridSearch.Embedded.Internal.Ann;

/// <summary>Decides, during graph traversal, whether a row may be returned. Must not throw: it runs inside native code.</summary>
internal interface IAnnFilter
{
    bool Accept(long key);
}
