using System.Text.Json;
using HybridSearch.Embedded;
using HybridSearch.Encoders;
using HybridSearch.Ingestion;
using HybridSearch.Testing;
using HybridSearch.Worker.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HybridSearch.Worker.Tests;

public sealed class WorkerHostTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string[] Args(string corpus, params string[] extra) =>
    [
        $"--HybridSearch:Index:Path={_directory.File("index")}",
        $"--HybridSearch:Ingestion:Source:Path={corpus}",
        $"--HybridSearch:Ingestion:StateDirectory={_directory.File("state")}",
        .. extra,
    ];

    // The worker's host with the hash encoder in place of the ONNX model (which is then never loaded): what is tested here
    // is the host's configuration and lifetime, not the model.
    private static HostApplicationBuilder WithHashEncoder(HostApplicationBuilder builder, TimeSpan delayPerDocument = default)
    {
        builder.Services.Replace(ServiceDescriptor.Singleton(DualEncoder.Siamese(new HashEncoder(delayPerText: delayPerDocument))));
        return builder;
    }

    [Fact]
    public async Task The_worker_process_exits_with_code_2_and_one_line_naming_each_invalid_setting()
    {
        var corpus = Corpus.WriteJsonl(_directory.File("c.jsonl"), 1);
        using var worker = WorkerProcess.Worker(Args(corpus, "--HybridSearch:Ingestion:BatchSize=0"));

        var exit = await worker.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.True(exit == 2, $"exit code {exit}:\n{worker.Output}");
        Assert.Contains("hybridsearch-worker: HybridSearch:Ingestion:BatchSize must be between 1 and 4096 (was 0).", worker.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_out_of_range_setting_stops_start_up_with_a_message_naming_it()
    {
        var corpus = Corpus.WriteJsonl(_directory.File("c.jsonl"), 1);
        using var host = WorkerHost.CreateBuilder(Args(corpus, "--HybridSearch:Ingestion:BatchSize=0")).Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("HybridSearch:Ingestion:BatchSize must be between 1 and 4096 (was 0).", error.Failures);
    }

    [Fact]
    public async Task Settings_come_from_environment_variables_with_the_hybridsearch_prefix()
    {
        var corpus = Corpus.WriteJsonl(_directory.File("c.jsonl"), 1);
        Environment.SetEnvironmentVariable("HYBRIDSEARCH_INGESTION__ENCODERPARALLELISM", "99");
        try
        {
            using var host = WorkerHost.CreateBuilder(Args(corpus)).Build();

            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

            Assert.Contains("HybridSearch:Ingestion:EncoderParallelism must be between 1 and 64 (was 99).", error.Failures);
        }
        finally
        {
            Environment.SetEnvironmentVariable("HYBRIDSEARCH_INGESTION__ENCODERPARALLELISM", null);
        }
    }

    [Fact]
    public async Task An_elasticsearch_target_without_an_address_is_reported_by_its_setting()
    {
        var corpus = Corpus.WriteJsonl(_directory.File("c.jsonl"), 1);
        using var host = WorkerHost.CreateBuilder(Args(corpus, "--HybridSearch:Index:Kind=elasticsearch")).Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(error.Failures, f => f.StartsWith("HybridSearch:Elasticsearch:Url is required", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_source_is_reported_by_its_setting()
    {
        using var host = WorkerHost.CreateBuilder(Args(_directory.File("absent.jsonl"))).Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(error.Failures, f => f.StartsWith("HybridSearch:Ingestion:Source:Path", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stopping_the_host_drains_in_flight_documents_and_leaves_a_checkpoint_that_matches_the_index()
    {
        var corpus = Corpus.WriteJsonl(_directory.File("c.jsonl"), 5000);
        using var host = WithHashEncoder(
            WorkerHost.CreateBuilder(Args(corpus, "--HybridSearch:Ingestion:CheckpointInterval=00:00:00.050")),
            delayPerDocument: TimeSpan.FromMilliseconds(2)).Build();
        var options = host.Services.GetRequiredService<IOptions<IngestionOptions>>().Value;
        var checkpointPath = IngestionPipeline.StatePaths(DocumentSources.Jsonl(corpus), options).Checkpoint;

        await host.StartAsync();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!File.Exists(checkpointPath))
        {
            Assert.False(lifetime.ApplicationStopping.IsCancellationRequested, "the worker stopped before its first checkpoint");
            Assert.True(DateTime.UtcNow < deadline, "no checkpoint within 2 minutes");
            await Task.Delay(20);
        }

        await host.StopAsync();

        var checkpoint = JsonDocument.Parse(File.ReadAllBytes(checkpointPath)).RootElement;
        var done = checkpoint.GetProperty("Done").GetInt64();
        Assert.InRange(done, 1, 4999);
        await using var index = await EmbeddedIndex.OpenAsync(_directory.File("index"));
        Assert.Equal(done, (await index.DescribeAsync()).Documents);
    }
}
