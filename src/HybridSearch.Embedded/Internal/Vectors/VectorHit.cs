namespace HybridSearch.Embedded.Internal.Vectors;

/// <summary>A document found by vector search: where it lives, its best passage and that passage's dot product.</summary>
internal readonly record struct VectorHit(SegmentView View, int Ordinal, int Passage, float Score)
{
    public long Key => View.Segment.FirstKeys[Ordinal];

    public string Id => View.Segment.Ids[Ordinal];
}
