namespace HybridSearch.Embedded.Internal.Storage;

/// <summary>A saved USearch graph and the settings it was built with.</summary>
internal sealed record ManifestGraph(string File, int Connectivity, int ExpansionAdd);
