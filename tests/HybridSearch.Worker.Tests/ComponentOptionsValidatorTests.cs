using HybridSearch.Worker;

namespace HybridSearch.Worker.Tests;

public sealed class ComponentOptionsValidatorTests
{
    [Theory]
    [InlineData("minilm")]
    [InlineData("MiniLM")]
    public void A_packaged_model_passes_in_any_case(string model)
    {
        var result = new ComponentOptionsValidator().Validate(null, new EncoderOptions { Model = model });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void An_unknown_model_is_refused_naming_the_setting_with_the_onnx_reason()
    {
        var result = new ComponentOptionsValidator().Validate(null, new EncoderOptions { Model = "no-such-model" });

        Assert.Equal($"HybridSearch:Encoder:Model {HybridSearch.Onnx.OnnxEncoders.Validate("no-such-model")}.", result.FailureMessage);
    }
}
