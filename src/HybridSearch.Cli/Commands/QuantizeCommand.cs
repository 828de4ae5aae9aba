using System.CommandLine;
using System.Diagnostics;
using HybridSearch.Onnx;

namespace HybridSearch.Cli.Commands;

/// <summary>
/// <c>quantize --model minilm|arctic-xs|DIR --output DIR [--reduce-range] [--name N]</c>: dynamic int8 quantisation into
/// a new model folder (see <see cref="OnnxQuantization"/>).
/// </summary>
internal static class QuantizeCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "float32 packaged model (minilm, arctic-xs) or model folder", Required = true };
        var output = new Option<string>("--output") { Description = "new model folder (model.onnx, vocab.txt, hybridsearch-model.json)", Required = true };
        var reduceRange = new Option<bool>("--reduce-range")
        {
            Description = "7-bit weights, for AVX2 machines without VNNI whose integer kernel can saturate with 8-bit ones",
        };
        var floatContractions = new Option<bool>("--float-contractions")
        {
            Description = "keep MatMuls that narrow their input (feed-forward down-projections) float32: closer to float32, slower",
        };
        var name = new Option<string?>("--name") { Description = "name of the new model (default: the source's name + \"-int8\")" };
        var command = new Command("quantize", "Dynamic int8 quantisation of an encoder (per-channel int8 weights, activations at run time)");
        foreach (var option in new Option[] { model, output, reduceRange, floatContractions, name })
        {
            command.Options.Add(option);
        }

        command.SetAction(result =>
        {
            var source = result.GetValue(model)!;
            if (OnnxEncoders.Validate(source) is { } error)
            {
                throw new CliException($"--model {error}");
            }

            var watch = Stopwatch.StartNew();
            OnnxQuantizationResult written;
            try
            {
                written = OnnxQuantization.Quantize(
                    source, result.GetValue(output)!, new OnnxQuantizationOptions
                    {
                        ReduceRange = result.GetValue(reduceRange),
                        FloatContractions = result.GetValue(floatContractions),
                        Name = result.GetValue(name),
                    });
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException)
            {
                throw new CliException($"quantize --model '{source}': {e.Message}");
            }

            var quantization = written.Configuration.Quantization!;
            Console.WriteLine(
                $"{written.Folder}: model '{written.Configuration.Name}' (sha256 {written.ModelSha256}), {written.QuantizedMatMuls} MatMuls to int8" +
                $"{(quantization.ReduceRange ? " (7-bit weights)" : "")}{(quantization.FloatContractions ? " (down-projections float32)" : "")}, {written.SourceBytes / 1e6:F1} MB -> {written.ModelBytes / 1e6:F1} MB, " +
                $"from '{quantization.SourceModel}' (sha256 {quantization.SourceSha256}) in {watch.Elapsed.TotalSeconds:F1} s");
            return 0;
        });
        return command;
    }
}
