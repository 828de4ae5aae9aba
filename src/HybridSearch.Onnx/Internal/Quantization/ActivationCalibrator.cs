using System.Reflection;
using HybridSearch.Onnx.Internal.Tokenization;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace HybridSearch.Onnx.Internal.Quantization;

/// <summary>
/// Runs the float32 model over calibration texts and records, for each named activation, the largest magnitude of each
/// of its channels (last dimension). Texts run one at a time, so no padding token ever counts. The texts ship inside
/// this assembly (<c>calibration-texts.txt</c>: general prose, questions, lists, numbers, code, other scripts, chosen
/// independently of every evaluation set), so a packaged int8 model is made the same way on every machine.
/// </summary>
internal static class ActivationCalibrator
{
    private const string ResourceSuffix = "calibration-texts.txt";

    public static Dictionary<string, float[]> Measure(ModelProto model, IReadOnlyCollection<string> activations, ModelFiles source)
    {
        var probe = model.Clone();
        foreach (var name in activations)
        {
            probe.Graph.Output.Add(new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
            });
        }

        var configuration = source.Configuration;
        var tokenizer = BertTextTokenizer.Create(source.VocabularyPath, configuration.LowerCase, configuration.MaxTokens);
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL, IntraOpNumThreads = 1 };
        using var session = new InferenceSession(Google.Protobuf.MessageExtensions.ToByteArray(probe), options);
        var names = activations.ToArray();
        var largest = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var text in Texts())
        {
            foreach (var prefix in new[] { configuration.DocumentPrefix, configuration.QueryPrefix }.Distinct())
            {
                var ids = tokenizer.EncodeSequence(prefix + text);
                using var results = session.Run(Inputs(session, ids), names);
                foreach (var result in results)
                {
                    Accumulate(largest, result.Name, result.AsTensor<float>());
                }
            }
        }

        return largest;
    }

    /// <summary>The shipped calibration texts, one per line.</summary>
    public static IReadOnlyList<string> Texts()
    {
        var assembly = typeof(ActivationCalibrator).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith(ResourceSuffix, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        var texts = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            // "\n" in a line stands for a line break, so texts with several lines fit one line each.
            texts.Add(line.Replace("\\n", "\n", StringComparison.Ordinal));
        }

        return texts;
    }

    private static List<NamedOnnxValue> Inputs(InferenceSession session, int[] ids)
    {
        var inputs = new List<NamedOnnxValue>();
        foreach (var name in session.InputNames)
        {
            var tensor = new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<long>([1, ids.Length]);
            for (var i = 0; i < ids.Length; i++)
            {
                tensor[0, i] = name switch
                {
                    "input_ids" => ids[i],
                    "attention_mask" => 1,
                    _ => 0,
                };
            }

            inputs.Add(NamedOnnxValue.CreateFromTensor(name, tensor));
        }

        return inputs;
    }

    private static void Accumulate(Dictionary<string, float[]> largest, string name, Microsoft.ML.OnnxRuntime.Tensors.Tensor<float> tensor)
    {
        var channels = tensor.Dimensions[^1];
        if (!largest.TryGetValue(name, out var maxima))
        {
            maxima = new float[channels];
            largest[name] = maxima;
        }

        var values = ((Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>)tensor).Buffer.Span;
        for (var row = 0; row + channels <= values.Length; row += channels)
        {
            System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(maxima, values.Slice(row, channels), maxima);
        }

        System.Numerics.Tensors.TensorPrimitives.Abs(maxima, maxima);
    }
}
