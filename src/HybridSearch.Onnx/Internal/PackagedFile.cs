namespace HybridSearch.Onnx.Internal;

/// <summary>One file inside a packaged model: its manifest-resource name suffix and the size and hash it must have.</summary>
internal sealed record PackagedFile(string FileName, string ResourceSuffix, long Length, string Sha256);
