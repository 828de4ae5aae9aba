using Google.Protobuf;
using HybridSearch.Onnx.Internal.Quantization;
using Onnx;

namespace HybridSearch.Onnx.Tests.Quantization;

public sealed class DynamicMatMulRewriterTests
{
    [Fact]
    public void A_weight_read_through_differently_smoothed_activations_gets_one_quantised_copy_per_activation()
    {
        // Y1 = X1 · W and Y2 = X2 · W with W [2, 3] (a widening MatMul, so both activations are smoothed). X1's first
        // channel and X2's second one are large, so their smoothing factors differ and so must W's scaled rows.
        var graph = new GraphProto { Name = "shared" };
        var weight = new TensorProto { Name = "W", DataType = (int)TensorProto.Types.DataType.Float };
        weight.Dims.AddRange([2, 3]);
        weight.FloatData.AddRange([0.5f, -0.25f, 0.125f, 1f, 0.75f, -0.5f]);
        graph.Initializer.Add(weight);
        foreach (var (input, output) in new[] { ("X1", "Y1"), ("X2", "Y2") })
        {
            graph.Input.Add(new ValueInfoProto { Name = input });
            graph.Output.Add(new ValueInfoProto { Name = output });
            graph.Node.Add(new NodeProto { OpType = "MatMul", Name = "MatMul_" + output, Input = { input, "W" }, Output = { output } });
        }

        var maxima = new Dictionary<string, float[]> { ["X1"] = [64f, 1f], ["X2"] = [1f, 64f] };

        var count = DynamicMatMulRewriter.Rewrite(graph, 127, floatContractions: false, "shared.onnx", maxima);

        Assert.Equal(2, count);
        var integerInputs = graph.Node.Where(n => n.OpType == "MatMulInteger").Select(n => n.Input[1]).ToList();
        Assert.Equal(["W_quantized", "W_for_X2_quantized"], integerInputs);
        var first = graph.Initializer.Single(i => i.Name == "W_quantized").RawData;
        var second = graph.Initializer.Single(i => i.Name == "W_for_X2_quantized").RawData;
        Assert.NotEqual(first.ToByteArray(), second.ToByteArray());
        Assert.DoesNotContain(graph.Initializer, i => i.Name == "W");
    }
}
