using HybridSearch.Adapters;
using HybridSearch.Encoders;

namespace HybridSearch.Core.Tests.Adapters;

public sealed class QueryAdapterFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("adapter-file-tests").FullName;

    [Theory]
    [InlineData(QueryAdapterKind.Full, 0)]
    [InlineData(QueryAdapterKind.LowRank, 3)]
    public async Task Saving_and_loading_round_trips_bit_exactly(QueryAdapterKind kind, int rank)
    {
        var adapter = AdapterTestData.RandomAdapter(kind, 12, rank, seed: 1);
        var path = Path.Combine(_directory, "a.adapter");

        await QueryAdapterFile.SaveAsync(adapter, path);
        var loaded = await QueryAdapterFile.LoadAsync(path, AdapterTestData.Identity(12));

        Assert.Equal(
            adapter.Parameters.ToArray().Select(BitConverter.SingleToInt32Bits),
            loaded.Parameters.ToArray().Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(adapter.Kind, loaded.Kind);
        Assert.Equal(adapter.Rank, loaded.Rank);
        Assert.Equal(adapter.DocumentEncoder, loaded.DocumentEncoder);
        Assert.Equal(adapter.ContentSha256, loaded.ContentSha256);
        Assert.Equal(path, loaded.Source);
        Assert.Equal(adapter.Training!.BestEpoch, loaded.Training!.BestEpoch);
        Assert.Equal(adapter.Training.Epochs, loaded.Training.Epochs);
        Assert.Equal(adapter.Training.Settings.Seed, loaded.Training.Settings.Seed);
        Assert.Equal(await File.ReadAllBytesAsync(path), QueryAdapterFile.Serialize(loaded));
    }

    [Fact]
    public void The_file_starts_with_its_magic_and_version_and_records_the_encoder_in_its_json_header()
    {
        var bytes = QueryAdapterFile.Serialize(AdapterTestData.RandomAdapter(QueryAdapterKind.Full, 4, 0, seed: 2));
        var text = System.Text.Encoding.UTF8.GetString(bytes);

        Assert.Equal("HSQADAPT"u8.ToArray(), bytes[..8]);
        Assert.Equal(new byte[] { 1, 0, 0, 0 }, bytes[8..12]);
        Assert.Contains("\"documentEncoder\":{\"model\":\"fake-model\",\"sha256\":\"aa11\",\"dimensions\":4}", text, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"Full\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loading_for_another_encoder_fails_naming_the_file_and_both_encoders()
    {
        var path = Path.Combine(_directory, "minilm.adapter");
        await QueryAdapterFile.SaveAsync(AdapterTestData.RandomAdapter(QueryAdapterKind.Full, 6, 0, seed: 3), path);
        var other = new EncoderIdentity("arctic-xs", "bb22", 6);

        var error = await Assert.ThrowsAsync<IncompatibleAdapterException>(() => QueryAdapterFile.LoadAsync(path, other));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("arctic-xs", error.Message, StringComparison.Ordinal);
        Assert.Contains("fake-model", error.Message, StringComparison.Ordinal);
        Assert.Equal(other, error.Expected);
        Assert.Equal(AdapterTestData.Identity(6), error.Found);
    }

    [Fact]
    public async Task Every_truncation_is_reported_naming_the_file()
    {
        var bytes = QueryAdapterFile.Serialize(AdapterTestData.RandomAdapter(QueryAdapterKind.LowRank, 5, 2, seed: 4));
        var path = Path.Combine(_directory, "cut.adapter");
        for (var length = 0; length < bytes.Length; length++)
        {
            await File.WriteAllBytesAsync(path, bytes[..length]);

            var error = await Assert.ThrowsAsync<QueryAdapterFormatException>(() => QueryAdapterFile.LoadAsync(path));

            Assert.Equal(path, error.Path);
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Any_flipped_byte_is_detected()
    {
        var bytes = QueryAdapterFile.Serialize(AdapterTestData.RandomAdapter(QueryAdapterKind.Full, 3, 0, seed: 5));
        var path = Path.Combine(_directory, "flipped.adapter");
        for (var at = 0; at < bytes.Length; at++)
        {
            var corrupt = (byte[])bytes.Clone();
            corrupt[at] ^= 0x10;
            await File.WriteAllBytesAsync(path, corrupt);

            await Assert.ThrowsAsync<QueryAdapterFormatException>(() => QueryAdapterFile.LoadAsync(path));
        }
    }

    [Fact]
    public void A_newer_format_version_is_refused_with_its_number()
    {
        var bytes = QueryAdapterFile.Serialize(AdapterTestData.RandomAdapter(QueryAdapterKind.Full, 3, 0, seed: 6));
        bytes[8] = 2;

        var error = Assert.Throws<QueryAdapterFormatException>(() => QueryAdapterFile.Deserialize(bytes, "x.adapter"));

        Assert.Contains("version 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_kind_of_file_is_refused()
    {
        var error = Assert.Throws<QueryAdapterFormatException>(
            () => QueryAdapterFile.Deserialize("{\"not\":\"an adapter\"}"u8, "vectors.json"));

        Assert.Contains("vectors.json", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
