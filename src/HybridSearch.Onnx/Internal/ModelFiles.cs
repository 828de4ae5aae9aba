namespace HybridSearch.Onnx.Internal;

/// <summary>A model ready to load: verified files on disk, their configuration and the weights' SHA-256.</summary>
internal sealed record ModelFiles(string ModelPath, string VocabularyPath, OnnxModelConfiguration Configuration, string ModelSha256);
