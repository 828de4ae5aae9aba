using HybridSearch.Adapters;

namespace HybridSearch.Evaluation.Tests.Adapters;

public sealed class TrainingPairReaderTests : IDisposable
{
    private readonly string _path = Path.GetTempFileName();

    [Fact]
    public async Task Lines_with_and_without_negatives_are_read_and_blank_lines_skipped()
    {
        await File.WriteAllLinesAsync(_path, [
            "{\"query\": \"what cures colds\", \"positive\": \"Rest cures colds.\", \"negatives\": [\"Cats purr.\", \"Dogs bark.\"]}",
            "",
            "{\"query\": \"why is the sky blue\", \"positive\": \"Rayleigh scattering.\"}",
        ]);

        var pairs = await TrainingPairReader.ReadJsonlAsync(_path);

        Assert.Equal(2, pairs.Count);
        Assert.Equal("what cures colds", pairs[0].Query);
        Assert.Equal(["Cats purr.", "Dogs bark."], pairs[0].Negatives);
        Assert.Equal("Rayleigh scattering.", pairs[1].Positive);
        Assert.Empty(pairs[1].Negatives);
    }

    [Theory]
    [InlineData("{\"positive\": \"p\"}", "\"query\"")]
    [InlineData("{\"query\": \"q\", \"positive\": 3}", "\"positive\"")]
    [InlineData("{\"query\": \"q\", \"positive\": \"p\", \"negatives\": \"n\"}", "\"negatives\"")]
    [InlineData("[1, 2]", "not a JSON object")]
    [InlineData("{\"query\": ", "invalid JSON")]
    public async Task A_bad_line_is_reported_with_the_file_and_line_number(string badLine, string problem)
    {
        await File.WriteAllLinesAsync(_path, ["{\"query\": \"q\", \"positive\": \"p\"}", badLine]);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => TrainingPairReader.ReadJsonlAsync(_path));

        Assert.Contains($"{_path}:2:", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => File.Delete(_path);
}
