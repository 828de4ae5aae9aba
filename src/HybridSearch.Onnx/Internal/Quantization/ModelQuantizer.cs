using Google.Protobuf;
using Onnx;

namespace HybridSearch.Onnx.Internal.Quantization;

/// <summary>Reads an ONNX file, rewrites its constant MatMuls to dynamic int8 and writes the result atomically.</summary>
internal static class ModelQuantizer
{
    /// <summary>Bumped whenever the bytes this class writes for the same input change; cached quantisations key on it.</summary>
    public const int Version = 2;

    // DynamicQuantizeLinear exists from opset 11; MatMulInteger from 10.
    private const long MinimumOpset = 11;

    public static int Quantize(ModelFiles source, string destinationPath, bool reduceRange, bool floatContractions)
    {
        var sourcePath = source.ModelPath;
        var sourceSha256 = source.ModelSha256;
        ModelProto model;
        try
        {
            using var stream = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
            model = ModelProto.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"'{sourcePath}' is not an ONNX model: {e.Message}", e);
        }

        if (model.Graph is null)
        {
            throw new InvalidDataException($"'{sourcePath}' is not an ONNX model: it has no graph.");
        }

        var opset = 0L;
        foreach (var import in model.OpsetImport)
        {
            if (import.Domain.Length == 0 || import.Domain == "ai.onnx")
            {
                opset = import.Version;
            }
        }

        if (opset < MinimumOpset)
        {
            throw new InvalidDataException(
                $"'{sourcePath}' uses ONNX opset {opset}; dynamic int8 quantisation needs opset {MinimumOpset} or later (DynamicQuantizeLinear). " +
                "Export the model again with a newer opset.");
        }

        var activations = DynamicMatMulRewriter.QuantizableActivations(model.Graph, floatContractions);
        var maxima = activations.Count == 0 ? null : ActivationCalibrator.Measure(model, activations, source);
        var count = DynamicMatMulRewriter.Rewrite(model.Graph, reduceRange ? 64 : 127, floatContractions, sourcePath, maxima);
        if (count == 0)
        {
            throw new InvalidDataException($"'{sourcePath}' has no MatMul with a constant float weight matrix: nothing to quantise.");
        }

        model.MetadataProps.Add(new StringStringEntryProto { Key = "hybridsearch.quantization", Value = OnnxModelQuantization.DynamicInt8 });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "hybridsearch.source_sha256", Value = sourceSha256 });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "hybridsearch.reduce_range", Value = reduceRange ? "true" : "false" });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "hybridsearch.float_contractions", Value = floatContractions ? "true" : "false" });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "hybridsearch.smoothing", Value = "smoothquant-0.5-pow2" });

        var folder = Path.GetDirectoryName(Path.GetFullPath(destinationPath))!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(destinationPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var target = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                model.WriteTo(target);
                target.Flush(flushToDisk: true);
            }

            File.Move(temporary, destinationPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return count;
    }
}
